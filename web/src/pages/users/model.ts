export interface RoleGrant {
  role: string;
  scope: 'all' | { locationId: string; programCode: string }[];
}

export interface User {
  id: string;
  email: string;
  name: string;
  locale: string;
  status: 'active' | 'deactivated';
  roles: RoleGrant[];
  mfaEnabled: boolean;
  invitationPending: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export const partnerRoles = ['global_admin', 'user_admin', 'incentive_admin', 'incentive_user'] as const;
export const operatorRoles = ['operator_admin', 'program_manager', 'finance', 'support'] as const;

/** The roles of the caller's tenant, and which of them only its admins may hand out. */
export function tenantRoles(isPartner: boolean) {
  return isPartner
    ? { roles: partnerRoles as readonly string[], adminRole: 'global_admin', adminPermission: 'users.manage_global_admins' }
    : { roles: operatorRoles as readonly string[], adminRole: 'operator_admin', adminPermission: 'operators.manage' };
}
