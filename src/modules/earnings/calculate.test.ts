import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedPartner } from '../../../test/helpers/incentives.ts';
import { programDefinition, seedProgram } from '../../../test/helpers/programs.ts';
import { AppError } from '../../errors.ts';
import { importBilling } from '../billing/import-billing.ts';
import { systemActor } from '../identity/actor.ts';
import { dailyTasks, jobHandlers } from '../jobs/handlers.ts';
import { runDueJobs } from '../jobs/queue.ts';
import { calculateEarnings, requestCalculation } from './calculate.ts';

const actor = systemActor('cli');
const text = (body: string) => ({
  name: 'billing.csv',
  chunks: (async function* () {
    yield new TextEncoder().encode(body);
  })(),
});

let t: TestApp;
let partner: Awaited<ReturnType<typeof seedPartner>>;
beforeAll(async () => {
  t = await createTestApp();
  partner = await seedPartner(t, 'direct_seller', 'US');
  const program = await seedProgram(t, { ...programDefinition('CALC-TEST'), status: 'open' });
  await t.db.query(
    `insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, status_reason, status_changed_at)
     select $1, gen_random_uuid(), $2, id, 'enrolled', '2026-07-01', 'test', now() from programs where code = $3`,
    [partner.organizationId, partner.locationId, program.code],
  );
});
afterAll(() => t.close());

async function totals() {
  const [row] = await t.db.query<{ n: number; total: string | null }>(`select count(*)::int as n, sum(earning)::text as total from earnings`);
  return row!;
}

describe('calculations', () => {
  it('refuses a bad range naming the field, and records nothing', async () => {
    const error = await calculateEarnings(t.ctx, actor, { from: '2026-9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details.fields).toEqual([{ field: 'from', rule: 'month', message: 'must be a month YYYY-MM' }]);
    const reversed = await calculateEarnings(t.ctx, actor, { from: '2026-10', to: '2026-09' }).catch((e: unknown) => e);
    expect((reversed as AppError).details.fields).toEqual([{ field: 'to', rule: 'before_from', message: 'is before from' }]);
    expect(await t.db.query(`select * from calculations`)).toEqual([]);
  });

  it('run from the portal as a queued job, and record what they did', async () => {
    await importBilling(t.ctx, actor, text(`line_id,location_id,product_category,billed_month,currency,amount\nQ-1,${partner.publicLocationId},azure,2026-09,USD,100.00\n`));
    const id = await requestCalculation(t.ctx, actor, { from: '2026-09', to: '2026-09' });
    const [queued] = await t.db.query<{ status: string }>(`select status::text from calculations where id = $1`, [id]);
    expect(queued!.status).toBe('queued');
    expect((await runDueJobs(t.ctx, jobHandlers)).done).toBeGreaterThanOrEqual(1);
    const [done] = await t.db.query(`select status::text, calculated, adjusted, from_month::text, to_month::text from calculations where id = $1`, [id]);
    expect(done).toEqual({ status: 'done', calculated: 1, adjusted: 0, from_month: '2026-09-01', to_month: '2026-09-01' });
    expect(await totals()).toEqual({ n: 1, total: '8.0000000000' });
  });

  it('also run daily, settling a change nobody asked a calculation for', async () => {
    await importBilling(t.ctx, actor, text(`line_id,location_id,product_category,billed_month,currency,amount\nQ-1,${partner.publicLocationId},azure,2026-09,USD,150.00\n`));
    const task = dailyTasks.find((d) => d.name === 'earnings');
    await task!.enqueue(t.db.orm, '2026-11-21');
    expect((await runDueJobs(t.ctx, jobHandlers)).done).toBeGreaterThanOrEqual(1);
    expect(await totals()).toEqual({ n: 2, total: '12.0000000000' });
  });

  it('wait for each other when started together, and record the difference once', async () => {
    await importBilling(t.ctx, actor, text(`line_id,location_id,product_category,billed_month,currency,amount\nQ-1,${partner.publicLocationId},azure,2026-09,USD,50.00\nQ-2,${partner.publicLocationId},azure,2026-10,USD,10.00\n`));
    const results = await Promise.all([calculateEarnings(t.ctx, actor), calculateEarnings(t.ctx, actor), calculateEarnings(t.ctx, actor)]);
    expect(results.map((r) => r.calculated + r.adjusted).sort()).toEqual([0, 0, 2]);
    expect(await totals()).toEqual({ n: 4, total: '4.8000000000' });
    await expect(t.db.query(`delete from earnings`)).rejects.toThrow(/append-only/);
  });
});
