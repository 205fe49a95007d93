import type { Locale } from '../../src/i18n/locales.ts';
import { convert, Exact, roundHalfAway, type Statement, type StatementLine } from '../../src/modules/payments/statement.ts';

const programNames: Record<Locale, string> = { en: 'CSP rebate', 'zh-TW': 'CSP 回饋', 'ko-KR': 'CSP 리베이트' };

function line(lineId: string, amount: string, rate: string, earning: string): StatementLine {
  return {
    earningId: `e-${lineId}`,
    lineId,
    billedMonth: '2026-09',
    leverCode: 'CORE',
    kind: 'calculated',
    reason: null,
    currency: 'USD',
    amount,
    rate,
    earning,
  };
}

/**
 * The payment of earnings.md §5: L-2000317 (KR), CSP-REBATE, lines A-1..A-3 billed 2026-09, paid
 * in the 2026-11 run in KRW at 1385.25 per USD with a treaty rate of 0.10. The location's name is
 * Korean, so a Chinese or English statement shows Hangul too.
 */
export function workedExampleStatement(locale: Locale = 'en', overrides: Partial<Statement> = {}): Statement {
  return {
    paymentId: 'PAY-2026-11-000317',
    cycle: '2026-11',
    status: 'upcoming',
    organizationName: 'Hanbit Cloud Co.',
    locationCode: 'L-2000317',
    locationName: '한빛클라우드 서울',
    programCode: 'CSP-REBATE',
    programName: programNames[locale],
    payoutCurrency: 'KRW',
    paymentProfileName: 'Hanbit KRW',
    accountLast4: '4821',
    fxMonth: '2026-11',
    conversions: [
      { currency: 'USD', sum: '240.7654240000', unitsPerUsd: '1', payoutUnitsPerUsd: '1385.25', converted: '333520.3035960000' },
    ],
    lines: [
      line('A-1', '2500.0000', '0.060000', '150.0000000000'),
      line('A-2', '1234.5678', '0.080000', '98.7654240000'),
      line('A-3', '-100.0000', '0.080000', '-8.0000000000'),
    ],
    gross: '333520',
    withholdingRate: '0.10',
    withholding: '33352',
    net: '300168',
    createdAt: '2026-11-03T09:00:00.000Z',
    sentAt: null,
    ...overrides,
  };
}

/**
 * The worked example with `count` more earnings of 1.00 USD each: recalculation adjustments,
 * enough to run the lines table over several pages. Its totals reconcile.
 */
export function longStatement(count: number, locale: Locale = 'en'): Statement {
  const base = workedExampleStatement(locale);
  const extra: StatementLine[] = Array.from({ length: count }, (_, i) => ({
    ...line(`B-${String(i + 1).padStart(4, '0')}`, '12.5000', '0.080000', '1.0000000000'),
    earningId: `e-adj-${i + 1}`,
    kind: 'adjustment',
    reason: 'Recalculation',
  }));
  const sum = new Exact(base.conversions[0]!.sum).plus(count).toFixed(10);
  const converted = convert(sum, '1', '1385.25');
  const gross = roundHalfAway(converted, 0);
  const withholding = roundHalfAway(new Exact(gross).times('0.10'), 0);
  return {
    ...base,
    lines: [...base.lines, ...extra],
    conversions: [{ ...base.conversions[0]!, sum, converted }],
    gross,
    withholding,
    net: new Exact(gross).minus(withholding).toFixed(0),
  };
}
