/** The portal's navigation, per area. Each item is a page that exists. */
export interface NavItem {
  key: string;
  to: string;
  /** Outside the single-page app (a full page load). */
  external?: boolean;
}

export interface NavSection {
  area: 'partner' | 'operator';
  items: NavItem[];
}

export const navigation: NavSection[] = [
  { area: 'partner', items: [{ key: 'overview', to: '/' }] },
  {
    area: 'operator',
    items: [
      { key: 'systemStatus', to: '/operations/system' },
      { key: 'apiReference', to: '/api/docs', external: true },
    ],
  },
];
