import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedEarnings } from '../../../test/helpers/earnings.ts';
import { seedUser, signedIn } from '../../../test/helpers/identity.ts';
import { readCsv } from '../imports/csv.ts';
import { csvRecord, earningsCsvColumns, neutralizeFormula } from './csv.ts';
import { plainDecimal } from './decimals.ts';
import { earningsCsv } from './earnings-csv.ts';

describe('amounts in exports', () => {
  it.each([
    ['150.0000000000', '150.00'],
    ['98.7654240000', '98.765424'],
    ['-8.0000000000', '-8.00'],
    ['0E-10', null],
    ['0.0000000000', '0.00'],
    ['1234.5678', '1234.5678'],
    ['0.060000', '0.06'],
    ['0.100000', '0.10'],
    ['-0.0000000001', '-0.0000000001'],
    ['133333332954.0987500000', '133333332954.09875'],
    ['42', '42.00'],
  ])('%s is written %s', (value, written) => {
    if (written === null) expect(() => plainDecimal(value)).toThrow(RangeError);
    else expect(plainDecimal(value)).toBe(written);
  });
});

describe('text cells', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', `'+1`],
    ['-2', `'-2`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['A-1', 'A-1'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j is written %j', (text, written) => {
    expect(neutralizeFormula(text)).toBe(written);
  });

  it('quotes a cell with a comma, a quote or a line break, neutralizes formulas in text cells only, and ends records with CRLF', () => {
    expect(csvRecord([{ text: 'a,b' }, { text: 'say "hi"' }, { text: '=1+2' }, { number: '-8.00' }, { text: null }, { number: null }, { text: '\rx' }])).toBe(
      `"a,b","say ""hi""",'=1+2,-8.00,,,"'\rx"\r\n`,
    );
  });
});

describe('earnings.csv', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('is formats.md earnings.csv: the columns in order, exact amounts, formulas neutralized, what the filters select, streamed in batches', async () => {
    const seeded = await seedEarnings(t, () => [
      { lineId: '=cmd|\' /C calc\'!A0', category: 'azure', month: '2026-09', amount: '1234.5678' },
      { lineId: '@SUM(1,2)', category: 'modern-work', month: '2026-09', amount: '-100.00' },
      { lineId: 'plain "quoted"', category: 'azure', month: '2026-10', amount: '0.0001' },
      { lineId: '+41', category: 'azure', month: '2026-11', currency: 'KRW', amount: '10000' },
    ]);
    const b = await signedIn(t, await seedUser(t, { organizationId: seeded.organizationId, roles: ['global_admin'] }));
    const res = await b.request('/api/v1/earnings.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="earnings-2026-11-20.csv"');
    const text = await res.text();
    const ids = Object.fromEntries(
      (await t.db.query<{ id: string; line_id: string }>('select id, line_id from earnings')).map((r) => [r.line_id, r.id]),
    );
    const sorted = (await t.db.query<{ line_id: string }>('select line_id from earnings order by billed_month, id')).map((r) => r.line_id);
    const program = seeded.programCode;
    const location = seeded.publicLocationId;
    const lines: Record<string, string> = {
      "=cmd|' /C calc'!A0": `${ids["=cmd|' /C calc'!A0"]},'=cmd|' /C calc'!A0,${location},${program},CORE,REBATE,2026-09,USD,1234.5678,0.08,98.765424,calculated,,payable,`,
      '@SUM(1,2)': `${ids['@SUM(1,2)']},"'@SUM(1,2)",${location},${program},CORE,REBATE,2026-09,USD,-100.00,0.06,-6.00,calculated,,payable,`,
      'plain "quoted"': `${ids['plain "quoted"']},"plain ""quoted""",${location},${program},CORE,REBATE,2026-10,USD,0.0001,0.08,0.000008,calculated,,pending,`,
      '+41': `${ids['+41']},'+41,${location},${program},CORE,REBATE,2026-11,KRW,10000.00,0.08,800.00,calculated,,pending,`,
    };
    expect(text).toBe(
      `earning_id,line_id,location_id,program_code,lever_code,earning_type,billed_month,currency,amount,rate,earning,kind,reason,status,payment_id\r\n` +
        sorted.map((line) => `${lines[line]}\r\n`).join(''),
    );
    // Our own importer reads it back: the columns of formats.md, nothing else.
    const records = readCsv('earnings.csv', new TextEncoder().encode(text), { required: earningsCsvColumns, optional: [] });
    expect(records.map((r) => r.values.line_id).sort()).toEqual(["'+41", "'=cmd|' /C calc'!A0", "'@SUM(1,2)", 'plain "quoted"']);

    // Filters as the list takes them.
    const pending = await (await b.request('/api/v1/earnings.csv?status=pending&currency=USD')).json();
    expect(pending.errors).toEqual([expect.objectContaining({ field: 'query.currency', rule: 'unrecognized_keys' })]);
    const october = await (await b.request('/api/v1/earnings.csv?from=2026-10&to=2026-10')).text();
    expect(october.split('\r\n').slice(1, -1)).toEqual([lines['plain "quoted"']]);

    // Batches of two read the same file as one batch: no row skipped or repeated at a boundary.
    const reader = { organizationId: seeded.organizationId, pairs: 'all' as const, locale: 'en' as const, operator: false };
    let small = '';
    for await (const part of earningsCsv(t.ctx, reader, {}, { batchSize: 1 })) small += part;
    expect(small).toBe(text);
  });
});
