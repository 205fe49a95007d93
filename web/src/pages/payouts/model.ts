import type { EarningItem } from '../earnings/model.ts';

// The server's vocabularies, kept here so the portal does not bundle the query code.
export const paymentStatuses = ['upcoming', 'in_progress', 'sent', 'rejected', 'reversed'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number] | 'discarded';
export const disputeStatuses = ['open', 'answered', 'closed'] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];
export type HoldReason = 'enrollment' | 'tax_profile' | 'payment_profile' | 'partner_hold' | 'payment_returned' | 'negative_balance' | 'below_threshold';

export interface Money {
  currency: string;
  amount: string;
}

export interface PaymentItem {
  id: string;
  /** `YYYY-MM`. */
  cycle: string;
  status: PaymentStatus;
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  payoutCurrency: string;
  gross: string;
  withholding: string;
  net: string;
  sentOn: string | null;
  dispute: 'open' | 'answered' | null;
  statusChangedAt: string;
  createdAt: string;
}

export interface PaymentPage {
  payments: PaymentItem[];
  total: number;
  offset: number;
  limit: number;
}

export interface Dispute {
  id: string;
  paymentId: string;
  status: DisputeStatus;
  message: string;
  openedBy: string;
  openedAt: string;
  answer: string | null;
  answeredBy?: string | null;
  answeredAt: string | null;
  closedBy: string | null;
  closedAt: string | null;
}

export interface PaymentDetail extends PaymentItem {
  usd: string;
  withholdingRate: string;
  fxMonth: string;
  paymentProfile: { name: string; accountLast4: string } | null;
  statusReason: string | null;
  returnedOn: string | null;
  conversions: { currency: string; sum: string; unitsPerUsd: string; payoutUnitsPerUsd: string; converted: string }[];
  earnings: number;
  timeline: { status: PaymentStatus; at: string; note: string | null }[];
  disputes: Dispute[];
  disputeWindow: { open: boolean; until: string | null; refusal: 'not_sent' | 'expired' | 'active_dispute' | null };
}

export interface PaymentEarnings {
  earnings: EarningItem[];
  total: number;
  offset: number;
  limit: number;
}

export interface HoldReasonView {
  code: HoldReason;
  detail: string | null;
  action: 'openEnrollment' | 'openTaxProfile' | 'choosePaymentProfile' | 'openPaymentProfiles' | 'clearHold' | 'confirmBankDetails' | 'seeEarnings';
  link: string;
  month?: string | null;
}

export interface PairStatus {
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  payable: { earnings: number; amounts: Money[]; usd: string | null; thresholdUsd: string; progress: number; fxEstimated: boolean };
  pending: { earnings: number; amounts: Money[]; firstPayableMonth: string | null };
  reasons: HoldReasonView[];
  lastRun: {
    cycle: string;
    payment: { id: string; status: PaymentStatus; net: string; currency: string } | null;
    hold: { reasons: HoldReason[]; usd: string; thresholdUsd: string } | null;
  } | null;
  nextPayment: { rule: 'next_run' | 'after_hold' | 'when_threshold_reached' | 'blocked' | 'nothing_due' | 'unknown'; month: string | null };
}

export interface PayoutStatus {
  cycle: string;
  checkedOn: string;
  latestRun: { cycle: string; status: string } | null;
  pairs: PairStatus[];
}

export interface OperatorDispute extends Dispute {
  partner: { partnerId: string; legalName: string };
  payment: {
    id: string;
    cycle: string;
    status: PaymentStatus;
    location: { locationId: string; name: string };
    program: { code: string; name: string };
    payoutCurrency: string;
    gross: string;
    withholding: string;
    net: string;
    sentOn: string | null;
  };
}

export interface DisputePage {
  disputes: OperatorDispute[];
  total: number;
  offset: number;
  limit: number;
}
