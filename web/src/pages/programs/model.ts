export interface Names {
  en: string;
  'zh-TW': string;
  'ko-KR': string;
}

// The program file's vocabularies (src/modules/programs/schema.ts, partners/schema.ts), kept here
// so the portal does not bundle the table definitions.
export const programStatuses = ['draft', 'open', 'closed', 'discontinued'] as const;
export const earningTypes = ['REBATE', 'COOP', 'ACCELERATOR'] as const;
export const partnerTypes = ['direct_seller', 'indirect_provider', 'indirect_reseller'] as const;
export const competencyLevels = ['silver', 'gold'] as const;

export interface ProgramSummary {
  code: string;
  status: string;
  version: number;
  name: Names;
  fiscalYear: { start: string; end: string };
}

export interface Rate {
  product_category: string;
  rate: string;
  from: string;
  to?: string;
}

export interface ProgramDefinition {
  code: string;
  name: Names;
  status: string;
  fiscal_year: { start: string; end: string };
  eligibility: {
    partner_types: string[];
    min_competencies: number;
    min_competency_level?: string;
    min_trailing_revenue_usd: string;
    open_to_all: boolean;
  };
  threshold_usd: string;
  payment_delay_months: number;
  levers: { code: string; earning_type: string; rates: Rate[] }[];
}

export interface ProgramDetail {
  code: string;
  status: string;
  version: number;
  definition: ProgramDefinition;
  versions: { version: number; status: string; createdAt: string; createdBy: string }[];
}

export interface ProgramVersion {
  code: string;
  version: number;
  current: boolean;
  status: string;
  createdAt: string;
  createdBy: string;
  definition: ProgramDefinition;
  /** Fields that differ from the version before, by their path in the program file. */
  changes: { field: string; before: unknown; after: unknown }[];
}

export interface ProgramSaved {
  code: string;
  result: 'created' | 'versioned' | 'unchanged';
  version: number;
}

/** The program's name in the reader's language. */
export function nameIn(names: Names, locale: string): string {
  return names[locale as keyof Names] ?? names.en;
}
