import type { TaxForm, TaxProfileStatus } from '../../../../src/modules/profiles/schema.ts';

export type { TaxForm, TaxProfileStatus };
export const taxForms: readonly TaxForm[] = ['W-9', 'W-8BEN-E'];
export const taxProfileStatuses: readonly TaxProfileStatus[] = ['pending_validation', 'valid', 'action_required', 'expiring_soon', 'expired'];

export interface TaxProfile {
  id: string;
  form: TaxForm;
  legalName: string;
  address: string;
  country: string;
  /** Masked: `•••• 1234`. */
  taxId: string;
  treaty: { country: string; rate: string; accepted: boolean | null } | null;
  signedOn: string;
  expiresOn: string | null;
  expiresInDays: number | null;
  status: TaxProfileStatus;
  statusReason: string | null;
  withholdingRate: string;
  version: number;
  submittedAt: string;
  reviewedAt: string | null;
}

export interface LocationTaxProfile {
  location: { locationId: string; name: string; country: string };
  requiredForm: TaxForm;
  access: 'manage' | 'read';
  profile: TaxProfile | null;
}

export interface TaxReview extends TaxProfile {
  partner: { partnerId: string; legalName: string };
  location: { locationId: string; name: string; country: string };
}

/** Filled badge colours, each with white text at 4.5:1 or more; the status is always written out too. */
export const taxStatusColor: Record<TaxProfileStatus, string> = {
  pending_validation: 'violet.8',
  valid: 'teal.9',
  action_required: '#a85400',
  expiring_soon: '#a85400',
  expired: 'red.9',
};

/** A percentage as the reader writes numbers, exactly as the server sent it (no float rounding). */
export function formatRate(rate: string, locale: string): string {
  const [whole, fraction] = rate.split('.');
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
  const trimmed = fraction?.replace(/0+$/, '');
  return trimmed ? `${whole}${decimal}${trimmed}` : whole!;
}
