import type { BankScheme, PaymentProfileStatus } from '../../../../src/modules/profiles/schema.ts';
import type { ApiError } from '../../api.ts';

export type { BankScheme, PaymentProfileStatus };

export interface BankDetailsView {
  bankCountry: string;
  accountHolder: string;
  scheme: BankScheme;
  accountMasked: string;
  routingNumber: string | null;
  bic: string | null;
}

export interface BankChange extends BankDetailsView {
  id: string;
  paymentProfileId: string | null;
  name: string;
  acceptedCurrencies: string[];
  status: 'pending' | 'confirmed' | 'cancelled' | 'expired';
  requestedAt: string;
  requestedBy: { name: string; email: string } | null;
  confirmation: 'admin' | 'link';
  linkExpiresAt: string | null;
  canConfirm: boolean;
  canCancel: boolean;
}

export interface PaymentProfile extends BankDetailsView {
  id: string;
  name: string;
  acceptedCurrencies: string[];
  status: PaymentProfileStatus;
  statusReason: string | null;
  version: number;
  archived: boolean;
  archivedAt: string | null;
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
  assignments: number;
  pendingChange: BankChange | null;
}

export interface PaymentReview extends Omit<PaymentProfile, 'assignments' | 'pendingChange'> {
  partner: { partnerId: string; legalName: string };
}

export const paymentStatuses: readonly PaymentProfileStatus[] = ['pending_validation', 'approved', 'action_required'];

export const paymentStatusColor: Record<PaymentProfileStatus, string> = {
  pending_validation: 'violet.8',
  approved: 'teal.9',
  action_required: '#a85400',
};

/** The bank fields a scheme takes, in the order the form shows them. */
export const schemeFields: Record<BankScheme, readonly ('iban' | 'bic' | 'accountNumber' | 'routingNumber')[]> = {
  iban: ['iban', 'bic'],
  aba: ['accountNumber', 'routingNumber'],
  bic: ['accountNumber', 'bic'],
};

/**
 * A field's message in the reader's language: the catalog's sentence for the rule where there is
 * one (`payments:rule.<field>.<rule>`), else the server's.
 */
export function fieldMessage(error: ApiError | Error | null, field: string, t: (key: string, options?: Record<string, unknown>) => string, exists: (key: string) => boolean) {
  if (!error || !('errors' in error)) return undefined;
  const found = error.errors.find((e) => e.field === `body.${field}` || e.field.startsWith(`body.${field}.`));
  if (!found) return undefined;
  const key = `payments:rule.${field}.${found.rule}`;
  const generic = `payments:rule.any.${found.rule}`;
  if (exists(key)) return t(key);
  if (exists(generic)) return t(generic);
  return found.message.replace(/^\S+\s/, '');
}
