import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';
import { seedPartner } from '../../../test/helpers/incentives.ts';
import { enqueueJob, runDueJobs } from '../jobs/queue.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { uploadChunkBytes } from './uploads.ts';

let t: TestApp;
let finance: Browser;
let location: string;

beforeEach(async () => {
  t = await createTestApp();
  finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
  location = (await seedPartner(t)).publicLocationId;
});
afterEach(() => t.close());

const header = 'line_id,location_id,customer_name,product_category,billed_month,currency,amount\n';
const csv = { 'Content-Type': 'text/csv' };

async function upload(kind: 'billing' | 'fx', body: string | Uint8Array | ReadableStream<Uint8Array>, fileName = `${kind}.csv`, as = finance) {
  return as.request(`/api/v1/imports/${kind}?fileName=${encodeURIComponent(fileName)}`, { body, headers: csv });
}

async function run(id: string) {
  const res = await finance.request(`/api/v1/imports/${id}`);
  expect(res.status).toBe(200);
  return res.json();
}

const count = async (table: string) => Number((await t.db.query<{ n: string }>(`select count(*)::text as n from ${table}`))[0]!.n);

/** The bytes in pieces of `size`, as a network would deliver them, with no length announced. */
function streamOf(bytes: Uint8Array, size = 64 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

describe('uploading a billing or FX file', () => {
  it('stores the file, answers 202 with the run, and the job imports it and removes the file', async () => {
    const file = `${header}U-1,${location},Contoso,azure,2026-09,USD,1000.00\nU-2,${location},Contoso,azure,2026-09,KRW,50000\n`;
    const res = await upload('billing', file, 'september.csv');
    expect(res.status).toBe(202);
    const accepted = await res.json();
    expect(accepted).toEqual({ id: expect.any(String), kind: 'billing', status: 'queued', bytesTotal: Buffer.byteLength(file), statusUrl: `/api/v1/imports/${accepted.id}` });
    expect(res.headers.get('location')).toBe(accepted.statusUrl);
    expect(await run(accepted.id)).toMatchObject({ status: 'queued', fileName: 'september.csv', bytesTotal: Buffer.byteLength(file), bytesRead: 0, problems: [] });
    expect(await count('import_file_chunks')).toBe(1);
    expect(await count('billing_lines')).toBe(0);

    await runDueJobs(t.ctx, jobHandlers);
    expect(await run(accepted.id)).toMatchObject({
      status: 'done',
      bytesRead: Buffer.byteLength(file),
      rowsRead: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      problemCount: 0,
      error: null,
      finishedAt: expect.any(String),
    });
    expect(await count('import_file_chunks')).toBe(0);
    expect(await count('billing_staging')).toBe(0);
    expect(await t.db.query('select line_id, amount::text, currency from billing_lines order by line_id')).toEqual([
      { line_id: 'U-1', amount: '1000.0000', currency: 'USD' },
      { line_id: 'U-2', amount: '50000.0000', currency: 'KRW' },
    ]);

    t.clock.advance(60_000);
    const fx = await upload('fx', 'month,currency,units_per_usd\n2026-09,KRW,1385.25\n2026-09,TWD,32.1\n');
    expect(fx.status).toBe(202);
    const fxRun = (await fx.json()).id;
    await runDueJobs(t.ctx, jobHandlers);
    expect(await run(fxRun)).toMatchObject({ kind: 'fx', status: 'done', inserted: 2, rowsRead: 2, bytesRead: expect.any(Number) });
    expect(await t.db.query('select currency, units_per_usd::text from fx_rates order by currency')).toEqual([
      { currency: 'KRW', units_per_usd: '1385.25000000' },
      { currency: 'TWD', units_per_usd: '32.10000000' },
    ]);

    const all = await (await finance.request('/api/v1/imports')).json();
    expect(all.total).toBe(2);
    expect(all.imports.map((r: { kind: string }) => r.kind)).toEqual(['fx', 'billing']);
    expect(all.imports[0]).not.toHaveProperty('problems');
    const billing = await (await finance.request('/api/v1/imports?kind=billing&limit=1')).json();
    expect(billing).toMatchObject({ total: 1, imports: [{ id: accepted.id, inserted: 2 }] });
  });

  it('puts a streamed file of several chunks back together byte for byte, characters split between chunks included', async () => {
    const line = (n: number) => `S-${n},${location},雲橋資訊股份有限公司,azure,2026-09,TWD,${n}.25\n`;
    const lines: string[] = [];
    let size = Buffer.byteLength(header);
    for (let n = 1; size < uploadChunkBytes * 1.5; n++) {
      lines.push(line(n));
      size += Buffer.byteLength(line(n));
    }
    // Shift the file by one byte at a time until the first chunk ends inside a three-byte character.
    let bytes = Buffer.from(header + lines.join(''));
    for (let pad = 1; (bytes[uploadChunkBytes]! & 0xc0) !== 0x80; pad++) bytes = Buffer.from(header + `S-0${'0'.repeat(pad)}` + lines.join('').slice(3));
    const res = await upload('billing', streamOf(new Uint8Array(bytes)));
    expect(res.status).toBe(202);
    const { id, bytesTotal } = await res.json();
    expect(bytesTotal).toBe(bytes.byteLength);
    expect(await count('import_file_chunks')).toBe(2);

    await runDueJobs(t.ctx, jobHandlers);
    expect(await run(id)).toMatchObject({ status: 'done', inserted: lines.length, rowsRead: lines.length, bytesRead: bytes.byteLength });
    expect(await t.db.query(`select count(*)::int as n from billing_lines where customer_name = '雲橋資訊股份有限公司'`)).toEqual([{ n: lines.length }]);
  });

  it('records a refused file with its refused rows, changes nothing, and does not try it again', async () => {
    const file = `${header}R-1,${location},A,azure,2026-09,USD,10.00\nR-2,${location},A,azure,2026-13,USD,10.00\nR-3,L-99999999,A,azure,2026-09,XYZ,10.00\n`;
    const { id } = await (await upload('billing', file)).json();
    expect(await runDueJobs(t.ctx, jobHandlers)).toMatchObject({ retried: 0, failed: 0 });
    const refused = await run(id);
    expect(refused).toMatchObject({ status: 'refused', inserted: 0, problemCount: 2 });
    expect(refused.problems).toEqual([
      { file: 'billing.csv', row: 3, column: 'billed_month', rule: 'month', message: 'must be a month YYYY-MM' },
      { file: 'billing.csv', row: 4, column: 'currency', rule: 'currency', message: '"XYZ" is not an ISO 4217 currency code' },
    ]);
    expect(await count('billing_lines')).toBe(0);
    expect(await count('billing_staging')).toBe(0);
    expect(await count('import_file_chunks')).toBe(0);
    expect((await t.db.query<{ status: string }>(`select status from jobs where kind = 'import.billing'`)).map((j) => j.status)).toEqual(['done']);
  });

  it('starts over after a worker died while loading, and only records an import a dead worker had applied', async () => {
    const file = `${header}D-1,${location},A,azure,2026-09,USD,10.00\nD-2,${location},A,azure,2026-09,USD,20.00\n`;
    const { id } = await (await upload('billing', file)).json();
    // The worker died after staging the rows: its lease lapses and the job is taken again.
    await t.db.query(`update import_runs set status = 'loading', bytes_read = 40 where id = $1`, [id]);
    await t.db.query(
      `insert into billing_staging (import_id, row, line_id, location_code, product_category, billed_month, currency, amount)
       values ($1, 2, 'D-1', $2, 'azure', '2026-09-01', 'USD', 10), ($1, 3, 'D-2', $2, 'azure', '2026-09-01', 'USD', 20)`,
      [id, location],
    );
    await t.db.query(`update jobs set status = 'running', attempts = 1, locked_until = $1`, [t.clock.now().toISOString()]);
    t.clock.advance(1000);
    expect(await runDueJobs(t.ctx, jobHandlers)).toMatchObject({ retried: 0, failed: 0 });
    expect(await run(id)).toMatchObject({ status: 'done', inserted: 2, problemCount: 0 });

    // A worker that died after the import committed, before recording it done: nothing is imported twice.
    await t.db.query(`update import_runs set status = 'applying', inserted = 0 where id = $1`, [id]);
    await enqueueJob(t.db.orm, 'import.billing', { reason: 'again', payload: { importId: id } });
    await runDueJobs(t.ctx, jobHandlers);
    expect(await run(id)).toMatchObject({ status: 'done', inserted: 2, unchanged: 0 });
    expect(await t.db.query('select count(*)::int as n from billing_line_versions')).toEqual([{ n: 2 }]);
  });

  it('refuses an empty body and a form post', async () => {
    const empty = await upload('billing', '');
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors).toEqual([{ field: 'body', rule: 'file_empty', message: 'body is an empty file' }]);
    const form = await finance.request('/api/v1/imports/billing', { body: '--x\r\n', headers: { 'Content-Type': 'multipart/form-data; boundary=x' } });
    expect(form.status).toBe(415);
    expect(await count('import_runs')).toBe(0);
  });

  it('lets operators read imports, Finance upload them, and nobody else', async () => {
    const support = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['support'] }));
    expect((await upload('billing', `${header}P-1,${location},A,azure,2026-09,USD,1\n`, 'x.csv', support)).status).toBe(403);
    const partner = await signedIn(t, await seedUser(t, { organizationId: (await seedPartner(t)).organizationId, roles: ['global_admin'] }));
    expect((await upload('fx', 'month,currency,units_per_usd\n2026-09,KRW,1\n', 'x.csv', partner)).status).toBe(403);
    expect((await partner.request('/api/v1/imports')).status).toBe(403);
    expect(await count('import_runs')).toBe(0);
    expect((await support.request('/api/v1/imports')).status).toBe(200);
  });
});

describe('the upload limit', () => {
  let small: TestApp;
  let b: Browser;
  beforeEach(async () => {
    small = await createTestApp({ env: { ACCRUE_IMPORT_MAX_MB: '1' } });
    b = await signedIn(small, await seedUser(small, { organizationId: null, roles: ['finance'] }));
  });
  afterEach(() => small.close());

  const tooLarge = () => new Uint8Array(uploadChunkBytes + 10).fill(0x41);

  it('answers 413 at once for a file announced as too large, and 413 for one that turns out too large, keeping nothing', async () => {
    // Announced: refused before a byte is read.
    const announced = await b.request('/api/v1/imports/billing', { body: 'line_id', headers: { ...csv, 'Content-Length': String(2 * uploadChunkBytes) } });
    expect(announced.status).toBe(413);
    expect(await announced.json()).toMatchObject({ code: 'payload_too_large', detail: 'The file is larger than the 1 MiB an import may be; nothing was kept.' });
    const streamed = await b.request('/api/v1/imports/billing', { body: streamOf(tooLarge()), headers: csv });
    expect(streamed.status).toBe(413);
    expect(await small.db.query('select (select count(*) from import_runs)::int as runs, (select count(*) from import_file_chunks)::int as chunks, (select count(*) from jobs)::int as jobs')).toEqual([
      { runs: 0, chunks: 0, jobs: 0 },
    ]);
    // Exactly the limit is fine.
    const fits = await b.request('/api/v1/imports/fx', { body: new Uint8Array(uploadChunkBytes).fill(0x41), headers: csv });
    expect(fits.status).toBe(202);
  });
});
