import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';
import { approvedRun, bankAnswer, paymentOf, seededPair, usdLine, type SeededPair } from '../../../test/helpers/paid.ts';
import { setFx } from '../../../test/helpers/payouts.ts';
import { systemActor } from '../identity/actor.ts';
import { runPayments } from './run.ts';

// Seen on 2026-11-20 (the test clock), with a payment delay of 2 months: September's earnings are
// payable in the November run, which does not exist yet, so November is the run previewed.
let t: TestApp;
let b: Browser;
const pairs: Record<string, SeededPair> = {};

beforeAll(async () => {
  t = await createTestApp();
  await setFx(t.db, '2026-10', { KRW: '1400' });
  const ok = await seededPair(t, [usdLine('2026-09', '5000.00')]);
  const org = { organizationId: ok.organizationId };
  pairs.ok = ok;
  // 60 USD payable; 60 more payable in December and 120 in January.
  pairs.below = await seededPair(t, [usdLine('2026-09', '1000.00'), usdLine('2026-10', '1000.00'), usdLine('2026-11', '2000.00')], org);
  pairs.noProfiles = await seededPair(t, [usdLine('2026-08', '5000.00'), usdLine('2026-09', '100.00')], { ...org, payable: false });
  pairs.held = await seededPair(t, [usdLine('2026-09', '5000.00')], org);
  pairs.negative = await seededPair(t, [usdLine('2026-09', '-1000.00')], org);
  pairs.notEnrolled = await seededPair(t, [usdLine('2026-09', '5000.00')], org);
  pairs.korean = await seededPair(t, [{ category: 'modern-work', month: '2026-09', currency: 'KRW', amount: '5000000' }], { ...org, payable: { payoutCurrency: 'KRW' } });
  pairs.returned = await seededPair(t, [usdLine('2026-08', '5000.00')], org);
  pairs.pendingOnly = await seededPair(t, [usdLine('2026-11', '5000.00')], org);
  pairs.nothing = await seededPair(t, [], org);

  await t.db.query(`update enrollments set status = 'action_required' where location_id = $1`, [pairs.notEnrolled.locationId]);
  await t.db.query(`update payout_assignments set hold = true, hold_effective_from = '2026-11-01' where location_id = $1`, [pairs.held.locationId]);
  await t.db.query(
    `insert into hold_changes (organization_id, id, location_id, program_id, hold, effective_from, actor_label, at) values ($1, gen_random_uuid(), $2, $3, true, '2026-11-01', 'test', '2026-10-10')`,
    [pairs.held.organizationId, pairs.held.locationId, pairs.held.programId],
  );
  // October's run pays the August earnings of `returned` (the bank returns it) and holds `noProfiles`.
  const october = await approvedRun(t, '2026-10', '2026-10-05');
  await bankAnswer(t, [(await paymentOf(t, october.id, pairs.returned))!.id], 'returned', '2026-10-20');
  b = await signedIn(t, await seedUser(t, { organizationId: ok.organizationId, roles: ['global_admin'] }));
});
afterAll(() => t.close());

type Status = {
  cycle: string;
  checkedOn: string;
  latestRun: { cycle: string; status: string } | null;
  pairs: {
    location: { locationId: string };
    program: { code: string };
    payable: { earnings: number; amounts: { currency: string; amount: string }[]; usd: string | null; thresholdUsd: string; progress: number; fxEstimated: boolean };
    pending: { earnings: number; amounts: { currency: string; amount: string }[]; firstPayableMonth: string | null };
    reasons: { code: string; detail: string | null; action: string; link: string; month?: string | null }[];
    lastRun: { cycle: string; payment: { status: string } | null; hold: { reasons: string[] } | null } | null;
    nextPayment: { rule: string; month: string | null };
  }[];
};

async function status(): Promise<Status> {
  const res = await b.request('/api/v1/payouts/status');
  expect(res.status).toBe(200);
  return res.json();
}
const of = (s: Status, key: string) => s.pairs.find((p) => p.program.code === pairs[key]!.code)!;

describe("why wasn't I paid", () => {
  it('previews the next run for every pair: each reason with its action and page, progress to the threshold and the next month a payment is expected', async () => {
    const s = await status();
    expect(s).toMatchObject({ cycle: '2026-11', checkedOn: '2026-11-20', latestRun: { cycle: '2026-10', status: 'approved' } });
    expect(s.pairs).toHaveLength(Object.keys(pairs).length);

    expect(of(s, 'ok')).toMatchObject({
      payable: { earnings: 1, amounts: [{ currency: 'USD', amount: '300.00' }], usd: '300.00', thresholdUsd: '200.00', progress: 1, fxEstimated: false },
      reasons: [],
      nextPayment: { rule: 'next_run', month: '2026-11' },
      lastRun: { cycle: '2026-10', payment: null, hold: null },
    });

    const below = of(s, 'below');
    expect(below.payable).toMatchObject({ usd: '60.00', progress: 0.3 });
    expect(below.pending).toEqual({ earnings: 2, amounts: [{ currency: 'USD', amount: '180.00' }], firstPayableMonth: '2026-12' });
    const earningsLink = `/earnings?location=${pairs.below!.publicLocationId}&program=${pairs.below!.code}`;
    expect(below.reasons).toEqual([{ code: 'below_threshold', detail: null, action: 'seeEarnings', link: earningsLink }]);
    // December brings 120 USD, January 240: paid in the January run if nothing else changes.
    expect(below.nextPayment).toEqual({ rule: 'when_threshold_reached', month: '2027-01' });

    const noProfiles = of(s, 'noProfiles');
    const pairPage = `/incentives/${pairs.noProfiles!.publicLocationId}/${pairs.noProfiles!.code}`;
    expect(noProfiles.reasons).toEqual([
      { code: 'tax_profile', detail: 'missing', action: 'openTaxProfile', link: `/tax-profiles#location-${pairs.noProfiles!.publicLocationId}` },
      { code: 'payment_profile', detail: 'unassigned', action: 'choosePaymentProfile', link: `${pairPage}#payout` },
    ]);
    expect(noProfiles.nextPayment).toEqual({ rule: 'blocked', month: null });
    // October's run recorded its hold; the August earnings are still payable, with September's.
    expect(noProfiles.lastRun).toMatchObject({ cycle: '2026-10', payment: null, hold: { reasons: ['tax_profile', 'payment_profile'] } });
    expect(noProfiles.payable).toMatchObject({ earnings: 2, usd: '306.00' });

    expect(of(s, 'held').reasons).toEqual([
      { code: 'partner_hold', detail: 'set', action: 'clearHold', link: `/incentives/${pairs.held!.publicLocationId}/${pairs.held!.code}#payout`, month: '2026-12' },
    ]);
    expect(of(s, 'held').nextPayment.rule).toBe('blocked');

    expect(of(s, 'negative')).toMatchObject({ payable: { usd: '-60.00', progress: 0 }, reasons: [{ code: 'negative_balance', action: 'seeEarnings' }], nextPayment: { rule: 'blocked' } });
    expect(of(s, 'notEnrolled').reasons).toEqual([
      { code: 'enrollment', detail: 'action_required', action: 'openEnrollment', link: `/incentives/${pairs.notEnrolled!.publicLocationId}/${pairs.notEnrolled!.code}` },
    ]);

    // November's KRW rate is not imported yet: valued at October's (300,000 KRW / 1400).
    expect(of(s, 'korean')).toMatchObject({ payable: { amounts: [{ currency: 'KRW', amount: '300000.00' }], usd: '214.29', fxEstimated: true }, reasons: [], nextPayment: { rule: 'next_run' } });

    expect(of(s, 'returned')).toMatchObject({
      reasons: [{ code: 'payment_returned', action: 'confirmBankDetails', link: '/payment-profiles' }],
      lastRun: { cycle: '2026-10', payment: { status: 'reversed' }, hold: null },
      payable: { usd: '300.00' },
    });

    expect(of(s, 'pendingOnly')).toMatchObject({
      payable: { earnings: 0, amounts: [], usd: '0.00', progress: 0 },
      pending: { earnings: 1, firstPayableMonth: '2027-01' },
      reasons: [{ code: 'below_threshold' }],
      nextPayment: { rule: 'when_threshold_reached', month: '2027-01' },
    });
    expect(of(s, 'nothing')).toMatchObject({ payable: { earnings: 0, usd: '0.00' }, pending: { earnings: 0 }, nextPayment: { rule: 'nothing_due', month: null } });
  });

  it('agrees with the run it previews, then previews the next month', async () => {
    await setFx(t.db, '2026-11', { KRW: '1400' });
    const preview = await status();
    await runPayments(t.ctx, systemActor('cli'), { cycle: '2026-11', date: '2026-11-20' });
    const holds = await t.db.query<{ program_id: string; reasons: string[] }>(`select program_id, reasons from payment_holds h join payment_runs r on r.id = h.run_id where r.cycle = '2026-11-01'`);
    const paid = await t.db.query<{ program_id: string }>(`select program_id from payments p where p.cycle = '2026-11-01'`);
    for (const [key, pair] of Object.entries(pairs)) {
      const expected = of(preview, key);
      if (expected.payable.earnings === 0) continue; // nothing payable: the run has no group for it
      const hold = holds.find((h) => h.program_id === pair.programId);
      expect(hold?.reasons ?? [], key).toEqual(expected.reasons.map((r) => r.code));
      expect(paid.some((p) => p.program_id === pair.programId), key).toBe(expected.reasons.length === 0);
    }
    const after = await status();
    expect(after).toMatchObject({ cycle: '2026-12', latestRun: { cycle: '2026-11', status: 'upcoming' } });
    expect(of(after, 'ok')).toMatchObject({ lastRun: { cycle: '2026-11', payment: { status: 'upcoming' } }, payable: { earnings: 0 } });
    expect(of(after, 'held').lastRun).toMatchObject({ hold: { reasons: ['partner_hold'] } });
    expect(of(after, 'below')).toMatchObject({ payable: { usd: '120.00' }, nextPayment: { rule: 'when_threshold_reached', month: '2027-01' } });
  });
});
