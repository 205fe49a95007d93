import { isRealDate } from '../billing/months.ts';
import { Problems } from '../billing/runs.ts';
import { CsvFormatError, readCsv, type RowProblem } from '../imports/csv.ts';

/**
 * The bank's answer to a payout file, one row per payment (also described in docs/architecture.md,
 * "Payout files and bank results"): a CSV as formats.md describes CSV in general (UTF-8, a BOM
 * accepted, RFC 4180, columns in any order, unknown columns refused) with the columns
 *
 *   payment_id  the payment's uuid, as in the payout file (required)
 *   result      `sent` or `returned` (required)
 *   date        the day the bank sent or returned it, YYYY-MM-DD (required)
 *   reason      the bank's reason, one line of at most 200 characters (required when returned)
 *
 * A payment may appear once per file.
 */
export const bankResultColumns = {
  required: ['payment_id', 'result', 'date'],
  optional: ['reason'],
} as const;

export const bankResultKinds = ['sent', 'returned'] as const;
export type BankResultKind = (typeof bankResultKinds)[number];

export interface BankResult {
  /** The row of the file it came from (the header is row 1). */
  row: number;
  paymentId: string;
  result: BankResultKind;
  date: string;
  reason: string | null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const reasonMax = 200;

/**
 * Reads a bank results file. `rows` are the rows without a problem; `problems` name the file row,
 * column and rule of everything refused (the first 1,000), as the other imports do. A caller
 * applies the file only when there is no problem at all.
 */
export function parseBankResults(content: string | Uint8Array, file = 'bank-results.csv'): { rows: BankResult[]; problems: RowProblem[] } {
  const problems = new Problems(file);
  let records;
  try {
    records = readCsv(file, typeof content === 'string' ? new TextEncoder().encode(content) : content, bankResultColumns);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    return { rows: [], problems: error.problems };
  }
  const rows: BankResult[] = [];
  const seen = new Map<string, number>();
  for (const { row, values: v } of records) {
    const before = problems.count;
    const refuse = (column: string, rule: string, message: string) => problems.add(row, column, rule, message);
    for (const column of bankResultColumns.required) if (!v[column]) refuse(column, 'required', 'is required');
    const paymentId = (v.payment_id ?? '').toLowerCase();
    if (paymentId && !uuidPattern.test(paymentId)) refuse('payment_id', 'uuid', 'must be a payment id (a uuid such as 0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21)');
    if (v.result && !(bankResultKinds as readonly string[]).includes(v.result)) refuse('result', 'result', `must be ${bankResultKinds.join(' or ')}`);
    if (v.date && !isRealDate(v.date)) refuse('date', 'date', 'must be a date YYYY-MM-DD');
    const reason = v.reason || null;
    if (reason && reason.length > reasonMax) refuse('reason', 'too_long', `must be at most ${reasonMax} characters`);
    if (reason && /\p{Cc}/u.test(reason)) refuse('reason', 'control_character', 'must be one line without control characters');
    if (v.result === 'returned' && !reason) refuse('reason', 'required', 'is required when the result is returned');
    if (paymentId && uuidPattern.test(paymentId)) {
      const first = seen.get(paymentId);
      if (first !== undefined) refuse('payment_id', 'duplicate_payment_id', `the payment ${paymentId} is also on row ${first}`);
      else seen.set(paymentId, row);
    }
    if (problems.count === before) rows.push({ row, paymentId, result: v.result as BankResultKind, date: v.date!, reason });
  }
  return { rows, problems: problems.sorted() };
}
