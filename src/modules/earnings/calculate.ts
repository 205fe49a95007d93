import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { rowsOf } from '../../db/client.ts';
import { monthRangeErrors } from '../billing/months.ts';
import { lockEarnings } from '../billing/lock.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { enqueueJob } from '../jobs/queue.ts';
import { calculations } from './schema.ts';

/** Billed months to calculate, `YYYY-MM`, both inclusive; either may be left open. */
export interface MonthRange {
  from?: string | undefined;
  to?: string | undefined;
}

export interface CalculationResult {
  id: string;
  /** Earnings recorded for keys that had none. */
  calculated: number;
  /** Adjustments recorded (reason Recalculation): deltas and reversals. */
  adjusted: number;
}

export function checkRange(range: MonthRange, fields = { from: 'from', to: 'to' }): { from: string | null; to: string | null } {
  const errors = monthRangeErrors(range, fields);
  if (errors.length) throw AppError.validation(errors);
  return { from: range.from ? `${range.from}-01` : null, to: range.to ? `${range.to}-01` : null };
}

/**
 * Records the earnings owed for billed months in `range` (earnings.md §2–3): for every key
 * (line, program, lever) the target is amount × rate of the current line version, the program's
 * current rates and the location's enrollment windows. Where the earnings recorded for the key
 * (with its location, month and currency) differ from the target, one earning records the
 * difference: `calculated` where the key had none, else an adjustment with reason Recalculation.
 * A key whose line moved to another location, month or currency is reversed in full under the old
 * ones. One statement, one transaction: nothing is updated or deleted, a second run with the same
 * inputs records nothing, and concurrent calculations wait for each other.
 */
export async function calculateEarnings(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, range: MonthRange = {}, options: { id?: string } = {}): Promise<CalculationResult> {
  const { from, to } = checkRange(range);
  const id = options.id ?? randomUUID();
  if (options.id) {
    await ctx.db.orm.update(calculations).set({ status: 'running', startedAt: ctx.now() }).where(eq(calculations.id, id));
  } else {
    await ctx.db.orm.insert(calculations).values({ id, status: 'running', fromMonth: from, toMonth: to, actorUserId: actor.userId, actorLabel: actor.label, createdAt: ctx.now(), startedAt: ctx.now() });
  }
  try {
    const result = await ctx.db.orm.transaction(async (tx) => {
      await lockEarnings(tx);
      const now = ctx.now().toISOString();
      const inRange = (column: string) => sql.raw(
        [from ? `${column} >= '${from}'::date` : 'true', to ? `${column} <= '${to}'::date` : 'true'].join(' and '),
      );
      const [counts] = rowsOf<{ calculated: number; adjusted: number }>(
        await tx.execute(sql`
          with target as (
            select b.organization_id, b.location_id, e.program_id, p.current_version as program_version, r.lever_code, r.earning_type,
                   b.line_id, b.version as line_version, b.billed_month, b.currency, b.amount, r.rate, b.amount * r.rate as earning
              from billing_lines b
              join enrollments e on e.organization_id = b.organization_id and e.location_id = b.location_id
                   and e.earnings_start <= b.billed_month and (e.earnings_end is null or b.billed_month <= e.earnings_end)
              join programs p on p.id = e.program_id
              join program_rates r on r.program_id = p.id and r.version = p.current_version and r.product_category = b.product_category
                   and r.from_month <= b.billed_month and (r.to_month is null or b.billed_month <= r.to_month)
             where ${inRange('b.billed_month')}
          ),
          recorded as (
            select organization_id, location_id, program_id, lever_code, line_id, billed_month, currency,
                   sum(earning) as earning, max(program_version) as program_version, min(earning_type) as earning_type
              from earnings
             where line_id is not null and ${inRange('billed_month')}
             group by organization_id, location_id, program_id, lever_code, line_id, billed_month, currency
          ),
          delta as (
            select coalesce(t.organization_id, r.organization_id) as organization_id,
                   coalesce(t.location_id, r.location_id) as location_id,
                   coalesce(t.program_id, r.program_id) as program_id,
                   coalesce(t.program_version, r.program_version) as program_version,
                   coalesce(t.lever_code, r.lever_code) as lever_code,
                   coalesce(t.earning_type, r.earning_type) as earning_type,
                   coalesce(t.line_id, r.line_id) as line_id,
                   t.line_version,
                   coalesce(t.billed_month, r.billed_month) as billed_month,
                   coalesce(t.currency, r.currency) as currency,
                   t.amount, t.rate,
                   coalesce(t.earning, 0) - coalesce(r.earning, 0) as earning,
                   r.line_id is null as first
              from target t
              full join recorded r
                on r.line_id = t.line_id and r.program_id = t.program_id and r.lever_code = t.lever_code
               and r.organization_id = t.organization_id and r.location_id = t.location_id
               and r.billed_month = t.billed_month and r.currency = t.currency
             where coalesce(t.earning, 0) <> coalesce(r.earning, 0)
          ),
          recorded_now as (
            insert into earnings (organization_id, id, location_id, program_id, program_version, lever_code, earning_type, line_id, line_version,
                                  billed_month, currency, amount, rate, earning, kind, reason, calculation_id, created_by_user_id, created_by, created_at)
            select d.organization_id, gen_random_uuid(), d.location_id, d.program_id, d.program_version, d.lever_code, d.earning_type, d.line_id,
                   coalesce(d.line_version, (select b.version from billing_lines b where b.line_id = d.line_id)),
                   d.billed_month, d.currency, d.amount, d.rate, d.earning,
                   case when d.first then 'calculated' else 'adjustment' end::earning_kind,
                   case when d.first then null else 'Recalculation' end,
                   ${id}, ${actor.userId}, ${actor.label}, ${now}
              from delta d
            returning kind
          )
          select count(*) filter (where kind = 'calculated')::int as calculated, count(*) filter (where kind = 'adjustment')::int as adjusted
            from recorded_now`),
      );
      const result = { id, calculated: counts?.calculated ?? 0, adjusted: counts?.adjusted ?? 0 };
      await tx.update(calculations).set({ status: 'done', calculated: result.calculated, adjusted: result.adjusted, finishedAt: ctx.now() }).where(eq(calculations.id, id));
      if (result.calculated + result.adjusted > 0) {
        await recordAudit(tx, actor, {
          action: 'earnings.calculated',
          organizationId: null,
          targetType: 'calculation',
          targetId: id,
          after: { from: range.from ?? null, to: range.to ?? null, calculated: result.calculated, adjusted: result.adjusted },
        });
      }
      return result;
    });
    return result;
  } catch (error) {
    await ctx.db.orm
      .update(calculations)
      .set({ status: 'failed', error: (error instanceof Error ? error.message : String(error)).slice(0, 1000), finishedAt: ctx.now() })
      .where(eq(calculations.id, id));
    throw error;
  }
}

/** Queues a calculation for the background worker (the portal's action); returns its record's id. */
export async function requestCalculation(ctx: Pick<AppContext, 'db' | 'now' | 'wakeJobs'>, actor: Actor, range: MonthRange = {}): Promise<string> {
  const { from, to } = checkRange(range);
  const id = randomUUID();
  await ctx.db.orm.transaction(async (tx) => {
    await tx.insert(calculations).values({ id, status: 'queued', fromMonth: from, toMonth: to, actorUserId: actor.userId, actorLabel: actor.label, createdAt: ctx.now() });
    await enqueueJob(tx, 'earnings.calculate', { reason: `calculation ${id}`, payload: { calculationId: id, from: range.from ?? null, to: range.to ?? null } });
  });
  ctx.wakeJobs();
  return id;
}

/**
 * The background job: the calculation `requestCalculation` queued (unless it already ran), or,
 * from the daily tasks, a calculation of every billed month.
 */
export async function runQueuedCalculation(ctx: Pick<AppContext, 'db' | 'now'>, payload: Record<string, unknown>): Promise<CalculationResult | null> {
  if (typeof payload.calculationId !== 'string') return calculateEarnings(ctx, systemActor());
  const id = payload.calculationId;
  const [queued] = await ctx.db.orm.select().from(calculations).where(eq(calculations.id, id));
  if (!queued || queued.status === 'done') return null;
  const month = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return calculateEarnings(ctx, { ...systemActor(), userId: queued.actorUserId, label: queued.actorLabel }, { from: month(payload.from), to: month(payload.to) }, { id });
}
