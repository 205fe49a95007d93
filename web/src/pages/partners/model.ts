export interface Location {
  locationId: string;
  name: string;
  country: string;
  address: string;
  partnerType: string;
  archived: boolean;
}

export interface Agreement {
  id: string;
  /** The location's public id; null for the whole organization. */
  locationId: string | null;
  type: string;
  status: string;
  validFrom: string;
  validTo: string | null;
}

export interface Competency {
  id: string;
  name: string;
  level: string;
  validFrom: string;
  validTo: string | null;
}

export interface PartnerDetail {
  partnerId: string;
  legalName: string;
  country: string;
  language: string;
  locations: Location[];
  agreements: Agreement[];
  competencies: Competency[];
}

export const partnerTypes = ['direct_seller', 'indirect_provider', 'indirect_reseller'] as const;
export const agreementTypes = ['partner_network', 'cloud_distributor', 'reseller'] as const;
export const agreementStatuses = ['active', 'expired', 'terminated'] as const;
export const competencyLevels = ['silver', 'gold'] as const;

export const partnerPath = (partnerId: string) => `/api/v1/partners/${encodeURIComponent(partnerId)}`;

/** Today in the reader's own calendar, as `YYYY-MM-DD`. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whether a period goes on after today (an open end always does), so ending it today changes it. */
export function endsAfterToday(validTo: string | null, today = todayIso()): boolean {
  return validTo === null || validTo > today;
}
