// A payment statement (domain.md §8) as the renderers receive it, and the check that its totals
// reconcile with its lines by the rules of earnings.md §4. Pure: no database, no Node.js APIs.
import Decimal from 'decimal.js';
import { minorUnits } from '../money/currency.ts';

export interface StatementLine {
  earningId: string;
  lineId: string | null;          // null for a manual adjustment
  billedMonth: string;            // 'YYYY-MM'
  leverCode: string;
  kind: 'calculated' | 'adjustment';
  reason: string | null;          // adjustment reason code, e.g. 'Recalculation'
  currency: string;               // source currency of the earning
  amount: string | null;          // billing line amount (null for manual adjustments)
  rate: string | null;            // decimal fraction e.g. '0.06'
  earning: string;                // exact decimal, e.g. '98.7654240000'
}

export interface StatementConversion {
  currency: string;               // source currency A
  sum: string;                    // s_A exact
  unitsPerUsd: string;            // units_per_usd[A] of the FX month
  payoutUnitsPerUsd: string;      // units_per_usd[B]
  converted: string;              // c_A, 10 decimals, in the payout currency
}

export const paymentStatuses = ['upcoming', 'in_progress', 'sent', 'rejected', 'reversed', 'discarded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export interface Statement {
  paymentId: string;
  cycle: string;                  // 'YYYY-MM'
  status: PaymentStatus;
  organizationName: string;
  locationCode: string;           // e.g. 'L-2000317'
  locationName: string;
  programCode: string;
  programName: string;
  payoutCurrency: string;
  paymentProfileName: string | null;
  accountLast4: string | null;    // masked bank account, only last 4 ever shown
  fxMonth: string;                // 'YYYY-MM'
  conversions: StatementConversion[];
  lines: StatementLine[];
  gross: string; withholdingRate: string; withholding: string; net: string; // gross/withholding/net have exactly minor-unit digits; rate is a fraction like '0.10'
  createdAt: string;              // ISO timestamp
  sentAt: string | null;
}

/**
 * Exact decimals with rounding half away from zero, as PostgreSQL's `round(numeric, n)` does:
 * decimal.js's ROUND_HALF_UP rounds a tie away from zero for negatives too (-2.5 → -3).
 * 80 significant digits keep the quotient of a conversion exact far past the 10 decimals it is
 * rounded to (FX rates carry at most 8 decimals, so no quotient comes that close to a tie).
 */
export const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });

/** `round(value, digits)`, half away from zero, written with exactly `digits` decimals. */
export function roundHalfAway(value: Decimal.Value, digits: number): string {
  return new Exact(value).toFixed(digits, Exact.ROUND_HALF_UP);
}

/** `c_A = round(s_A × units_per_usd[B] / units_per_usd[A], 10)` (earnings.md §4 step 5). */
export function convert(sum: Decimal.Value, unitsPerUsd: Decimal.Value, payoutUnitsPerUsd: Decimal.Value): string {
  return roundHalfAway(new Exact(sum).times(payoutUnitsPerUsd).div(unitsPerUsd), 10);
}

/** A payment amount written with exactly the currency's minor-unit digits (KRW 0, USD 2). */
export function paymentAmount(value: string, currency: string): string {
  return roundHalfAway(value, minorUnits(currency));
}

export type StatementCheck =
  | 'decimal'            // a field that must be a decimal is not one
  | 'digits'             // gross, withholding or net not written with the payout currency's minor-unit digits
  | 'conversion_missing' // lines in a currency without a conversion
  | 'conversion_extra'   // a conversion for a currency without lines, or twice for one currency
  | 'conversion_sum'     // s_A ≠ sum of the lines in A
  | 'conversion_fx'      // the payout rate differs between conversions, or from the payout currency's own rate
  | 'converted'          // c_A ≠ round(s_A × units_per_usd[B] / units_per_usd[A], 10)
  | 'gross'              // gross ≠ round(Σ c_A, minor units of B)
  | 'withholding'        // withholding ≠ round(gross × rate, minor units of B)
  | 'net';               // net ≠ gross − withholding

export interface StatementProblem {
  check: StatementCheck;
  /** The source currency the problem is about, where it is about one. */
  currency?: string;
  /** The field the problem is about, where it is about one (for `decimal` and `digits`). */
  field?: string;
  /** What the rules give from the statement's own inputs. */
  expected: string;
  /** What the statement says. */
  actual: string;
}

const decimalPattern = /^-?\d+(\.\d+)?$/;

function same(a: string, b: string): boolean {
  return new Exact(a).eq(b);
}

/**
 * Every way the statement fails to reconcile: its lines with the per-currency sums, the sums with
 * the conversions, the conversions with gross, and gross with withholding and net. An empty list
 * means the totals follow from the lines by earnings.md §4 to the last digit.
 */
export function checkStatement(s: Statement): StatementProblem[] {
  const problems: StatementProblem[] = [];
  const fields: [string, string][] = [
    ...s.lines.map((l, i): [string, string] => [`lines[${i}].earning`, l.earning]),
    ...s.conversions.flatMap((c, i): [string, string][] => [
      [`conversions[${i}].sum`, c.sum],
      [`conversions[${i}].unitsPerUsd`, c.unitsPerUsd],
      [`conversions[${i}].payoutUnitsPerUsd`, c.payoutUnitsPerUsd],
      [`conversions[${i}].converted`, c.converted],
    ]),
    ['gross', s.gross],
    ['withholdingRate', s.withholdingRate],
    ['withholding', s.withholding],
    ['net', s.net],
  ];
  const malformed = fields.filter(([, value]) => !decimalPattern.test(value));
  for (const [field, value] of malformed) problems.push({ check: 'decimal', field, expected: 'a decimal', actual: value });
  if (malformed.length > 0) return problems;

  const digits = minorUnits(s.payoutCurrency);
  for (const field of ['gross', 'withholding', 'net'] as const) {
    const fraction = s[field].split('.')[1]?.length ?? 0;
    if (fraction !== digits) problems.push({ check: 'digits', field, expected: paymentAmount(s[field], s.payoutCurrency), actual: s[field] });
  }

  const lineSums = new Map<string, Decimal>();
  for (const line of s.lines) lineSums.set(line.currency, (lineSums.get(line.currency) ?? new Exact(0)).plus(line.earning));

  // Every conversion is into B at B's own rate: 1 for USD, else the rate of B's own conversion if
  // there is one, else at least the same rate throughout.
  const payoutRate =
    s.payoutCurrency === 'USD'
      ? '1'
      : (s.conversions.find((c) => c.currency === s.payoutCurrency)?.unitsPerUsd ?? s.conversions[0]?.payoutUnitsPerUsd ?? '1');
  const seen = new Set<string>();
  for (const c of s.conversions) {
    const lineSum = lineSums.get(c.currency);
    if (lineSum === undefined || seen.has(c.currency)) {
      problems.push({ check: 'conversion_extra', currency: c.currency, expected: 'no conversion', actual: c.sum });
    } else if (!lineSum.eq(c.sum)) {
      problems.push({ check: 'conversion_sum', currency: c.currency, expected: lineSum.toFixed(), actual: c.sum });
    }
    seen.add(c.currency);
    if (!same(c.payoutUnitsPerUsd, payoutRate)) {
      problems.push({ check: 'conversion_fx', currency: c.currency, expected: payoutRate, actual: c.payoutUnitsPerUsd });
    }
    if (c.currency === 'USD' && !same(c.unitsPerUsd, '1')) {
      problems.push({ check: 'conversion_fx', currency: c.currency, expected: '1', actual: c.unitsPerUsd });
    }
    if (new Exact(c.unitsPerUsd).lte(0)) {
      problems.push({ check: 'conversion_fx', currency: c.currency, expected: 'a positive rate', actual: c.unitsPerUsd });
      continue;
    }
    const converted = convert(c.sum, c.unitsPerUsd, c.payoutUnitsPerUsd);
    if (!same(converted, c.converted)) problems.push({ check: 'converted', currency: c.currency, expected: converted, actual: c.converted });
  }
  for (const [currency, sum] of lineSums) {
    if (!seen.has(currency)) problems.push({ check: 'conversion_missing', currency, expected: sum.toFixed(), actual: 'no conversion' });
  }

  const gross = roundHalfAway(
    s.conversions.reduce((total, c) => total.plus(c.converted), new Exact(0)),
    digits,
  );
  if (!same(gross, s.gross)) problems.push({ check: 'gross', expected: gross, actual: s.gross });
  const withholding = roundHalfAway(new Exact(s.gross).times(s.withholdingRate), digits);
  if (!same(withholding, s.withholding)) problems.push({ check: 'withholding', expected: withholding, actual: s.withholding });
  const net = new Exact(s.gross).minus(s.withholding).toFixed(digits);
  if (!same(net, s.net)) problems.push({ check: 'net', expected: net, actual: s.net });
  return problems;
}
