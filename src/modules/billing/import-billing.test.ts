import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { wholeDatabase } from '../../../test/helpers/db.ts';
import { seedPartner } from '../../../test/helpers/incentives.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../identity/actor.ts';
import { importBilling } from './import-billing.ts';
import { importFx } from './import-fx.ts';

const actor = systemActor('cli');
const header = 'line_id,location_id,customer_id,customer_name,product_sku,product_category,billed_month,currency,amount,quantity';

/** A file as the upload or the command line hands it over: in chunks of `chunkSize` bytes. */
function source(text: string, name = 'billing.csv', chunkSize = 64 * 1024) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return {
    name,
    size: bytes.byteLength,
    chunks: (async function* () {
      for (let i = 0; i < bytes.byteLength; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
    })(),
  };
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('validation_failed');
  return error as AppError;
}

let t: TestApp;
let us: Awaited<ReturnType<typeof seedPartner>>;
let kr: Awaited<ReturnType<typeof seedPartner>>;
beforeAll(async () => {
  t = await createTestApp();
  us = await seedPartner(t, 'direct_seller', 'US');
  kr = await seedPartner(t, 'direct_seller', 'KR');
});
afterAll(() => t.close());

describe('billing import', () => {
  it('imports lines, counts a repeated file as unchanged and a changed line as a new version, keeping the old one', async () => {
    const file = [
      header,
      `X-1,${us.publicLocationId},C-1,"Contoso, Ltd.",SKU-1,azure,2026-08,USD,1000.00,2`,
      `X-2,${us.publicLocationId},C-2,Fabrikam,SKU-2,modern-work,2026-08,USD,-25.5,1`,
      `X-3,${kr.publicLocationId},C-3,한빛상사,SKU-3,azure,2026-08,KRW,1500000,3`,
    ].join('\r\n');
    expect(await importBilling(t.ctx, actor, source(file))).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await importBilling(t.ctx, actor, source(`\uFEFF${file}\r\n`))).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    // The same amount written differently is the same content.
    const corrected = [header, `X-2,${us.publicLocationId},C-2,Fabrikam,SKU-2,modern-work,2026-08,USD,-25.5000,1`, `X-1,${us.publicLocationId},C-1,"Contoso, Ltd.",SKU-1,azure,2026-08,USD,1200.00,2`].join('\n');
    expect(await importBilling(t.ctx, actor, source(corrected))).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
    const versions = await t.db.query<{ line_id: string; version: number; amount: string }>(
      `select line_id, version, amount::text from billing_line_versions where line_id like 'X-%' order by line_id, version`,
    );
    expect(versions).toEqual([
      { line_id: 'X-1', version: 1, amount: '1000.0000' },
      { line_id: 'X-1', version: 2, amount: '1200.0000' },
      { line_id: 'X-2', version: 1, amount: '-25.5000' },
      { line_id: 'X-3', version: 1, amount: '1500000.0000' },
    ]);
    const [current] = await t.db.query<{ version: number; amount: string; customer_name: string }>(`select version, amount::text, customer_name from billing_lines where line_id = 'X-1'`);
    expect(current).toEqual({ version: 2, amount: '1200.0000', customer_name: 'Contoso, Ltd.' });
    await expect(t.db.query(`update billing_line_versions set amount = 0 where line_id = 'X-1'`)).rejects.toThrow(/append-only/);
    const runs = await t.db.query<{ status: string; rows_read: number; bytes_read: number; bytes_total: number }>(
      `select status::text, rows_read, bytes_read::int, bytes_total::int from import_runs where kind = 'billing' order by created_at desc limit 1`,
    );
    expect(runs[0]).toEqual({ status: 'done', rows_read: 2, bytes_read: new TextEncoder().encode(corrected).byteLength, bytes_total: new TextEncoder().encode(corrected).byteLength });
  });

  it('keeps each location’s monthly USD revenue from the current lines and the month’s FX rate', async () => {
    await importFx(t.ctx, actor, source('month,currency,units_per_usd\n2026-08,KRW,1250.00000000\n2026-08,USD,1', 'fx.csv'));
    const revenue = await t.db.query<{ location_id: string; usd: string }>(
      `select location_id, usd::text from location_revenue where month = '2026-08-01' order by usd`,
    );
    expect(revenue).toEqual([
      { location_id: kr.locationId, usd: '1200.0000' },
      { location_id: us.locationId, usd: '1174.5000' },
    ].sort((a, b) => Number(a.usd) - Number(b.usd)));
    // A new rate for the month recomputes it; the same file again changes nothing.
    expect(await importFx(t.ctx, actor, source('month,currency,units_per_usd\n2026-08,KRW,1200', 'fx.csv'))).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await importFx(t.ctx, actor, source('month,currency,units_per_usd\n2026-08,KRW,1200.0', 'fx.csv'))).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const [krw] = await t.db.query<{ usd: string }>(`select usd::text from location_revenue where month = '2026-08-01' and location_id = $1`, [kr.locationId]);
    expect(krw!.usd).toBe('1250.0000');
  });

  it('sums the largest amounts a file may carry without overflowing the monthly revenue', async () => {
    const big = '9999999999999999.9999';
    const file = [header, `M-1,${us.publicLocationId},,,,azure,2025-01,USD,${big},`, `M-2,${us.publicLocationId},,,,azure,2025-01,USD,${big},`].join('\n');
    expect(await importBilling(t.ctx, actor, source(file))).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    const [revenue] = await t.db.query<{ usd: string }>(`select usd::text from location_revenue where month = '2025-01-01' and location_id = $1`, [us.locationId]);
    expect(revenue!.usd).toBe('19999999999999999.9998');
  });

  it('refuses bad rows naming row, column and rule, and changes nothing', async () => {
    const before = await wholeDatabase(t.db);
    const file = [
      header,
      `Y-1,${us.publicLocationId},,,,azure,2026-08,USD,10,`,
      `Y-2,${us.publicLocationId},,,,Azure!,2026-8,usd,1.23456,x`,
      `Y-3,,,,,azure,2026-08,USD,,`,
    ].join('\n');
    const error = await refusal(importBilling(t.ctx, actor, source(file)));
    expect(error.details.rows!.map((r) => [r.row, r.column, r.rule])).toEqual([
      [3, 'product_category', 'product_category_format'],
      [3, 'billed_month', 'month'],
      [3, 'currency', 'currency'],
      [3, 'amount', 'decimal'],
      [3, 'quantity', 'decimal'],
      [4, 'location_id', 'required'],
      [4, 'amount', 'required'],
    ]);
    expect(error.message).toContain('billing.csv row 3, column amount: must be a decimal with at most 4 digits after the point');

    const relational = [header, `Y-1,${us.publicLocationId},,,,azure,2026-08,USD,10,`, `Y-2,L-99999999,,,,azure,2026-08,USD,10,`, `Y-1,${us.publicLocationId},,,,azure,2026-08,USD,11,`].join('\n');
    const second = await refusal(importBilling(t.ctx, actor, source(relational)));
    expect(second.details.rows!.map((r) => [r.row, r.column, r.rule, r.message])).toEqual([
      [3, 'location_id', 'unknown_location', 'there is no location L-99999999'],
      [4, 'line_id', 'duplicate_line_id', 'the line Y-1 is also on row 2'],
    ]);

    const unknownColumn = await refusal(importBilling(t.ctx, actor, source(`${header},discount\n`)));
    expect(unknownColumn.details.rows).toEqual([{ file: 'billing.csv', row: 1, column: 'discount', rule: 'unknown_column', message: '"discount" is not a column of this file' }]);
    const notUtf8 = await refusal(importBilling(t.ctx, actor, source(new Uint8Array([...new TextEncoder().encode(`${header}\nZ-1,`), 0xff, 0xfe]) as unknown as string)));
    expect(notUtf8.details.rows![0]!.rule).toBe('encoding');

    // Only the import runs record the refusals.
    const withoutRuns = (dump: string) => dump.split('\n').filter((line) => !line.startsWith('import_runs: '));
    expect(withoutRuns(await wholeDatabase(t.db))).toEqual(withoutRuns(before));
  });

  it('refuses a file of 100,000 lines with one bad row, naming that row, and changes nothing', async () => {
    const before = await t.db.query<{ n: number }>(`select count(*)::int as n from billing_line_versions`);
    const rows = [header];
    for (let i = 1; i <= 100_000; i++) {
      const amount = i === 73_210 ? '12.34.5' : `${(i % 9000) + 1}.${String(i % 100).padStart(2, '0')}`;
      rows.push(`H-${i},${i % 2 ? us.publicLocationId : kr.publicLocationId},C-${i % 300},Customer ${i % 300},SKU-${i % 7},azure,2026-0${(i % 6) + 1},${i % 2 ? 'USD' : 'KRW'},${amount},1`);
    }
    const error = await refusal(importBilling(t.ctx, actor, source(rows.join('\n'))));
    expect(error.details.rows).toEqual([
      { file: 'billing.csv', row: 73_211, column: 'amount', rule: 'decimal', message: 'must be a decimal with at most 4 digits after the point, like -1234.5678' },
    ]);
    expect(await t.db.query(`select count(*)::int as n from billing_line_versions`)).toEqual(before);
    expect(await t.db.query(`select count(*)::int as n from billing_staging`)).toEqual([{ n: 0 }]);
  }, 120_000);
});

describe('FX import', () => {
  it('refuses USD other than 1, unknown currencies, non-positive and repeated rates', async () => {
    const error = await refusal(
      importFx(t.ctx, actor, source('month,currency,units_per_usd\n2026-09,USD,1.1\n2026-09,ABC,3\n2026-09,KRW,0\n2026-09,TWD,32\n2026-09,TWD,33\n2026-13,EUR,-1', 'fx.csv')),
    );
    expect(error.details.rows!.map((r) => [r.row, r.column, r.rule])).toEqual([
      [2, 'units_per_usd', 'usd_is_one'],
      [3, 'currency', 'currency'],
      [4, 'units_per_usd', 'positive'],
      [6, 'currency', 'duplicate_rate'],
      [7, 'month', 'month'],
      [7, 'units_per_usd', 'decimal'],
    ]);
    expect(await t.db.query(`select * from fx_rates where month = '2026-09-01'`)).toEqual([]);
  });
});
