/** The portal's navigation, per area; an item shows only to those holding its permission. */
export interface NavItem {
  key: string;
  to: string;
  /** Shown only with this permission; omitted = every signed-in user of the area. */
  permission?: string;
  /** Outside the single-page app (a full page load). */
  external?: boolean;
  /** Listed under a heading of its own (`shell:navGroup.<group>`) with the other items of the group. */
  group?: 'billing' | 'payments';
}

export interface NavSection {
  area: 'partner' | 'operator';
  items: NavItem[];
}

export const navigation: NavSection[] = [
  {
    area: 'partner',
    items: [
      { key: 'overview', to: '/' },
      { key: 'incentives', to: '/incentives', permission: 'incentives.read' },
      { key: 'earnings', to: '/earnings', permission: 'incentives.read' },
      { key: 'payments', to: '/payments', permission: 'incentives.read' },
      { key: 'taxProfiles', to: '/tax-profiles', permission: 'incentives.read' },
      { key: 'paymentProfiles', to: '/payment-profiles', permission: 'incentives.read' },
      { key: 'users', to: '/users', permission: 'users.read' },
      { key: 'organizationAudit', to: '/organization/audit', permission: 'audit.read_own_organization' },
      { key: 'organizationSecurity', to: '/organization/security', permission: 'organization.manage_security' },
    ],
  },
  {
    area: 'operator',
    items: [
      { key: 'overview', to: '/' },
      { key: 'partners', to: '/partners', permission: 'partners.read' },
      { key: 'programs', to: '/programs', permission: 'programs.read' },
      { key: 'enrollments', to: '/enrollments', permission: 'partners.read' },
      { key: 'taxReviews', to: '/tax-reviews', permission: 'partners.read' },
      { key: 'paymentReviews', to: '/payment-reviews', permission: 'partners.read' },
      { key: 'disputes', to: '/operations/disputes', permission: 'disputes.answer' },
      { key: 'imports', to: '/operations/imports', permission: 'partners.read', group: 'billing' },
      { key: 'calculations', to: '/operations/calculations', permission: 'partners.read', group: 'billing' },
      { key: 'adjustments', to: '/operations/adjustments/new', permission: 'finance.manage', group: 'billing' },
      { key: 'paymentRuns', to: '/operations/payment-runs', permission: 'payments.read', group: 'payments' },
      { key: 'operatorUsers', to: '/users', permission: 'users.read' },
      { key: 'auditLog', to: '/operations/audit', permission: 'audit.read' },
      { key: 'mailLog', to: '/operations/mail', permission: 'mail.read' },
      { key: 'systemStatus', to: '/operations/system', permission: 'system.read' },
      { key: 'apiReference', to: '/api/docs', external: true, permission: 'system.read' },
    ],
  },
];
