import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';
import { programFile, seedPartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { systemActor } from '../identity/actor.ts';
import { importBilling } from '../billing/import-billing.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { runDueJobs } from '../jobs/queue.ts';

let t: TestApp;
let finance: Browser;

beforeEach(async () => {
  t = await createTestApp();
  finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
});
afterEach(() => t.close());

/** A location enrolled from 2026-07 in a program paying 8 % on azure, with two lines of September and one of October. */
async function billedPartner() {
  const partner = await seedPartner(t);
  const programId = await seedProgramId(t, programFile('CALC-TEST'));
  await t.db.query(
    `insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, status_reason, status_changed_at)
     values ($1, gen_random_uuid(), $2, $3, 'enrolled', '2026-07-01', 'test', now())`,
    [partner.organizationId, partner.locationId, programId],
  );
  const file = `line_id,location_id,product_category,billed_month,currency,amount\nC-1,${partner.publicLocationId},azure,2026-09,USD,1000.00\nC-2,${partner.publicLocationId},azure,2026-09,USD,-100.00\nC-3,${partner.publicLocationId},azure,2026-10,USD,50.00\n`;
  const chunks = (async function* () {
    yield new TextEncoder().encode(file);
  })();
  await importBilling(t.ctx, systemActor('cli'), { name: 'billing.csv', chunks });
}

const calculation = async (id: string) => (await finance.request(`/api/v1/calculations/${id}`)).json();

describe('calculations from the API', () => {
  it('queues a calculation, and the job records the earnings and its counts', async () => {
    await billedPartner();
    const res = await finance.request('/api/v1/calculations', { json: { from: '2026-09', to: '2026-09' } });
    expect(res.status).toBe(202);
    const { id, status, statusUrl } = await res.json();
    expect([status, statusUrl, res.headers.get('location')]).toEqual(['queued', `/api/v1/calculations/${id}`, statusUrl]);
    expect(await calculation(id)).toMatchObject({ id, status: 'queued', from: '2026-09', to: '2026-09', calculated: 0, startedAt: null });

    await runDueJobs(t.ctx, jobHandlers);
    expect(await calculation(id)).toMatchObject({ status: 'done', calculated: 2, adjusted: 0, error: null, finishedAt: expect.any(String) });
    expect(await t.db.query(`select line_id, earning::text from earnings order by line_id`)).toEqual([
      { line_id: 'C-1', earning: '80.0000000000' },
      { line_id: 'C-2', earning: '-8.0000000000' },
    ]);

    // Over every month: October is new, September already recorded.
    t.clock.advance(60_000);
    const all = (await (await finance.request('/api/v1/calculations', { json: {} })).json()).id;
    await runDueJobs(t.ctx, jobHandlers);
    expect(await calculation(all)).toMatchObject({ status: 'done', from: null, to: null, calculated: 1, adjusted: 0 });

    const list = await (await finance.request('/api/v1/calculations?limit=10')).json();
    expect(list.total).toBe(2);
    expect(list.calculations.map((c: { id: string }) => c.id)).toEqual([all, id]);
  });

  it('names a bad month as the field of the body, and queues nothing', async () => {
    const bad = await finance.request('/api/v1/calculations', { json: { from: '2026-13', to: 'soon' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(['body.from month', 'body.to month']);
    const reversed = await finance.request('/api/v1/calculations', { json: { from: '2026-10', to: '2026-09' } });
    expect((await reversed.json()).errors).toEqual([{ field: 'body.to', rule: 'before_from', message: 'body.to must not be before the from month' }]);
    expect(await t.db.query('select (select count(*) from calculations)::int as calculations, (select count(*) from jobs)::int as jobs')).toEqual([{ calculations: 0, jobs: 0 }]);
  });

  it('lets every operator read calculations and only Finance and Operator admins ask for one', async () => {
    const support = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['support'] }));
    const manager = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['program_manager'] }));
    expect((await support.request('/api/v1/calculations', { json: {} })).status).toBe(403);
    expect((await manager.request('/api/v1/calculations', { json: {} })).status).toBe(403);
    expect((await support.request('/api/v1/calculations')).status).toBe(200);
    expect((await support.request('/api/v1/calculations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(await t.db.query('select count(*)::int as n from calculations')).toEqual([{ n: 0 }]);
  });
});
