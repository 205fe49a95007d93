import type { TFunction } from 'i18next';
import type { ProgramDefinition } from './model.ts';

/** Catalog keys (area `programs`) of the program file's fields, by path with `*` for positions. */
const labelKeys: Record<string, string> = {
  code: 'form.code',
  status: 'columns.status',
  name: 'columns.name',
  fiscal_year: 'columns.fiscalYear',
  'fiscal_year.start': 'form.fiscalYearStart',
  'fiscal_year.end': 'form.fiscalYearEnd',
  eligibility: 'sections.eligibility',
  'eligibility.partner_types': 'eligibility.partnerTypes',
  'eligibility.min_competencies': 'eligibility.minCompetencies',
  'eligibility.min_competency_level': 'eligibility.minLevel',
  'eligibility.min_trailing_revenue_usd': 'form.minRevenueUsd',
  'eligibility.open_to_all': 'eligibility.openToAll',
  threshold_usd: 'form.thresholdUsd',
  payment_delay_months: 'form.delayMonths',
  levers: 'sections.rates',
  'levers.*.code': 'form.leverCode',
  'levers.*.earning_type': 'columns.earningType',
  'levers.*.rates': 'form.rates',
  'levers.*.rates.*.product_category': 'columns.category',
  'levers.*.rates.*.rate': 'columns.rate',
  'levers.*.rates.*.from': 'form.fromMonth',
  'levers.*.rates.*.to': 'form.toMonth',
};

const fieldOrder = Object.keys(labelKeys);
const isIndex = (part: string) => /^\d+$/.test(part);

/** The label of one field's own name (`rate`, `name.zh-TW`), without the levers and rows above it. */
function ownLabel(pattern: string, t: TFunction): string {
  const language = /^name\.(.+)$/.exec(pattern)?.[1];
  if (language) return t('programs:form.nameIn', { language: t(`common:language.${language}`) });
  const key = labelKeys[pattern];
  return key ? t(`programs:${key}`) : (pattern.split('.').at(-1) ?? pattern);
}

/**
 * A field of the program file as a reader names it: `levers.0.rates.1.rate` becomes
 * "Lever 1 (CORE) › Rate row 2 › Rate", taking lever codes from `definition` when given.
 */
export function fieldLabel(field: string, t: TFunction, definition?: ProgramDefinition): string {
  const parts = field.split('.');
  const names: string[] = [];
  let pattern = '';
  parts.forEach((part, i) => {
    pattern = pattern ? `${pattern}.${isIndex(part) ? '*' : part}` : part;
    if (isIndex(part)) {
      const n = Number(part) + 1;
      if (pattern === 'levers.*') {
        const code = definition?.levers[Number(part)]?.code;
        names.push(code ? t('programs:form.leverNamed', { n, code }) : t('programs:form.leverN', { n }));
      } else {
        names.push(t('programs:form.rateN', { n }));
      }
    } else if (i === parts.length - 1) {
      names.push(ownLabel(pattern, t));
    }
  });
  return names.join(' › ');
}

/** A value of a changed field, as text: statuses, partner types and levels in the reader's language. */
export function valueText(field: string, value: unknown, t: TFunction): string {
  const pattern = field.replace(/\.\d+(?=\.|$)/g, '.*');
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('programs:eligibility.yes') : t('programs:eligibility.no');
  if (pattern === 'status' && typeof value === 'string') return t(`programs:status.${value}`);
  if (pattern === 'eligibility.min_competency_level' && typeof value === 'string') return t(`partners:level.${value}`);
  if (pattern === 'eligibility.partner_types' && Array.isArray(value)) return value.map((v) => t(`partners:partnerType.${String(v)}`)).join(', ');
  if (Array.isArray(value)) return value.map((v, i) => valueText(`${field}.${i}`, v, t)).join(' / ');
  if (typeof value === 'object') {
    // Stored JSON keeps no order: fields are shown in the order of the program file.
    const rank = (key: string) => fieldOrder.indexOf(`${pattern}.${key}`);
    return Object.entries(value as Record<string, unknown>)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([key, v]) => `${ownLabel(`${pattern}.${key}`, t)}: ${valueText(`${field}.${key}`, v, t)}`)
      .join('; ');
  }
  return String(value);
}
