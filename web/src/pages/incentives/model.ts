import type { DisplayStatus, Requirement } from '../enrollments/model.ts';
import type { Names } from '../programs/model.ts';

export type { DisplayStatus, Requirement };

export interface IncentiveSummary {
  location: { locationId: string; name: string; country: string; partnerType: string; archived: boolean };
  program: { code: string; name: Names; status: string };
  status: DisplayStatus;
  eligible: boolean;
  canAccept: boolean;
  earningsStart: string | null;
  earningsEnd: string | null;
  statusChangedAt: string | null;
}

export interface IncentiveDetail extends IncentiveSummary {
  access: 'manage' | 'read';
  requirements: Requirement[];
  evaluatedOn: string | null;
  statusReason: string | null;
  nextSteps: { step: 'tax_profile' | 'payment_profile'; done: boolean; status: string }[];
  history: { at: string; from: DisplayStatus | null; to: DisplayStatus; event: string; reason: string; by: string | null }[];
}

export const incentivePath = (i: { location: { locationId: string }; program: { code: string } }) =>
  `/incentives/${encodeURIComponent(i.location.locationId)}/${encodeURIComponent(i.program.code)}`;

export interface PayoutProfile {
  id: string;
  name: string;
  /** Masked: `•••• 1234`. */
  account: string;
  bankCountry: string;
  acceptedCurrencies: string[];
  status: string;
  archived: boolean;
}

export interface Payout {
  access: 'manage' | 'read';
  paymentProfile: PayoutProfile | null;
  payoutCurrency: string | null;
  hold: boolean;
  holdEffectiveFrom: string | null;
  heldThisMonth: boolean;
  options: PayoutProfile[];
}
