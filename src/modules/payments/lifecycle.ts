import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { requireRecentAuthentication } from '../identity/api-tokens.ts';
import type { SessionRecord } from '../identity/sessions.ts';
import { lockEarnings } from '../billing/lock.ts';
import { importRefused } from '../billing/runs.ts';
import { paymentEarnings, paymentEvents, paymentRuns, payments, type PaymentStatus } from './schema.ts';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** The longest reason an operator may give for rejecting or returning a payment. */
export const maxReasonLength = 500;

async function lockedRun(tx: Tx, runId: string) {
  await lockEarnings(tx);
  const [run] = await tx.select().from(paymentRuns).where(eq(paymentRuns.id, runId)).for('update');
  if (!run) throw AppError.notFound('payment run');
  return run;
}

function conflict(message: string, key: string, params?: Record<string, string | number>): AppError {
  return new AppError('conflict', message, { messageKey: `payruns:error.${key}`, ...(params ? { params } : {}) });
}

async function moveTo(tx: Tx, actor: Actor, now: Date, where: { runId?: string; paymentIds?: string[] }, from: PaymentStatus[], to: PaymentStatus, note: string | null, extra: Partial<typeof payments.$inferInsert> = {}) {
  const conditions = [inArray(payments.status, from)];
  if (where.runId) conditions.push(eq(payments.runId, where.runId));
  if (where.paymentIds) conditions.push(inArray(payments.id, where.paymentIds));
  const moved = await tx
    .update(payments)
    .set({ status: to, statusChangedAt: now, statusReason: note, ...extra })
    .where(and(...conditions))
    .returning({ organizationId: payments.organizationId, id: payments.id });
  if (!moved.length) return moved;
  if (to === 'rejected' || to === 'reversed' || to === 'discarded') {
    // The payment no longer holds its earnings: they are payable again.
    await tx
      .update(paymentEarnings)
      .set({ live: false })
      .where(and(inArray(paymentEarnings.paymentId, moved.map((m) => m.id)), eq(paymentEarnings.live, true)));
  }
  await tx.insert(paymentEvents).values(
    moved.map((m) => ({ organizationId: m.organizationId, id: randomUUID(), paymentId: m.id, status: to, note, actorUserId: actor.userId, actorLabel: actor.label, at: now })),
  );
  return moved;
}

/** Discards a run whose payments are all still Upcoming (or rejected in review); its earnings are released. */
export async function discardRun(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, runId: string): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    const run = await lockedRun(tx, runId);
    if (run.status !== 'upcoming') throw conflict('Only a run whose payments are all Upcoming can be discarded.', 'notDiscardable');
    const now = ctx.now();
    await moveTo(tx, actor, now, { runId }, ['upcoming'], 'discarded', null);
    await tx.update(paymentRuns).set({ status: 'discarded', discardedByUserId: actor.userId, discardedBy: actor.label, discardedAt: now }).where(eq(paymentRuns.id, runId));
    await recordAudit(tx, actor, { action: 'payment_run.discarded', organizationId: null, targetType: 'payment_run', targetId: runId, before: { status: 'upcoming' }, after: { status: 'discarded', cycle: run.cycle.slice(0, 7) } });
  });
}

/**
 * Approves a run: a Finance operator other than its creator, who confirmed their password within
 * the last 10 minutes. Its Upcoming payments move to In progress and its payout files can be made.
 */
export async function approveRun(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, session: SessionRecord | null, runId: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.orm.transaction(async (tx) => {
    const run = await lockedRun(tx, runId);
    if (run.status !== 'upcoming') throw conflict('This run is not waiting for approval.', 'notApprovable');
    if (actor.userId === null || run.createdByUserId === actor.userId) {
      throw new AppError('forbidden', 'A payment run is approved by a Finance operator other than the one who created it.', { messageKey: 'payruns:error.ownRun' });
    }
    requireRecentAuthentication(session, now);
    const moved = await moveTo(tx, actor, now, { runId }, ['upcoming'], 'in_progress', null);
    await tx.update(paymentRuns).set({ status: 'approved', approvedByUserId: actor.userId, approvedBy: actor.label, approvedAt: now }).where(eq(paymentRuns.id, runId));
    await recordAudit(tx, actor, { action: 'payment_run.approved', organizationId: null, targetType: 'payment_run', targetId: runId, before: { status: 'upcoming' }, after: { status: 'approved', cycle: run.cycle.slice(0, 7), payments: moved.length } });
  });
}

/** Rejects one payment of a run still in review; its earnings go back to payable. */
export async function rejectPayment(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, paymentId: string, reason: string): Promise<void> {
  const note = checkReason(reason);
  await ctx.db.orm.transaction(async (tx) => {
    const [payment] = await tx.select({ runId: payments.runId, organizationId: payments.organizationId, status: payments.status }).from(payments).where(eq(payments.id, paymentId));
    if (!payment) throw AppError.notFound('payment');
    const run = await lockedRun(tx, payment.runId);
    if (run.status !== 'upcoming') throw conflict('Only a payment of a run in review can be rejected.', 'notRejectable');
    const moved = await moveTo(tx, actor, ctx.now(), { paymentIds: [paymentId] }, ['upcoming'], 'rejected', note);
    if (!moved.length) throw conflict('Only an Upcoming payment can be rejected.', 'notRejectable');
    await recordAudit(tx, actor, { action: 'payment.rejected', organizationId: payment.organizationId, targetType: 'payment', targetId: paymentId, before: { status: 'upcoming' }, after: { status: 'rejected', reason: note } });
  });
}

function checkReason(reason: string, field = 'reason'): string {
  const note = reason.trim();
  if (note.length < 3 || note.length > maxReasonLength) {
    throw AppError.validation([{ field, rule: 'length', message: `must be 3 to ${maxReasonLength} characters`, params: { min: 3, max: maxReasonLength } }]);
  }
  return note;
}

/** What the bank answered for one payment: sent on a day, or returned on a day with a reason. */
export interface BankResult {
  paymentId: string;
  result: 'sent' | 'returned';
  date: string;
  reason?: string | null;
  /** The row of the file it came from, to name in a refusal (default: its place after the header). */
  row?: number;
}

/**
 * Records the bank's answers: In progress → Sent, or In progress / Sent → Reversed (its earnings
 * payable again, and the `payment_returned` hold on the pair until its payment profile is changed
 * or approved again). All or nothing: one answer that does not fit its payment refuses them all,
 * naming the row. Answering what a payment already is changes nothing.
 */
export async function recordBankResults(
  ctx: Pick<AppContext, 'db' | 'now'>,
  actor: Actor,
  results: BankResult[],
  file = 'results',
  /** When given, only payments of this run are known: the answer to one run's payout files. */
  runId?: string,
): Promise<{ sent: number; returned: number; unchanged: number }> {
  return ctx.db.orm.transaction(async (tx) => {
    await lockEarnings(tx);
    const ids = results.map((r) => r.paymentId);
    const which = runId ? and(inArray(payments.id, ids), eq(payments.runId, runId)) : inArray(payments.id, ids);
    const found = ids.length
      ? await tx.select({ id: payments.id, organizationId: payments.organizationId, status: payments.status }).from(payments).where(which).for('update')
      : [];
    const byId = new Map(found.map((p) => [p.id, p]));
    const problems: { file: string; row: number; column: string | null; rule: string; message: string }[] = [];
    const counts = { sent: 0, returned: 0, unchanged: 0 };
    const todo: { result: BankResult; organizationId: string; from: PaymentStatus }[] = [];
    results.forEach((result, index) => {
      const row = result.row ?? index + 2;
      const payment = byId.get(result.paymentId);
      if (!payment) return void problems.push({ file, row, column: 'payment_id', rule: 'unknown_payment', message: runId ? 'is not a payment of this run' : 'is not a payment' });
      const target = result.result === 'sent' ? 'sent' : 'reversed';
      if (payment.status === target) return void counts.unchanged++;
      const allowed: PaymentStatus[] = result.result === 'sent' ? ['in_progress'] : ['in_progress', 'sent'];
      if (!allowed.includes(payment.status)) {
        return void problems.push({ file, row, column: 'result', rule: 'payment_state', message: `cannot be ${result.result} for a payment that is ${payment.status}` });
      }
      if (result.result === 'returned' && !(result.reason ?? '').trim()) {
        return void problems.push({ file, row, column: 'reason', rule: 'required', message: 'is required when the payment was returned' });
      }
      todo.push({ result, organizationId: payment.organizationId, from: payment.status });
    });
    if (problems.length) throw importRefused(problems);
    const now = ctx.now();
    for (const { result, organizationId, from } of todo) {
      if (result.result === 'sent') {
        await moveTo(tx, actor, now, { paymentIds: [result.paymentId] }, ['in_progress'], 'sent', null, { sentOn: result.date });
        counts.sent++;
      } else {
        const reason = (result.reason ?? '').trim();
        await moveTo(tx, actor, now, { paymentIds: [result.paymentId] }, [from], 'reversed', reason, { returnedOn: result.date });
        counts.returned++;
      }
      await recordAudit(tx, actor, {
        action: result.result === 'sent' ? 'payment.sent' : 'payment.returned',
        organizationId,
        targetType: 'payment',
        targetId: result.paymentId,
        before: { status: from },
        after: { status: result.result === 'sent' ? 'sent' : 'reversed', date: result.date, reason: result.reason ?? null },
      });
    }
    return counts;
  });
}
