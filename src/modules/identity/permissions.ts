/**
 * The closed registry of permissions (`resource.action`) and the roles that hold them. Every route
 * declares one permission (or `public` / `authenticated`); checks go through `can()` only.
 */
export const permissions = [
  // partner organization administration
  'users.read',
  'users.manage',
  'users.manage_global_admins',
  'organization.manage_security',
  'audit.read_own_organization',
  // incentives (scoped to (location, program) pairs for incentive roles)
  'incentives.read',
  'incentives.manage',
  // operators
  'operators.read',
  'operators.manage',
  'audit.read',
  'mail.read',
  'mail.resend',
  'accounts.unlock',
  'system.read',
  'partners.read',
  'partners.manage',
  'programs.read',
  'programs.manage',
  'enrollments.validate',
  'profiles.validate',
  'finance.manage',
  'payments.read',
  'payments.manage',
  'disputes.answer',
] as const;

export type Permission = (typeof permissions)[number];

export const partnerRoles = ['global_admin', 'user_admin', 'incentive_admin', 'incentive_user'] as const;
export const operatorRoles = ['operator_admin', 'program_manager', 'finance', 'support'] as const;
export type PartnerRole = (typeof partnerRoles)[number];
export type OperatorRole = (typeof operatorRoles)[number];
export type Role = PartnerRole | OperatorRole;
export const roles: readonly Role[] = [...partnerRoles, ...operatorRoles];

/** Roles whose permissions apply only to chosen (location, program) pairs, or to all. */
export const scopedRoles: readonly Role[] = ['incentive_admin', 'incentive_user'];

const incentiveUser: Permission[] = ['incentives.read'];
const incentiveAdmin: Permission[] = [...incentiveUser, 'incentives.manage'];
const userAdmin: Permission[] = ['users.read', 'users.manage'];
const support: Permission[] = ['operators.read', 'partners.read', 'programs.read', 'mail.read', 'mail.resend', 'accounts.unlock', 'system.read', 'payments.read', 'disputes.answer'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  global_admin: [
    ...userAdmin,
    ...incentiveAdmin,
    'users.manage_global_admins',
    'organization.manage_security',
    'audit.read_own_organization',
  ],
  user_admin: userAdmin,
  incentive_admin: incentiveAdmin,
  incentive_user: incentiveUser,
  operator_admin: [
    ...support,
    'users.read',
    'users.manage',
    'operators.manage',
    'audit.read',
    'partners.manage',
    'programs.manage',
    'enrollments.validate',
    'profiles.validate',
    'finance.manage',
    'payments.manage',
  ],
  program_manager: ['operators.read', 'partners.read', 'partners.manage', 'programs.read', 'programs.manage', 'enrollments.validate', 'system.read'],
  finance: ['operators.read', 'partners.read', 'programs.read', 'enrollments.validate', 'profiles.validate', 'finance.manage', 'payments.read', 'payments.manage', 'disputes.answer', 'system.read'],
  support,
};

export function isPartnerRole(role: string): role is PartnerRole {
  return (partnerRoles as readonly string[]).includes(role);
}

export function isOperatorRole(role: string): role is OperatorRole {
  return (operatorRoles as readonly string[]).includes(role);
}

export function permissionsOf(held: readonly Role[]): Set<Permission> {
  return new Set(held.flatMap((role) => rolePermissions[role]));
}
