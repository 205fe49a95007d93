import { describe, expect, it } from 'vitest';
import { parseBankResults } from './bank-results.ts';

const a = '0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21';
const b = '11111111-1111-4111-8111-111111111111';
const c = '22222222-2222-4222-8222-222222222222';

/** A problem as the file's reader sees it: row, column and rule. */
const where = (problems: { row: number; column: string | null; rule: string }[]) => problems.map(({ row, column, rule }) => ({ row, column, rule }));

describe('bank results file', () => {
  it('reads sent and returned payments', () => {
    const { rows, problems } = parseBankResults(
      ['payment_id,result,date,reason', `${a},sent,2026-11-06,`, `${b.toUpperCase()},returned,2026-11-09,"AC04 Closed account, per the bank"`, `${c},sent,2026-11-06,`].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { row: 2, paymentId: a, result: 'sent', date: '2026-11-06', reason: null },
      { row: 3, paymentId: b, result: 'returned', date: '2026-11-09', reason: 'AC04 Closed account, per the bank' },
      { row: 4, paymentId: c, result: 'sent', date: '2026-11-06', reason: null },
    ]);
  });

  it('accepts a BOM, CRLF, columns in any order and no reason column', () => {
    const bytes = new TextEncoder().encode(`\uFEFFdate,result,payment_id\r\n2026-11-06,sent,${a}\r\n`);
    expect(parseBankResults(bytes)).toEqual({ rows: [{ row: 2, paymentId: a, result: 'sent', date: '2026-11-06', reason: null }], problems: [] });
    const reordered = parseBankResults(`reason,date,payment_id,result\nR01 unknown,2026-11-09,${a},returned\n`);
    expect(reordered.rows).toEqual([{ row: 2, paymentId: a, result: 'returned', date: '2026-11-09', reason: 'R01 unknown' }]);
  });

  it.each([
    ['an unknown result', `${a},failed,2026-11-06,`, [{ row: 2, column: 'result', rule: 'result' }], /must be sent or returned/],
    ['a date that does not exist', `${a},sent,2026-02-30,`, [{ row: 2, column: 'date', rule: 'date' }], /must be a date YYYY-MM-DD/],
    ['a date in another format', `${a},sent,06/11/2026,`, [{ row: 2, column: 'date', rule: 'date' }], /YYYY-MM-DD/],
    ['a return without a reason', `${a},returned,2026-11-06,`, [{ row: 2, column: 'reason', rule: 'required' }], /required when the result is returned/],
    ['a payment id that is not a uuid', `P-1,sent,2026-11-06,`, [{ row: 2, column: 'payment_id', rule: 'uuid' }], /must be a payment id/],
    ['a reason of 201 characters', `${a},returned,2026-11-06,${'x'.repeat(201)}`, [{ row: 2, column: 'reason', rule: 'too_long' }], /at most 200 characters/],
    ['a reason over two lines', `${a},returned,2026-11-06,"AC04\nclosed"`, [{ row: 2, column: 'reason', rule: 'control_character' }], /one line/],
    [
      'empty required cells',
      ',,,',
      [
        { row: 2, column: 'payment_id', rule: 'required' },
        { row: 2, column: 'result', rule: 'required' },
        { row: 2, column: 'date', rule: 'required' },
      ],
      /is required/,
    ],
  ])('refuses %s, naming row, column and rule', (_, line, expected, message) => {
    const { rows, problems } = parseBankResults(`payment_id,result,date,reason\n${line}\n${b},sent,2026-11-06,\n`, 'results-2026-11.csv');
    expect(where(problems)).toEqual(expected);
    expect(problems[0]!.file).toBe('results-2026-11.csv');
    expect(problems[0]!.message).toMatch(message);
    // The good row after it is still read, with its own row number.
    expect(rows.map((r) => [r.row, r.paymentId])).toEqual([[expected[0]!.row + (line.includes('\n') ? 2 : 1), b]]);
  });

  it('refuses a payment twice in the file, naming the row it first appeared on', () => {
    const { rows, problems } = parseBankResults(`payment_id,result,date,reason\n${a},sent,2026-11-06,\n${b},sent,2026-11-06,\n${a.toUpperCase()},returned,2026-11-09,AC04\n`);
    expect(where(problems)).toEqual([{ row: 4, column: 'payment_id', rule: 'duplicate_payment_id' }]);
    expect(problems[0]!.message).toBe(`the payment ${a} is also on row 2`);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it.each([
    ['a missing column', 'payment_id,result,reason\n', [{ row: 1, column: 'date', rule: 'missing_column' }]],
    ['an unknown column', 'payment_id,result,date,amount\n', [{ row: 1, column: 'amount', rule: 'unknown_column' }]],
    ['a column twice', 'payment_id,result,date,date\n', [{ row: 1, column: 'date', rule: 'duplicate_column' }]],
    ['an empty file', '', [{ row: 1, column: null, rule: 'header_missing' }]],
    ['a row with a cell too many', `payment_id,result,date\n${a},sent,2026-11-06,x\n`, [{ row: 2, column: null, rule: 'csv_syntax' }]],
  ])('refuses the whole file for %s', (_, text, expected) => {
    const { rows, problems } = parseBankResults(text);
    expect(rows).toEqual([]);
    expect(where(problems)).toEqual(expected);
  });

  it('refuses a file that is not UTF-8', () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode(`payment_id,result,date,reason\n${a},returned,2026-11-06,Compte clos `), 0xe9, 0x0a]);
    expect(where(parseBankResults(latin1).problems)).toEqual([{ row: 0, column: null, rule: 'encoding' }]);
  });
});
