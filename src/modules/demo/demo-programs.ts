import { parseProgramDefinition, type ProgramFile } from '../programs/program-file.ts';
import { monthBefore } from './demo-billing.ts';

/** The demo data set's programs: one for direct sellers, one for indirect providers. */
export const demoPrograms: ProgramFile[] = [
  {
    code: 'CSP-DIRECT',
    name: { en: 'CSP direct seller rebate', 'zh-TW': 'CSP 直接銷售者回饋', 'ko-KR': 'CSP 직접 판매자 리베이트' },
    status: 'open',
    fiscal_year: { start: '2026-07-01', end: '2027-06-30' },
    eligibility: { partner_types: ['direct_seller'], min_competencies: 1, min_competency_level: 'silver', min_trailing_revenue_usd: '0', open_to_all: false },
    threshold_usd: '200.00',
    payment_delay_months: 2,
    levers: [
      {
        code: 'CORE',
        earning_type: 'REBATE',
        rates: [
          { product_category: 'modern-work', rate: '0.06', from: '2025-05' },
          { product_category: 'azure', rate: '0.08', from: '2025-05' },
        ],
      },
      { code: 'SECURITY', earning_type: 'ACCELERATOR', rates: [{ product_category: 'security', rate: '0.02', from: '2025-05' }] },
    ],
  },
  {
    code: 'CSP-INDIRECT',
    name: { en: 'CSP indirect provider incentive', 'zh-TW': 'CSP 間接提供者獎勵', 'ko-KR': 'CSP 간접 공급자 인센티브' },
    status: 'open',
    fiscal_year: { start: '2026-07-01', end: '2027-06-30' },
    eligibility: { partner_types: ['indirect_provider'], min_competencies: 1, min_competency_level: 'gold', min_trailing_revenue_usd: '50000.00', open_to_all: false },
    threshold_usd: '500.00',
    payment_delay_months: 1,
    levers: [
      {
        code: 'CORE',
        earning_type: 'REBATE',
        rates: [
          { product_category: 'modern-work', rate: '0.04', from: '2025-05' },
          { product_category: 'azure', rate: '0.05', from: '2025-05' },
        ],
      },
      { code: 'COOP', earning_type: 'COOP', rates: [{ product_category: 'modern-work', rate: '0.01', from: '2025-05' }] },
    ],
  },
];

/**
 * Earlier programs, loaded open and then moved on by the demo's history: the FY26 direct seller
 * program closed with its fiscal year, the co-op pilot was discontinued.
 */
export const demoPastPrograms: ProgramFile[] = [
  {
    code: 'CSP-DIRECT-FY26',
    name: { en: 'CSP direct seller rebate FY26', 'zh-TW': 'CSP 直接銷售者回饋 FY26', 'ko-KR': 'CSP 직접 판매자 리베이트 FY26' },
    status: 'open',
    fiscal_year: { start: '2025-07-01', end: '2026-06-30' },
    eligibility: { partner_types: ['direct_seller'], min_competencies: 0, min_trailing_revenue_usd: '0', open_to_all: false },
    threshold_usd: '200.00',
    payment_delay_months: 2,
    levers: [{ code: 'CORE', earning_type: 'REBATE', rates: [{ product_category: 'modern-work', rate: '0.05', from: '2025-07', to: '2026-06' }] }],
  },
  {
    code: 'CSP-COOP-PILOT',
    name: { en: 'CSP co-op marketing pilot', 'zh-TW': 'CSP 合作行銷試辦計畫', 'ko-KR': 'CSP 공동 마케팅 시범 프로그램' },
    status: 'open',
    fiscal_year: { start: '2025-07-01', end: '2026-06-30' },
    eligibility: { partner_types: ['indirect_provider'], min_competencies: 0, min_trailing_revenue_usd: '0', open_to_all: false },
    threshold_usd: '100.00',
    payment_delay_months: 1,
    levers: [{ code: 'COOP', earning_type: 'COOP', rates: [{ product_category: 'modern-work', rate: '0.015', from: '2025-07' }] }],
  },
];

/**
 * CSP-DIRECT's second version, saved after the fact: azure earned 10 % instead of 8 % in a
 * promotion over three past months (nine to seven months before `today`). The recalculation
 * settles the months already calculated with adjustments.
 */
export function demoRateChange(today: Date): ProgramFile {
  const current = demoPrograms[0]!;
  const promotion = { from: monthBefore(today, 9), to: monthBefore(today, 7) };
  return parseProgramDefinition({
    ...current,
    levers: current.levers.map((lever) => ({
      ...lever,
      rates: lever.rates.flatMap((rate) => {
        if (rate.product_category !== 'azure') return [rate];
        const before = monthBefore(today, 10);
        return [
          ...(before >= rate.from ? [{ ...rate, to: before }] : []),
          { ...rate, rate: '0.10', ...promotion },
          { ...rate, from: monthBefore(today, 6) },
        ];
      }),
    })),
  });
}
