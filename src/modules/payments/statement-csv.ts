import { csvRecord } from '../earnings/csv.ts';
import { plainDecimal } from '../earnings/decimals.ts';
import type { Locale } from '../../i18n/locales.ts';
import { paymentAmount, type Statement } from './statement.ts';

/** The columns of the statement's first table, one record per earning the payment pays. */
export const statementLineColumns = [
  'earning_id', 'line_id', 'billed_month', 'lever_code', 'kind', 'reason', 'currency', 'amount', 'rate', 'earning',
] as const;

/** The columns of the second table, one record per source currency (earnings.md §4 step 5). */
export const statementConversionColumns = [
  'currency', 'sum', 'units_per_usd', 'payout_currency', 'payout_units_per_usd', 'converted',
] as const;

/** The columns of the third table, one record: the payment, as payments.csv writes it (formats.md). */
export const statementPaymentColumns = [
  'payment_id', 'cycle', 'location_id', 'program_code', 'currency', 'gross', 'withholding', 'net', 'withholding_rate', 'fx_month', 'status',
] as const;

/**
 * A payment statement as CSV: UTF-8, RFC 4180 quoting, CRLF, stable English column names and
 * codes, decimals with `.` and no grouping, so it reads the same whatever the reader's language
 * (the locale is accepted for symmetry with the PDF and does not change a byte).
 *
 * Three tables, each with its own header row, separated by one empty line:
 *  1. the earnings (`statementLineColumns`), in the statement's order: earnings exact with
 *     trailing zeros removed down to 2 decimals, as earnings.csv writes them;
 *  2. the conversions (`statementConversionColumns`): `sum` exact, `converted` = c_A with its
 *     10 decimals, so the reader can redo gross = round(Σ converted, minor units);
 *  3. the payment (`statementPaymentColumns`, the columns of payments.csv): gross, withholding
 *     and net with exactly the payout currency's minor-unit digits.
 */
export function statementCsv(s: Statement, _locale: Locale): string {
  const header = (columns: readonly string[]) => `${columns.join(',')}\r\n`;
  const lines = s.lines.map((l) =>
    csvRecord([
      { text: l.earningId },
      { text: l.lineId },
      { number: l.billedMonth },
      { text: l.leverCode },
      { text: l.kind },
      { text: l.reason },
      { text: l.currency },
      { number: l.amount === null ? null : plainDecimal(l.amount) },
      { number: l.rate === null ? null : plainDecimal(l.rate) },
      { number: plainDecimal(l.earning) },
    ]),
  );
  const conversions = s.conversions.map((c) =>
    csvRecord([
      { text: c.currency },
      { number: plainDecimal(c.sum) },
      { number: plainDecimal(c.unitsPerUsd) },
      { text: s.payoutCurrency },
      { number: plainDecimal(c.payoutUnitsPerUsd) },
      { number: c.converted },
    ]),
  );
  const payment = csvRecord([
    { text: s.paymentId },
    { number: s.cycle },
    { text: s.locationCode },
    { text: s.programCode },
    { text: s.payoutCurrency },
    { number: paymentAmount(s.gross, s.payoutCurrency) },
    { number: paymentAmount(s.withholding, s.payoutCurrency) },
    { number: paymentAmount(s.net, s.payoutCurrency) },
    { number: plainDecimal(s.withholdingRate) },
    { number: s.fxMonth },
    { text: s.status },
  ]);
  return [
    header(statementLineColumns),
    ...lines,
    '\r\n',
    header(statementConversionColumns),
    ...conversions,
    '\r\n',
    header(statementPaymentColumns),
    payment,
  ].join('');
}
