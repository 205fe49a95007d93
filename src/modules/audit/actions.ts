/**
 * The closed list of audited actions, `area.verb`. Kept free of imports so the portal can use it
 * for its filters; every action has a label under `audit:action.<area>.<verb>` in each catalog.
 */
export const auditActions = [
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.password_changed',
  'auth.password_reset_requested',
  'auth.password_reset',
  'auth.mfa_enabled',
  'auth.mfa_disabled',
  'auth.recovery_code_used',
  'auth.reauthenticated',
  'auth.account_unlocked',
  'user.created',
  'user.roles_changed',
  'user.deactivated',
  'user.reactivated',
  'user.password_reset_by_admin',
  'user.profile_changed',
  'user.email_change_requested',
  'user.email_changed',
  'user.invitation_accepted',
  'api_token.created',
  'api_token.revoked',
  'organization.security_changed',
  'mail.resent',
  'import.partners',
  'import.billing',
  'import.fx',
  'earnings.calculated',
  'earnings.adjusted',
  'partner.created',
  'partner.updated',
  'location.created',
  'location.updated',
  'location.archived',
  'location.restored',
  'agreement.added',
  'agreement.updated',
  'agreement.expired',
  'competency.added',
  'competency.updated',
  'competency.expired',
  'program.created',
  'program.versioned',
  'enrollment.transitioned',
  'eligibility.evaluated',
  'tax_profile.submitted',
  'tax_profile.validated',
  'tax_profile.action_required',
  'tax_profile.status_changed',
  'tax_profile.unmasked_viewed',
  'payment_profile.created',
  'payment_profile.updated',
  'payment_profile.archived',
  'payment_profile.validated',
  'payment_profile.action_required',
  'payment_profile.unmasked_viewed',
  'bank_change.requested',
  'bank_change.confirmed',
  'bank_change.cancelled',
  'payout.assigned',
  'payout.hold_changed',
  'payment_run.created',
  'payment_run.discarded',
  'payment_run.approved',
  'payment_run.payout_file_downloaded',
  'payment.rejected',
  'payment.sent',
  'payment.returned',
  'dispute.opened',
  'dispute.answered',
  'dispute.closed',
  'system.migrated',
  'demo.loaded',
  'keys.rotated',
] as const;

export type AuditAction = (typeof auditActions)[number];

type AreaOf<A> = A extends `${infer Area}.${string}` ? Area : never;
export type AuditArea = AreaOf<AuditAction>;

/** The areas (`auth`, `user`, …), in the order of the list. */
export const auditAreas = [...new Set(auditActions.map((a) => a.split('.')[0]))] as AuditArea[];

/** A search filter: one action, or every action of an area written as its prefix (`auth.`). */
export type AuditActionFilter = AuditAction | `${AuditArea}.`;

export function isAuditAction(value: string): value is AuditAction {
  return (auditActions as readonly string[]).includes(value);
}

export function isAuditActionFilter(value: string): value is AuditActionFilter {
  return isAuditAction(value) || (auditAreas as string[]).some((area) => value === `${area}.`);
}
