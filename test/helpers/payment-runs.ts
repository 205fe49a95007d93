import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.ts';

let months = 0;
/** A cycle month no other caller of this helper has had (one run per cycle), far from real data. */
export function freshCycle(fromYear = 2050): string {
  const m = months++;
  return `${fromYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

export interface SeededPayment {
  organizationId: string;
  /** The location's uuid. */
  locationId: string;
  programId: string;
  paymentProfileId: string;
  currency?: string;
  amount?: string;
}

/**
 * A payment run written as rows (the run itself is tested through runPayments): created by someone
 * else, Upcoming or approved by a third person, with at most one payment, Upcoming or In progress
 * as the run's state has it.
 */
export async function seedPaymentRun(
  t: TestApp,
  options: { status?: 'upcoming' | 'approved'; createdByUserId?: string; payment?: SeededPayment } = {},
): Promise<{ runId: string; paymentId: string | null }> {
  const runId = randomUUID();
  const cycle = `${freshCycle()}-01`;
  const approved = options.status === 'approved';
  const now = t.clock.now();
  await t.db.query(
    `insert into payment_runs (id, cycle, run_date, status, payments, holds, created_by_user_id, created_by, created_at, approved_by_user_id, approved_by, approved_at)
     values ($1, $2, $2, $3, $4, 0, $5, 'creator@vendor.example', $6, $7, $8, $9)`,
    [runId, cycle, options.status ?? 'upcoming', options.payment ? 1 : 0, options.createdByUserId ?? randomUUID(), now, approved ? randomUUID() : null, approved ? 'approver@vendor.example' : null, approved ? now : null],
  );
  if (!options.payment) return { runId, paymentId: null };
  const p = options.payment;
  const paymentId = randomUUID();
  const amount = p.amount ?? '600.00';
  await t.db.query(
    `insert into payments (organization_id, id, run_id, cycle, location_id, program_id, payment_profile_id, payout_currency, fx_month,
                           usd, gross, withholding_rate, withholding, net, status, status_changed_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $4, $9, $9, 0, 0, $9, $10, $11, $11)`,
    [p.organizationId, paymentId, runId, cycle, p.locationId, p.programId, p.paymentProfileId, p.currency ?? 'USD', amount, approved ? 'in_progress' : 'upcoming', now],
  );
  return { runId, paymentId };
}
