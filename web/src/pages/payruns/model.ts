import type { Money } from '../earnings/model.ts';

export const runStatuses = ['upcoming', 'approved', 'discarded'] as const;
export type RunStatus = (typeof runStatuses)[number];
export const paymentStatuses = ['upcoming', 'in_progress', 'sent', 'rejected', 'reversed', 'discarded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
/** In the order earnings.md §4 step 4 checks them. */
export const holdReasons = ['enrollment', 'tax_profile', 'payment_profile', 'partner_hold', 'payment_returned', 'negative_balance', 'below_threshold'] as const;
export type HoldReason = (typeof holdReasons)[number];
export type RunSort = 'location' | 'partner' | 'usd';

export interface RunTotal {
  currency: string;
  payments: number;
  gross: string;
  withholding: string;
  net: string;
}

export interface PaymentRun {
  id: string;
  cycle: string;
  status: RunStatus;
  runDate: string;
  payments: number;
  holds: number;
  totals: RunTotal[];
  createdBy: string;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  discardedBy: string | null;
  discardedAt: string | null;
}

export interface PaymentRunDetail extends PaymentRun {
  statusCounts: Record<PaymentStatus, number>;
  canApprove: boolean;
  approvalBlockedBy: 'own_run' | 'permission' | null;
  payoutFiles: { sepa: number; csv: number };
}

interface Refs {
  partner: { partnerId: string; legalName: string };
  location: { locationId: string; name: string };
  program: { code: string; name: string };
}

export interface RunPayment extends Refs {
  id: string;
  payoutCurrency: string;
  usd: string;
  gross: string;
  withholdingRate: string;
  withholding: string;
  net: string;
  status: PaymentStatus;
  statusReason: string | null;
  sentOn: string | null;
  returnedOn: string | null;
  account: { name: string; bankCountry: string; masked: string };
  sepa: boolean;
}

export interface RunHold extends Refs {
  reasons: HoldReason[];
  usd: string;
  thresholdUsd: string;
  earnings: number;
}

/** What a run pays, as amounts per currency (net). */
export const netTotals = (run: PaymentRun): Money[] => run.totals.map((t) => ({ currency: t.currency, amount: t.net }));

/** Today in the browser's calendar, `YYYY-MM-DD`. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
