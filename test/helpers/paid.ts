import { randomUUID } from 'node:crypto';
import { systemActor, type Actor } from '../../src/modules/identity/actor.ts';
import type { SessionRecord } from '../../src/modules/identity/sessions.ts';
import { approveRun, recordBankResults } from '../../src/modules/payments/lifecycle.ts';
import { runPayments } from '../../src/modules/payments/run.ts';
import type { TestApp } from './app.ts';
import { addLocation, calculate, earningsProgram, enroll, importLines, recordProgram, type BillingLine } from './earnings.ts';
import { seedPartner } from './incentives.ts';
import { makePayable, type PayableSetup } from './payouts.ts';

let n = 0;

export interface SeededPair {
  organizationId: string;
  /** Internal and public ids of the location. */
  locationId: string;
  publicLocationId: string;
  programId: string;
  code: string;
  partnerId: string;
}

/**
 * A (location, program) with these billing lines calculated: a new partner (or a new location of
 * `organizationId`), a new program (delay 2, the threshold given), enrolled from 2026-07, and made
 * payable (valid tax form, approved and assigned profile) unless `payable` is false.
 */
export async function seededPair(
  t: TestApp,
  lines: Omit<BillingLine, 'lineId'>[],
  options: { organizationId?: string; threshold?: string; payable?: Partial<PayableSetup> | false; enrolled?: boolean } = {},
): Promise<SeededPair> {
  const code = `PAID-${process.pid % 1000}-${++n}-${Date.now() % 1e5}`;
  let partner: { organizationId: string; locationId: string; publicLocationId: string; partnerId: string };
  if (options.organizationId) {
    const location = await addLocation(t, options.organizationId, `Location ${n}`);
    const [row] = await t.db.query<{ partner_id: string }>('select partner_id from organizations where id = $1', [options.organizationId]);
    partner = { organizationId: options.organizationId, locationId: location.id, publicLocationId: location.locationId, partnerId: row!.partner_id };
  } else {
    partner = await seedPartner(t);
  }
  const programId = await recordProgram(t, earningsProgram({ code, threshold_usd: options.threshold ?? '200.00' } as never));
  if (options.enrolled !== false) await enroll(t, partner.organizationId, partner.locationId, programId);
  if (lines.length) {
    await importLines(t, partner.publicLocationId, lines.map((l, i) => ({ ...l, lineId: `${code}-${i}` })));
    await calculate(t);
  }
  if (options.payable !== false) await makePayable(t.db, t.ctx, { organizationId: partner.organizationId, locationId: partner.locationId, programId, ...(options.payable ?? {}) });
  return { ...partner, programId, code };
}

export const usdLine = (month: string, amount: string, category = 'modern-work'): Omit<BillingLine, 'lineId'> => ({ category, month, amount });

export const financeActor = (label: string): Actor => ({ ...systemActor(), kind: 'user', userId: randomUUID(), label, permissions: new Set(['finance.manage']), roles: ['finance'] });

export const freshSession = (t: TestApp, actor: Actor): SessionRecord => ({
  tokenHash: 'x',
  userId: actor.userId!,
  organizationId: null,
  stage: 'active',
  createdAt: t.clock.now(),
  lastSeenAt: t.clock.now(),
  expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
  reauthenticatedAt: t.clock.now(),
});

/** Runs the cycle (checked on `date`), approves it by a second operator and returns its payments' ids. */
export async function approvedRun(t: TestApp, cycle: string, date: string) {
  const { run } = await runPayments(t.ctx, systemActor('cli'), { cycle, date });
  const approver = financeActor(`approver-${cycle}@vendor.example`);
  await approveRun(t.ctx, approver, freshSession(t, approver), run.id);
  return run;
}

/** The bank's answer for payments: sent (or returned) on `date`. */
export async function bankAnswer(t: TestApp, paymentIds: string[], result: 'sent' | 'returned', date: string) {
  await recordBankResults(
    t.ctx,
    financeActor('bank@vendor.example'),
    paymentIds.map((paymentId) => ({ paymentId, result, date, ...(result === 'returned' ? { reason: 'Account closed' } : {}) })),
  );
}

/** The payment of a pair in a run. */
export async function paymentOf(t: TestApp, runId: string, pair: { organizationId: string; locationId: string; programId: string }) {
  const [row] = await t.db.query<{ id: string; status: string; net: string }>(
    'select id, status::text as status, net::text as net from payments where run_id = $1 and organization_id = $2 and location_id = $3 and program_id = $4',
    [runId, pair.organizationId, pair.locationId, pair.programId],
  );
  return row;
}
