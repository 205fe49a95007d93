import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { calculate, earningsProgram, enroll, importLines, recordProgram, type BillingLine } from '../../../test/helpers/earnings.ts';
import { seedPartner } from '../../../test/helpers/incentives.ts';
import { makePayable, setFx, type PayableSetup } from '../../../test/helpers/payouts.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import type { SessionRecord } from '../identity/sessions.ts';
import { approveRun, recordBankResults } from '../payments/lifecycle.ts';
import { runPayments } from '../payments/run.ts';
import { checkInvariants, invariantNames, type CheckReport } from './check.ts';

let t: TestApp;

const finance = (label: string): Actor => ({ ...systemActor(), kind: 'user', userId: randomUUID(), label, roles: ['finance'] });
const freshSession = (actor: Actor): SessionRecord => ({
  tokenHash: 'x',
  userId: actor.userId!,
  organizationId: null,
  stage: 'active',
  createdAt: t.clock.now(),
  lastSeenAt: t.clock.now(),
  expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
  reauthenticatedAt: t.clock.now(),
});

let n = 0;
async function pair(lines: Omit<BillingLine, 'lineId'>[], payable: Partial<PayableSetup> = {}) {
  const partner = await seedPartner(t);
  const code = `CHECK-${n++}`;
  const programId = await recordProgram(t, earningsProgram({ code, threshold_usd: '200.00' } as never));
  await enroll(t, partner.organizationId, partner.locationId, programId);
  await importLines(t, partner.publicLocationId, lines.map((l, i) => ({ ...l, lineId: `${code}-${i}` })));
  await calculate(t);
  const { paymentProfileId } = await makePayable(t.db, t.ctx, { organizationId: partner.organizationId, locationId: partner.locationId, programId, ...payable });
  return { ...partner, programId, code, paymentProfileId };
}
const usd = (month: string, amount: string, category = 'modern-work'): Omit<BillingLine, 'lineId'> => ({ category, month, amount });

/** The problems of the broken checks, by check name; the healthy ones are left out. */
function broken(report: CheckReport): Record<string, { table: string; id: string; detail: string }[]> {
  return Object.fromEntries(report.checks.filter((c) => !c.ok).map((c) => [c.name, c.problems]));
}

/** Runs `change` with the append-only triggers of `table` off, as only a hand in the database could. */
async function behindTriggers(table: string, change: () => Promise<unknown>): Promise<void> {
  await t.db.query(`alter table ${table} disable trigger user`);
  try {
    await change();
  } finally {
    await t.db.query(`alter table ${table} enable trigger user`);
  }
}

/** The ids a test breaks things with. */
const ids = {} as {
  krw: { organizationId: string; paymentId: string };
  returned: { organizationId: string; paymentId: string };
  again: { organizationId: string; paymentId: string; earningIds: string[] };
  held: { code: string; publicLocationId: string; earningId: string; lineId: string };
  runId: string;
};

beforeAll(async () => {
  t = await createTestApp();
  // The worked example (KRW, treaty 10 %), a USD partner whose payment the bank returns and who is
  // paid again next cycle, and a partner below the threshold.
  await setFx(t.db, '2026-11', { KRW: '1385.25' });
  await setFx(t.db, '2026-12', { KRW: '1402.10' });
  const krw = await pair([usd('2026-09', '2500.00'), usd('2026-09', '1234.5678', 'azure'), usd('2026-09', '-100.00', 'azure')], {
    payoutCurrency: 'KRW',
    form: 'W-8BEN-E',
    treatyRate: '10',
  });
  const dollars = await pair([usd('2026-09', '5000')]);
  const small = await pair([usd('2026-09', '1000')]);

  const creator = finance('creator@vendor.example');
  const approver = finance('approver@vendor.example');
  const { run } = await runPayments(t.ctx, creator, { cycle: '2026-11', date: '2026-11-05' });
  await approveRun(t.ctx, approver, freshSession(approver), run.id);
  const paymentOf = async (runId: string, organizationId: string) =>
    (await t.db.query<{ id: string }>('select id from payments where run_id = $1 and organization_id = $2', [runId, organizationId]))[0]!.id;
  const krwPayment = await paymentOf(run.id, krw.organizationId);
  const returned = await paymentOf(run.id, dollars.organizationId);
  await recordBankResults(t.ctx, creator, [
    { paymentId: krwPayment, result: 'sent', date: '2026-11-10' },
    { paymentId: returned, result: 'sent', date: '2026-11-10' },
  ]);
  await recordBankResults(t.ctx, creator, [{ paymentId: returned, result: 'returned', date: '2026-11-14', reason: 'Account closed' }]);
  t.clock.advance(60_000);
  await t.db.query('update payment_profiles set reviewed_at = $2 where organization_id = $1', [dollars.organizationId, t.clock.now()]);
  const december = await runPayments(t.ctx, creator, { cycle: '2026-12', date: '2026-12-05' });
  const again = await paymentOf(december.run.id, dollars.organizationId);

  const [heldEarning] = await t.db.query<{ id: string; line_id: string }>('select id, line_id from earnings where organization_id = $1', [small.organizationId]);
  ids.krw = { organizationId: krw.organizationId, paymentId: krwPayment };
  ids.returned = { organizationId: dollars.organizationId, paymentId: returned };
  ids.again = {
    organizationId: dollars.organizationId,
    paymentId: again,
    earningIds: (await t.db.query<{ earning_id: string }>('select earning_id from payment_earnings where payment_id = $1', [again])).map((r) => r.earning_id),
  };
  ids.held = { code: small.code, publicLocationId: small.publicLocationId, earningId: heldEarning!.id, lineId: heldEarning!.line_id };
  ids.runId = december.run.id;
}, 60_000);
afterAll(() => t.close());

describe('accrue check on a database run through import, calculation, payment runs and bank answers', () => {
  it('finds every invariant holding', async () => {
    const report = await checkInvariants(t.ctx);
    expect(report.checks.map((c) => c.name)).toEqual(invariantNames);
    expect(broken(report)).toEqual({});
    expect(report.ok).toBe(true);
    // The database has what the checks look at: a sent, a reversed and an upcoming payment.
    const states = await t.db.query<{ status: string }>('select status::text from payments order by 1');
    expect(states.map((s) => s.status)).toEqual(['reversed', 'sent', 'upcoming']);
  });

  it('names an earning in two live payments, and the links that disagree with their payment', async () => {
    // The returned payment marked Sent again: its earnings, paid again in December, are in two live payments.
    await t.db.query(`update payments set status = 'sent' where id = $1`, [ids.returned.paymentId]);
    try {
      const report = await checkInvariants(t.ctx);
      expect(report.ok).toBe(false);
      const problems = broken(report);
      expect(Object.keys(problems)).toEqual(['earning_in_one_live_payment']);
      expect(problems.earning_in_one_live_payment).toEqual(
        expect.arrayContaining([
          { table: 'earnings', id: ids.again.earningIds[0], detail: expect.stringMatching(/^is in 2 live payments: /) },
          { table: 'payment_earnings', id: `${ids.returned.paymentId}/${ids.again.earningIds[0]}`, detail: 'is not live but its payment is sent' },
        ]),
      );
      expect(problems.earning_in_one_live_payment![0]!.detail).toContain(ids.again.paymentId);
    } finally {
      await t.db.query(`update payments set status = 'reversed' where id = $1`, [ids.returned.paymentId]);
    }
  });

  it('names a payment whose amounts are not its earnings converted and rounded', async () => {
    await behindTriggers('payment_amounts', () => t.db.query(`update payment_amounts set sum = sum + 1 where payment_id = $1`, [ids.krw.paymentId]));
    await t.db.query('update payments set gross = gross + 1, net = net + 1 where id = $1', [ids.again.paymentId]);
    try {
      const problems = broken(await checkInvariants(t.ctx));
      expect(Object.keys(problems)).toEqual(['payment_equals_its_earnings']);
      expect(problems.payment_equals_its_earnings).toEqual([
        { table: 'payment_amounts', id: `${ids.krw.paymentId}/USD`, detail: 'sum 241.7654240000, but its linked earnings sum to 240.7654240000' },
        { table: 'payment_amounts', id: `${ids.krw.paymentId}/USD`, detail: 'converted 333520.3035960000, but sum × rate of KRW / rate of USD = 334905.5535960000' },
        ...[
          { table: 'payments', id: ids.again.paymentId, detail: 'gross 301.00, but its amounts give 300.00' },
          { table: 'payments', id: ids.krw.paymentId, detail: 'USD value 240.77, but its amounts give 241.77' },
        ].sort((a, b) => (a.id < b.id ? -1 : 1)),
      ]);
    } finally {
      await behindTriggers('payment_amounts', () => t.db.query(`update payment_amounts set sum = sum - 1 where payment_id = $1`, [ids.krw.paymentId]));
      await t.db.query('update payments set gross = gross - 1, net = net - 1 where id = $1', [ids.again.paymentId]);
    }
    expect((await checkInvariants(t.ctx)).ok).toBe(true);
  });

  it('names a disabled append-only trigger', async () => {
    await t.db.query('alter table payment_events disable trigger payment_events_no_update_delete');
    try {
      expect(broken(await checkInvariants(t.ctx))).toEqual({
        append_only_tables: [{ table: 'pg_trigger', id: 'payment_events.payment_events_no_update_delete', detail: 'is disabled' }],
      });
    } finally {
      await t.db.query('alter table payment_events enable trigger payment_events_no_update_delete');
    }
  });

  it('names a changed earning, the totals that no longer add up, and a billing line that is not its latest version', async () => {
    await behindTriggers('earnings', () => t.db.query('update earnings set earning = earning + 0.5 where id = $1', [ids.held.earningId]));
    await t.db.query('update billing_lines set amount = amount + 1 where line_id = $1', [ids.held.lineId]);
    try {
      const problems = broken(await checkInvariants(t.ctx));
      expect(Object.keys(problems)).toEqual(['earnings_unchanged']);
      expect(problems.earnings_unchanged).toEqual([
        {
          table: 'earning_totals',
          id: `${ids.held.publicLocationId} ${ids.held.code} CORE 2026-09 USD calculated`,
          detail: 'total 60.0000000000 of 1 earnings, but the earnings sum to 60.5000000000 over 1',
        },
        { table: 'earnings', id: ids.held.earningId, detail: 'earning 60.5000000000, but amount × rate = 60.0000000000' },
        { table: 'billing_lines', id: ids.held.lineId, detail: 'differs from its version 1' },
      ]);
    } finally {
      await behindTriggers('earnings', () => t.db.query('update earnings set earning = earning - 0.5 where id = $1', [ids.held.earningId]));
      await t.db.query('update billing_lines set amount = amount - 1 where line_id = $1', [ids.held.lineId]);
    }
  });

  it("names a run whose counts are off, a payment without its day sent, and a dispute of a payment never sent", async () => {
    await t.db.query('update payment_runs set holds = holds + 2 where id = $1', [ids.runId]);
    await t.db.query('update payments set sent_on = null where id = $1', [ids.krw.paymentId]);
    const disputeId = randomUUID();
    await t.db.query(
      `insert into payment_disputes (organization_id, id, payment_id, status, message, opened_by_user_id, opened_by, opened_at)
       values ($1, $2, $3, 'open', 'Where is it?', $4, 'partner@example.com', now())`,
      [ids.again.organizationId, disputeId, ids.again.paymentId, randomUUID()],
    );
    try {
      const problems = broken(await checkInvariants(t.ctx));
      expect(problems).toEqual({
        payment_runs: [{ table: 'payment_runs', id: ids.runId, detail: 'counts 3 held groups, but has 1' }],
        payment_states: [
          { table: 'payments', id: ids.krw.paymentId, detail: 'is sent on no day' },
          { table: 'payment_disputes', id: disputeId, detail: `disputes payment ${ids.again.paymentId}, which was never sent` },
        ],
      });
    } finally {
      await t.db.query('update payment_runs set holds = holds - 2 where id = $1', [ids.runId]);
      await t.db.query(`update payments set sent_on = '2026-11-10' where id = $1`, [ids.krw.paymentId]);
      await t.db.query('delete from payment_disputes where id = $1', [disputeId]);
    }
    expect((await checkInvariants(t.ctx)).ok).toBe(true);
  });
});
