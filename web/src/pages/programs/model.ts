export interface Names {
  en: string;
  'zh-TW': string;
  'ko-KR': string;
}

export interface ProgramSummary {
  code: string;
  status: string;
  version: number;
  name: Names;
  fiscalYear: { start: string; end: string };
}

export interface ProgramDefinition {
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
  levers: { code: string; earning_type: string; rates: { product_category: string; rate: string; from: string; to?: string }[] }[];
}

export interface ProgramDetail {
  code: string;
  status: string;
  version: number;
  definition: ProgramDefinition;
  versions: { version: number; status: string; createdAt: string; createdBy: string }[];
}

/** The program's name in the reader's language. */
export function nameIn(names: Names, locale: string): string {
  return names[locale as keyof Names] ?? names.en;
}
