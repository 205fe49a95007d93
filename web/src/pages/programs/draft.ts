import type { ProgramDefinition } from './model.ts';

/**
 * A program definition while it is being edited: every input's text as typed (decimals stay
 * strings all the way to the server), and a key per lever and rate row for React.
 */
export interface RateDraft {
  key: number;
  product_category: string;
  rate: string;
  from: string;
  to: string;
}

export interface LeverDraft {
  key: number;
  code: string;
  earning_type: string;
  rates: RateDraft[];
}

export interface ProgramDraft {
  code: string;
  name: { en: string; 'zh-TW': string; 'ko-KR': string };
  status: string;
  fiscal_year: { start: string; end: string };
  eligibility: {
    partner_types: string[];
    min_competencies: number | string;
    /** Empty: any level. */
    min_competency_level: string;
    min_trailing_revenue_usd: string;
    open_to_all: boolean;
  };
  threshold_usd: string;
  payment_delay_months: number | string;
  levers: LeverDraft[];
}

let lastKey = 0;
export const nextKey = () => ++lastKey;

export const emptyRate = (): RateDraft => ({ key: nextKey(), product_category: '', rate: '', from: '', to: '' });
export const emptyLever = (): LeverDraft => ({ key: nextKey(), code: '', earning_type: 'REBATE', rates: [emptyRate()] });

export function newProgramDraft(): ProgramDraft {
  return {
    code: '',
    name: { en: '', 'zh-TW': '', 'ko-KR': '' },
    status: 'draft',
    fiscal_year: { start: '', end: '' },
    eligibility: { partner_types: [], min_competencies: 0, min_competency_level: '', min_trailing_revenue_usd: '0', open_to_all: false },
    threshold_usd: '200.00',
    payment_delay_months: 2,
    levers: [emptyLever()],
  };
}

export function draftOf(definition: ProgramDefinition): ProgramDraft {
  return {
    ...definition,
    name: { ...definition.name },
    fiscal_year: { ...definition.fiscal_year },
    eligibility: { ...definition.eligibility, min_competency_level: definition.eligibility.min_competency_level ?? '' },
    levers: definition.levers.map((lever) => ({
      key: nextKey(),
      code: lever.code,
      earning_type: lever.earning_type,
      rates: lever.rates.map((r) => ({ key: nextKey(), product_category: r.product_category, rate: r.rate, from: r.from, to: r.to ?? '' })),
    })),
  };
}

/** A number input's value as the server should judge it: a number when it is one, else the text. */
const numberOrText = (value: number | string) => (typeof value === 'number' || value.trim() === '' || Number.isNaN(Number(value)) ? value : Number(value));

/** The request body: the program file, optional fields left out when empty. */
export function definitionOf(draft: ProgramDraft): Record<string, unknown> {
  const { min_competency_level, ...eligibility } = draft.eligibility;
  return {
    code: draft.code.trim(),
    name: draft.name,
    status: draft.status,
    fiscal_year: draft.fiscal_year,
    eligibility: {
      ...eligibility,
      min_competencies: numberOrText(eligibility.min_competencies),
      ...(min_competency_level ? { min_competency_level } : {}),
    },
    threshold_usd: draft.threshold_usd,
    payment_delay_months: numberOrText(draft.payment_delay_months),
    levers: draft.levers.map((lever) => ({
      code: lever.code.trim(),
      earning_type: lever.earning_type,
      rates: lever.rates.map((r) => ({ product_category: r.product_category.trim(), rate: r.rate.trim(), from: r.from, ...(r.to ? { to: r.to } : {}) })),
    })),
  };
}

/** The shape the server accepts for a decimal with at most `scale` places (the server decides). */
export const isDecimalText = (text: string, scale: number) => new RegExp(`^\\d+(\\.\\d{1,${scale}})?$`).test(text.trim());
