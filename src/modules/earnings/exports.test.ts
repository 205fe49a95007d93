import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { addLocation, calculate, enroll, importLines, seedEarnings } from '../../../test/helpers/earnings.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { runDueJobs } from '../jobs/queue.ts';
import { maxExportsInProgress, runEarningsExport } from './exports.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const lines = (p: { publicLocationId: string }) => [
  { lineId: 'A-1', location: p.publicLocationId, category: 'modern-work', month: '2026-09', amount: '2500.00' },
  { lineId: 'A-2', location: p.publicLocationId, category: 'azure', month: '2026-09', amount: '1234.5678' },
  { lineId: 'A-3', location: p.publicLocationId, category: 'azure', month: '2026-09', amount: '-100.00' },
  { lineId: 'B-1', location: p.publicLocationId, customerName: '=1+1', category: 'azure', month: '2026-10', amount: '500.00' },
];

async function adminOf(organizationId: string): Promise<Browser> {
  return signedIn(t, await seedUser(t, { organizationId, roles: ['global_admin'] }));
}

type ExportView = { id: string; status: string; rowsTotal: number | null; rowsWritten: number; progress: number | null; statusUrl: string; downloadUrl: string | null };

describe('earnings exports', () => {
  it('is accepted (202, Location), runs as a job, reports its progress, and downloads once done as the streamed file would be', async () => {
    const seeded = await seedEarnings(t, lines);
    const b = await adminOf(seeded.organizationId);
    const asked = await b.request('/api/v1/earnings/exports', { json: { to: '2026-09' } });
    expect(asked.status).toBe(202);
    const queued = (await asked.json()) as ExportView;
    expect(asked.headers.get('location')).toBe(`/api/v1/earnings/exports/${queued.id}`);
    expect(queued).toMatchObject({ status: 'queued', rowsTotal: null, progress: null, statusUrl: `/api/v1/earnings/exports/${queued.id}`, downloadUrl: null });

    const early = await b.request(`/api/v1/earnings/exports/${queued.id}/download`);
    expect(early.status).toBe(409);
    expect((await early.json()).detail).toBe('The export is still being made; download it once it is done.');

    // The export's job (and the eligibility run the billing import asked for).
    expect(await runDueJobs(t.ctx, jobHandlers)).toMatchObject({ done: 2, failed: 0 });
    const done = (await (await b.request(queued.statusUrl)).json()) as ExportView;
    expect(done).toMatchObject({ status: 'done', rowsTotal: 3, rowsWritten: 3, progress: 1, downloadUrl: `/api/v1/earnings/exports/${queued.id}/download` });

    const file = await b.request(done.downloadUrl!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await file.text();
    expect(text).toBe(await (await b.request('/api/v1/earnings.csv?to=2026-09')).text());
    expect(text.split('\r\n')).toHaveLength(5);
    expect(Number(file.headers.get('content-length'))).toBe(Buffer.byteLength(text));

    const listed = (await (await b.request('/api/v1/earnings/exports')).json()) as { exports: ExportView[] };
    expect(listed.exports.map((e) => [e.id, e.status])).toEqual([[queued.id, 'done']]);
  });

  it('belongs to the user who asked: anyone else, in or out of the organization, gets 404; it expires after 7 days', async () => {
    const seeded = await seedEarnings(t, lines);
    const owner = await seedUser(t, { organizationId: seeded.organizationId, roles: ['global_admin'] });
    const b = await signedIn(t, owner);
    const { id, statusUrl } = (await (await b.request('/api/v1/earnings/exports', { json: {} })).json()) as ExportView;
    await runDueJobs(t.ctx, jobHandlers);
    expect((await b.request(statusUrl)).status).toBe(200);

    const colleague = await adminOf(seeded.organizationId);
    expect((await colleague.request(statusUrl)).status).toBe(404);
    expect((await colleague.request(`${statusUrl}/download`)).status).toBe(404);
    expect((await (await colleague.request('/api/v1/earnings/exports')).json()).exports).toEqual([]);
    const other = await seedEarnings(t, lines);
    expect((await (await adminOf(other.organizationId)).request(`${statusUrl}/download`)).status).toBe(404);
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    expect((await finance.request(`/api/v1/partners/${seeded.partnerId}/earnings/exports/${id}`)).status).toBe(404);

    t.clock.advance(7 * 86_400_000 + 1);
    expect((await (await signedIn(t, owner)).request(statusUrl)).status).toBe(404);
    const removed = await t.db.query<{ n: number }>('select count(*)::int as n from earnings_export_chunks');
    expect(removed[0]!.n).toBeGreaterThan(0);
    await jobHandlers['earnings.expire_exports'](t.ctx, { id: '', kind: 'earnings.expire_exports', payload: {}, reason: 'daily', attempts: 1 });
    expect(await t.db.query('select id from earnings_exports')).toEqual([]);
    expect(await t.db.query('select export_id from earnings_export_chunks')).toEqual([]);
  });

  it("holds only the pairs of the requester's scope, and operators export a partner's earnings under the partner's id", async () => {
    const seeded = await seedEarnings(t, lines);
    const annex = await addLocation(t, seeded.organizationId);
    await enroll(t, seeded.organizationId, annex.id, seeded.programId);
    await importLines(t, annex.locationId, [{ lineId: 'X-1', category: 'azure', month: '2026-09', amount: '10.00' }]);
    await calculate(t);

    const scoped = await signedIn(
      t,
      await seedUser(t, { organizationId: seeded.organizationId, roles: ['incentive_user'], scopes: [{ locationId: annex.id, programCode: seeded.programCode }] }),
    );
    const mine = (await (await scoped.request('/api/v1/earnings/exports', { json: {} })).json()) as ExportView;
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    const asked = await finance.request(`/api/v1/partners/${seeded.partnerId}/earnings/exports`, { json: { location: seeded.publicLocationId } });
    expect(asked.status).toBe(202);
    const operators = (await asked.json()) as ExportView;
    expect(operators.statusUrl).toBe(`/api/v1/partners/${seeded.partnerId}/earnings/exports/${operators.id}`);
    await runDueJobs(t.ctx, jobHandlers);

    const lineIds = async (b: Browser, url: string) =>
      (await (await b.request(url)).text())
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',')[1])
        .sort();
    expect(await lineIds(scoped, `/api/v1/earnings/exports/${mine.id}/download`)).toEqual(['X-1']);
    expect(await lineIds(finance, `${operators.statusUrl}/download`)).toEqual(['A-1', 'A-2', 'A-3', 'B-1']);
    // Not under another partner's id.
    const other = await seedEarnings(t, lines);
    expect((await finance.request(`/api/v1/partners/${other.partnerId}/earnings/exports/${operators.id}`)).status).toBe(404);
  });

  it('writes a large file in chunks, and starts it again when its job is retried', async () => {
    const seeded = await seedEarnings(t, lines);
    const b = await adminOf(seeded.organizationId);
    const { id, statusUrl } = (await (await b.request('/api/v1/earnings/exports', { json: {} })).json()) as ExportView;
    // A first attempt that wrote part of the file before its process died, then the retry.
    await t.db.query(`insert into earnings_export_chunks (organization_id, export_id, chunk, data) values ($2, $1, 0, 'partial'), ($2, $1, 7, 'stale')`, [id, seeded.organizationId]);
    await runEarningsExport(t.ctx, { payload: { exportId: id }, attempts: 2 }, { chunkChars: 100, batchSize: 1 });
    const chunks = await t.db.query<{ chunk: number }>('select chunk from earnings_export_chunks where export_id = $1 order by chunk', [id]);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.chunk)).toEqual(chunks.map((_, i) => i));
    const text = await (await b.request(`${statusUrl}/download`)).text();
    expect(text).toBe(await (await b.request('/api/v1/earnings.csv')).text());
  });

  it(`refuses a ${maxExportsInProgress + 1}th export while ${maxExportsInProgress} are in progress, and a bad filter by field`, async () => {
    const seeded = await seedEarnings(t, lines);
    const b = await adminOf(seeded.organizationId);
    for (let i = 0; i < maxExportsInProgress; i++) expect((await b.request('/api/v1/earnings/exports', { json: {} })).status).toBe(202);
    const refused = await b.request('/api/v1/earnings/exports', { json: {} });
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toBe(`You have ${maxExportsInProgress} exports in progress; ask for another once one is done.`);
    const bad = await b.request('/api/v1/earnings/exports', { json: { from: '2026-10', to: '2026-09', format: 'xlsx' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(['body.format unrecognized_keys']);
    const order = await b.request('/api/v1/earnings/exports', { json: { from: '2026-10', to: '2026-09' } });
    expect((await order.json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(['body.to before_from']);
  });
});
