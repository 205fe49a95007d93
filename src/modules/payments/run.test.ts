import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { financeActor, freshSession, seededPair, usdLine } from '../../../test/helpers/paid.ts';
import { setFx } from '../../../test/helpers/payouts.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../identity/actor.ts';
import { approveRun, discardRun, recordBankResults, rejectPayment } from './lifecycle.ts';
import { runPayments } from './run.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function paymentOf(runId: string, organizationId: string) {
  return (
    await t.db.query<{ id: string; gross: string; withholding: string; net: string; withholding_rate: string; usd: string; payout_currency: string; status: string }>(
      `select id, gross::text, withholding::text, net::text, withholding_rate::text, usd::text, payout_currency, status::text from payments where run_id = $1 and organization_id = $2`,
      [runId, organizationId],
    )
  )[0];
}

async function holdOf(runId: string, organizationId: string) {
  return (await t.db.query<{ reasons: string; usd: string }>(`select array_to_string(reasons, ',') as reasons, usd::text from payment_holds where run_id = $1 and organization_id = $2`, [runId, organizationId]))[0];
}

// Each test uses its own cycle: one run per cycle month across the whole database.
describe('a payment run (earnings.md §4)', () => {
  it('pays the worked example of §5 exactly, links its earnings, and returns the same run when asked again', async () => {
    await setFx(t.db, '2026-11', { KRW: '1385.25' });
    const p = await seededPair(t, [usdLine('2026-09', '2500.00'), usdLine('2026-09', '1234.5678', 'azure'), usdLine('2026-09', '-100.00', 'azure')], {
      payable: { payoutCurrency: 'KRW', form: 'W-8BEN-E', treatyRate: '10' },
    });
    // Nothing is payable in 2026-10 (2026-09 + 2 months = 2026-11).
    const october = await runPayments(t.ctx, systemActor('cli'), { cycle: '2026-10', date: '2026-10-05' });
    expect(await paymentOf(october.run.id, p.organizationId)).toBeUndefined();
    expect(await holdOf(october.run.id, p.organizationId)).toBeUndefined();

    const first = await runPayments(t.ctx, systemActor('cli'), { cycle: '2026-11', date: '2026-11-05' });
    expect(first.created).toBe(true);
    const payment = await paymentOf(first.run.id, p.organizationId);
    expect(payment).toMatchObject({ usd: '240.77', gross: '333520', withholding: '33352', net: '300168', withholding_rate: '0.1000', payout_currency: 'KRW', status: 'upcoming' });
    const [amount] = await t.db.query<{ sum: string; converted: string }>(`select sum::text, converted::text from payment_amounts where payment_id = $1`, [payment!.id]);
    expect(amount).toEqual({ sum: '240.7654240000', converted: '333520.3035960000' });
    const [linked] = await t.db.query<{ n: number }>(`select count(*)::int as n from payment_earnings where payment_id = $1 and live`, [payment!.id]);
    expect(linked!.n).toBe(3);

    const again = await runPayments(t.ctx, systemActor('cli'), { cycle: '2026-11', date: '2026-11-20' });
    expect(again.created).toBe(false);
    expect(again.run).toEqual(first.run);
  });
});

describe('reasons not to pay', () => {
  // One run for all of them: cycle 2026-12, checked on 2026-12-05.
  const cycle = '2026-12';
  const cases: { name: string; expected: string; setup: () => Promise<{ organizationId: string }> }[] = [
    { name: 'enrollment not Enrolled', expected: 'enrollment', setup: async () => {
      const p = await seededPair(t, [usdLine('2026-10', '10000')]);
      await t.db.query(`update enrollments set status = 'action_required' where organization_id = $1`, [p.organizationId]);
      return p;
    } },
    { name: 'no tax form', expected: 'tax_profile', setup: async () => {
      const p = await seededPair(t, [usdLine('2026-10', '10000')]);
      await t.db.query(`delete from tax_profiles where organization_id = $1`, [p.organizationId]);
      return p;
    } },
    { name: 'a tax form pending validation', expected: 'tax_profile', setup: () => seededPair(t, [usdLine('2026-10', '10000')], { payable: { taxStatus: 'pending_validation' } }) },
    { name: 'a W-8BEN-E past its expiry on the run date, though not yet marked', expected: 'tax_profile', setup: () =>
      seededPair(t, [usdLine('2026-10', '10000')], { payable: { form: 'W-8BEN-E', expiresOn: '2026-12-01', taxStatus: 'expiring_soon' } }) },
    { name: 'no payout assignment', expected: 'payment_profile', setup: () => seededPair(t, [usdLine('2026-10', '10000')], { payable: { unassigned: true } }) },
    { name: 'a payment profile not approved', expected: 'payment_profile', setup: () => seededPair(t, [usdLine('2026-10', '10000')], { payable: { profileStatus: 'pending_validation' } }) },
    { name: 'hold my payment set in an earlier month', expected: 'partner_hold', setup: async () => {
      const p = await seededPair(t, [usdLine('2026-10', '10000')]);
      await t.db.query(
        `insert into hold_changes (organization_id, id, location_id, program_id, hold, effective_from, actor_label, at) values ($1, gen_random_uuid(), $2, $3, true, '2026-12-01', 'test', now())`,
        [p.organizationId, p.locationId, p.programId],
      );
      return p;
    } },
    { name: 'a negative balance', expected: 'negative_balance', setup: () => seededPair(t, [usdLine('2026-10', '-500')]) },
    { name: 'below the threshold', expected: 'below_threshold', setup: () => seededPair(t, [usdLine('2026-10', '3000')]) },
    { name: 'zero is below the threshold too', expected: 'below_threshold', setup: () => seededPair(t, [usdLine('2026-10', '3000'), usdLine('2026-10', '-3000')]) },
    { name: 'every reason at once, in the order of §4 step 4', expected: 'enrollment,tax_profile,payment_profile,partner_hold,below_threshold', setup: async () => {
      const p = await seededPair(t, [usdLine('2026-10', '100')], { payable: { taxStatus: 'action_required', profileStatus: 'action_required' } });
      await t.db.query(`update enrollments set status = 'validating' where organization_id = $1`, [p.organizationId]);
      await t.db.query(
        `insert into hold_changes (organization_id, id, location_id, program_id, hold, effective_from, actor_label, at) values ($1, gen_random_uuid(), $2, $3, true, '2026-11-01', 'test', now())`,
        [p.organizationId, p.locationId, p.programId],
      );
      return p;
    } },
    { name: 'negative with a missing profile', expected: 'payment_profile,negative_balance', setup: () => seededPair(t, [usdLine('2026-10', '-10')], { payable: { unassigned: true } }) },
  ];

  it('records every reason that applies per group, and pays none of them', async () => {
    const seeded = [];
    for (const c of cases) seeded.push({ ...c, partner: await c.setup() });
    // A hold set this month applies only from next month's run: this one is paid.
    const later = await seededPair(t, [usdLine('2026-10', '10000')]);
    await t.db.query(
      `insert into hold_changes (organization_id, id, location_id, program_id, hold, effective_from, actor_label, at) values ($1, gen_random_uuid(), $2, $3, true, '2027-01-01', 'test', now())`,
      [later.organizationId, later.locationId, later.programId],
    );
    const { run } = await runPayments(t.ctx, systemActor('cli'), { cycle, date: '2026-12-05' });
    for (const c of seeded) {
      expect(await holdOf(run.id, c.partner.organizationId), c.name).toMatchObject({ reasons: c.expected });
      expect(await paymentOf(run.id, c.partner.organizationId), c.name).toBeUndefined();
    }
    expect(await paymentOf(run.id, later.organizationId)).toMatchObject({ gross: '600.00', status: 'upcoming' });
  });
});

describe('across cycles', () => {
  it('carries a group below the threshold forward until its sum reaches it, then pays all of it', async () => {
    const p = await seededPair(t, [usdLine('2027-01', '2000'), usdLine('2027-02', '2000')]);
    const march = await runPayments(t.ctx, systemActor('cli'), { cycle: '2027-03', date: '2027-03-05' });
    expect(await holdOf(march.run.id, p.organizationId)).toEqual({ reasons: 'below_threshold', usd: '120.00' });
    const april = await runPayments(t.ctx, systemActor('cli'), { cycle: '2027-04', date: '2027-04-05' });
    expect(await holdOf(april.run.id, p.organizationId)).toBeUndefined();
    expect(await paymentOf(april.run.id, p.organizationId)).toMatchObject({ usd: '240.00', gross: '240.00', net: '240.00' });
  });

  it('holds a negative balance until later earnings outweigh it', async () => {
    const p = await seededPair(t, [usdLine('2027-03', '-1000'), usdLine('2027-04', '6000')]);
    const may = await runPayments(t.ctx, systemActor('cli'), { cycle: '2027-05', date: '2027-05-05' });
    expect(await holdOf(may.run.id, p.organizationId)).toEqual({ reasons: 'negative_balance', usd: '-60.00' });
    const june = await runPayments(t.ctx, systemActor('cli'), { cycle: '2027-06', date: '2027-06-05' });
    expect(await paymentOf(june.run.id, p.organizationId)).toMatchObject({ usd: '300.00', gross: '300.00' });
  });

  it('a returned payment is reversed, holds the pair until the profile is approved again, then is paid again in the next cycle', async () => {
    const p = await seededPair(t, [usdLine('2027-05', '5000')]);
    const creator = financeActor('creator@vendor.example');
    const approver = financeActor('approver@vendor.example');
    const july = await runPayments(t.ctx, creator, { cycle: '2027-07', date: '2027-07-05' });
    const paid = await paymentOf(july.run.id, p.organizationId);
    expect(paid).toMatchObject({ gross: '300.00' });
    await approveRun(t.ctx, approver, freshSession(t, approver), july.run.id);
    await recordBankResults(t.ctx, creator, [{ paymentId: paid!.id, result: 'sent', date: '2027-07-10' }]);
    await recordBankResults(t.ctx, creator, [{ paymentId: paid!.id, result: 'returned', date: '2027-07-15', reason: 'Account closed' }]);
    expect((await paymentOf(july.run.id, p.organizationId))!.status).toBe('reversed');

    const august = await runPayments(t.ctx, creator, { cycle: '2027-08', date: '2027-08-05' });
    expect(await holdOf(august.run.id, p.organizationId)).toEqual({ reasons: 'payment_returned', usd: '300.00' });

    t.clock.advance(60_000);
    await t.db.query(`update payment_profiles set reviewed_at = $2 where organization_id = $1`, [p.organizationId, t.clock.now()]);
    const september = await runPayments(t.ctx, creator, { cycle: '2027-09', date: '2027-09-05' });
    const again = await paymentOf(september.run.id, p.organizationId);
    expect(again).toMatchObject({ gross: '300.00', status: 'upcoming' });
    const [links] = await t.db.query<{ live: number; dead: number }>(
      `select count(*) filter (where live)::int as live, count(*) filter (where not live)::int as dead from payment_earnings where organization_id = $1`,
      [p.organizationId],
    );
    expect(links).toEqual({ live: 1, dead: 1 });
  });
});

describe('rounding half away from zero at the minor unit', () => {
  it('rounds USD and KRW ties away from zero, for gross and for withholding', async () => {
    await setFx(t.db, '2027-12', { KRW: '1385.2545' });
    // 16668.75 × 0.06 = 1000.125 USD: usd and gross 1000.13.
    const tieUsd = await seededPair(t, [usdLine('2027-10', '16668.75')]);
    // 16667.50 × 0.06 = 1000.05 USD; 10 % of it is 100.005: withholding 100.01.
    const tieUsdWithholding = await seededPair(t, [usdLine('2027-10', '16667.50')], { payable: { form: 'W-8BEN-E', treatyRate: '10' } });
    // 12500 × 0.08 = 1000.00 USD × 1385.2545 = 1385254.5 KRW: gross 1385255; 10 % is 138525.5: withholding 138526.
    const tieKrw = await seededPair(t, [usdLine('2027-10', '12500', 'azure')], { payable: { payoutCurrency: 'KRW', form: 'W-8BEN-E', treatyRate: '10' } });
    const { run } = await runPayments(t.ctx, systemActor('cli'), { cycle: '2027-12', date: '2027-12-05' });
    expect(await paymentOf(run.id, tieUsd.organizationId)).toMatchObject({ usd: '1000.13', gross: '1000.13', withholding: '0.00', net: '1000.13' });
    expect(await paymentOf(run.id, tieUsdWithholding.organizationId)).toMatchObject({ gross: '1000.05', withholding: '100.01', net: '900.04' });
    const krw = await paymentOf(run.id, tieKrw.organizationId);
    const [amount] = await t.db.query<{ converted: string }>(`select converted::text from payment_amounts where payment_id = $1`, [krw!.id]);
    expect(amount!.converted).toBe('1385254.5000000000');
    expect(krw).toMatchObject({ gross: '1385255', withholding: '138526', net: '1246729' });
  });
});

describe('review and approval', () => {
  it('the creator cannot approve; another Finance operator can, after confirming their password; then it cannot be discarded', async () => {
    const p = await seededPair(t, [usdLine('2028-01', '10000')]);
    const creator = financeActor('a@vendor.example');
    const other = financeActor('b@vendor.example');
    const { run } = await runPayments(t.ctx, creator, { cycle: '2028-03', date: '2028-03-02' });
    const own = await approveRun(t.ctx, creator, freshSession(t, creator), run.id).catch((e: unknown) => e);
    expect(own).toMatchObject({ code: 'forbidden' });
    const stale = await approveRun(t.ctx, other, { ...freshSession(t, other), reauthenticatedAt: new Date(t.clock.now().getTime() - 11 * 60_000) }, run.id).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'reauthentication_required' });
    expect((await paymentOf(run.id, p.organizationId))!.status).toBe('upcoming');
    await approveRun(t.ctx, other, freshSession(t, other), run.id);
    expect((await paymentOf(run.id, p.organizationId))!.status).toBe('in_progress');
    expect(await discardRun(t.ctx, creator, run.id).catch((e: unknown) => e)).toMatchObject({ code: 'conflict' });
  });

  it('a discarded run releases its earnings, and the cycle can be run again; a rejected payment releases its own', async () => {
    const p = await seededPair(t, [usdLine('2028-02', '10000')]);
    const q = await seededPair(t, [usdLine('2028-02', '20000')]);
    const creator = financeActor('c@vendor.example');
    const first = await runPayments(t.ctx, creator, { cycle: '2028-04', date: '2028-04-02' });
    await discardRun(t.ctx, creator, first.run.id);
    expect((await paymentOf(first.run.id, p.organizationId))!.status).toBe('discarded');
    const second = await runPayments(t.ctx, creator, { cycle: '2028-04', date: '2028-04-03' });
    expect(second.created).toBe(true);
    expect(second.run.id).not.toBe(first.run.id);
    const paid = await paymentOf(second.run.id, p.organizationId);
    expect(paid).toMatchObject({ gross: '600.00', status: 'upcoming' });
    await rejectPayment(t.ctx, creator, paid!.id, 'Bank details look wrong');
    expect((await paymentOf(second.run.id, p.organizationId))!.status).toBe('rejected');
    expect((await paymentOf(second.run.id, q.organizationId))!.status).toBe('upcoming');
    const [free] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from earnings e where e.organization_id = $1 and not exists (select 1 from payment_earnings pe where pe.earning_id = e.id and pe.live)`,
      [p.organizationId],
    );
    expect(free!.n).toBe(1);
  });

  it("refuses bank answers that do not fit their payment, naming the row, and records none of them", async () => {
    const p = await seededPair(t, [usdLine('2028-03', '10000')]);
    const creator = financeActor('d@vendor.example');
    const approver = financeActor('e@vendor.example');
    const { run } = await runPayments(t.ctx, creator, { cycle: '2028-05', date: '2028-05-02' });
    const payment = await paymentOf(run.id, p.organizationId);
    // Not approved yet: it cannot be sent.
    const early = await recordBankResults(t.ctx, creator, [{ paymentId: payment!.id, result: 'sent', date: '2028-05-03' }]).catch((e: unknown) => e);
    expect(early).toMatchObject({ code: 'validation_failed', details: { rows: [{ row: 2, column: 'result', rule: 'payment_state' }] } });
    await approveRun(t.ctx, approver, freshSession(t, approver), run.id);
    const mixed = await recordBankResults(t.ctx, creator, [
      { paymentId: payment!.id, result: 'sent', date: '2028-05-03' },
      { paymentId: randomUUID(), result: 'sent', date: '2028-05-03' },
    ]).catch((e: unknown) => e);
    expect(mixed).toMatchObject({ details: { rows: [{ row: 3, column: 'payment_id', rule: 'unknown_payment' }] } });
    expect((await paymentOf(run.id, p.organizationId))!.status).toBe('in_progress');
    expect(await recordBankResults(t.ctx, creator, [{ paymentId: payment!.id, result: 'sent', date: '2028-05-03' }])).toEqual({ sent: 1, returned: 0, unchanged: 0 });
    expect(await recordBankResults(t.ctx, creator, [{ paymentId: payment!.id, result: 'sent', date: '2028-05-03' }])).toEqual({ sent: 0, returned: 0, unchanged: 1 });
  });
});

// Last: the earnings it leaves payable have no FX rate, so every later run would be refused too.
describe('missing FX rates', () => {
  it('refuses the whole run, writing nothing, when an FX rate of the cycle is missing, naming the currencies and the month', async () => {
    await seededPair(t, [{ category: 'modern-work', month: '2028-06', currency: 'TWD', amount: '100000' }, { category: 'modern-work', month: '2028-06', currency: 'JPY', amount: '100000' }], {});
    const refused = await runPayments(t.ctx, systemActor('cli'), { cycle: '2028-08' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toContain('No FX rate for JPY, TWD in 2028-08');
    const [runs] = await t.db.query<{ n: number }>(`select count(*)::int as n from payment_runs where cycle = '2028-08-01'`);
    expect(runs!.n).toBe(0);
  });
});
