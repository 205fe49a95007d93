import { randomUUID } from 'node:crypto';
import { and, eq, ne, sql } from 'drizzle-orm';
import { rowsOf, type Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { lockEarnings } from '../billing/lock.ts';
import { isRealDate, monthPattern } from '../billing/months.ts';
import { minorUnits } from '../money/currency.ts';
import { payableEarnings, payableGroups, payableSums } from './groups.ts';
import { paymentRuns } from './schema.ts';

export type PaymentRun = typeof paymentRuns.$inferSelect;

export interface RunInput {
  /** The cycle month Y, `YYYY-MM`. */
  cycle: string;
  /** The day reasons not to pay are checked on, `YYYY-MM-DD`; today when absent. */
  date?: string | undefined;
}

export interface RunResult {
  run: PaymentRun;
  /** False when the cycle already had a run, which is returned unchanged. */
  created: boolean;
}

/** The cycle and date of a run request, checked: `{ cycle: 'YYYY-MM-01', date: 'YYYY-MM-DD' }`. */
export function checkRunInput(input: RunInput, today: Date, fields = { cycle: 'cycle', date: 'date' }): { cycle: string; date: string } {
  const errors = [];
  if (!monthPattern.test(input.cycle ?? '')) errors.push({ field: fields.cycle, rule: 'month', message: 'must be a month YYYY-MM' });
  const date = input.date ?? today.toISOString().slice(0, 10);
  if (!isRealDate(date)) {
    errors.push({ field: fields.date, rule: 'date', message: 'must be a date YYYY-MM-DD' });
  }
  if (errors.length) throw AppError.validation(errors);
  return { cycle: `${input.cycle}-01`, date };
}

/** The run of a cycle that is not discarded, if any. */
export async function currentRunOf(db: Pick<Orm, 'select'>, cycle: string): Promise<PaymentRun | null> {
  const [run] = await db.select().from(paymentRuns).where(and(eq(paymentRuns.cycle, cycle), ne(paymentRuns.status, 'discarded'))).limit(1);
  return run ?? null;
}

/**
 * Creates the payment run of cycle month Y exactly as earnings.md §4 says, or returns the cycle's
 * run when it has one. In one transaction, under the earnings lock (so it never interleaves with
 * an import, a calculation or another run):
 * 1. sums the payable earnings per (location, program, currency), refusing the whole run, before
 *    anything is written, when an FX rate of month Y is missing for a currency it needs;
 * 2. values each group in USD and records every reason not to pay, checked on `date`;
 * 3. pays each group without a reason in its assigned payout currency, gross and withholding
 *    rounded half away from zero to the currency's minor unit, linked to exactly its earnings.
 */
export async function runPayments(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, input: RunInput): Promise<RunResult> {
  const { cycle, date } = checkRunInput(input, ctx.now());
  return ctx.db.orm.transaction(async (tx) => {
    await lockEarnings(tx);
    const existing = await currentRunOf(tx, cycle);
    if (existing) return { run: existing, created: false };

    const month = cycle.slice(0, 7);
    await tx.execute(sql`create temporary table pay_sums on commit drop as select * from ${payableSums(cycle)} s`);
    const missingSource = rowsOf<{ currency: string }>(
      await tx.execute(sql`select distinct currency from pay_sums where units_per_usd is null order by currency`),
    ).map((r) => r.currency);
    if (missingSource.length) throw missingFx(missingSource, month);

    await tx.execute(sql`create temporary table pay_groups on commit drop as select * from ${payableGroups(sql`pay_sums`, cycle, date)} g`);
    const missingPayout = rowsOf<{ currency: string }>(
      await tx.execute(sql`select distinct g.payout_currency as currency from pay_groups g
         where cardinality(g.reasons) = 0 and g.payout_currency <> 'USD'
           and not exists (select 1 from fx_rates r where r.month = ${cycle}::date and r.currency = g.payout_currency)
         order by 1`),
    ).map((r) => r.currency);
    if (missingPayout.length) throw missingFx(missingPayout, month);

    const payoutCurrencies = rowsOf<{ currency: string }>(
      await tx.execute(sql`select distinct payout_currency as currency from pay_groups where cardinality(reasons) = 0 order by 1`),
    ).map((r) => r.currency);
    const minor = payoutCurrencies.length
      ? sql.join(payoutCurrencies.map((c) => sql`(${c}::text, ${minorUnits(c)}::int)`), sql`, `)
      : sql`(null::text, null::int)`;

    const id = randomUUID();
    const now = ctx.now().toISOString();
    await tx.insert(paymentRuns).values({ id, cycle, runDate: date, status: 'upcoming', payments: 0, holds: 0, createdByUserId: actor.userId, createdBy: actor.label, createdAt: new Date(now) });

    // c_A = round(s_A × units_per_usd[B] / units_per_usd[A], 10), per payment and source currency.
    // (The volatile gen_random_uuid() keeps the subquery from being flattened: one id per group.)
    await tx.execute(sql`create temporary table pay_converted on commit drop as
      select g.organization_id, g.location_id, g.program_id, g.payment_id, g.payout_currency, g.payment_profile_id,
             g.usd, g.withholding_rate, m.minor, s.currency, s.sum, s.units_per_usd, rb.units_per_usd as payout_units_per_usd,
             round((s.sum * rb.units_per_usd)::numeric(60,20) / s.units_per_usd, 10) as converted
        from (select *, gen_random_uuid() as payment_id from pay_groups where cardinality(reasons) = 0) g
        join (values ${minor}) as m(currency, minor) on m.currency = g.payout_currency
        join pay_sums s on s.organization_id = g.organization_id and s.location_id = g.location_id and s.program_id = g.program_id
        join (select 'USD' as currency, 1::numeric as units_per_usd
              union all select currency, units_per_usd from fx_rates where month = ${cycle}::date) rb on rb.currency = g.payout_currency`);

    // gross = round(Σ_A c_A, minor(B)); withholding = round(gross × rate, minor(B)); net = gross − withholding.
    await tx.execute(sql`
      insert into payments (organization_id, id, run_id, cycle, location_id, program_id, payment_profile_id, payout_currency, fx_month,
                            usd, gross, withholding_rate, withholding, net, status, status_changed_at, created_at)
      select organization_id, payment_id, ${id}, ${cycle}::date, location_id, program_id, payment_profile_id, payout_currency, ${cycle}::date,
             usd, gross, withholding_rate, withholding, gross - withholding, 'upcoming', ${now}, ${now}
        from (select organization_id, payment_id, location_id, program_id, payment_profile_id, payout_currency, usd, withholding_rate,
                     gross, round(gross * withholding_rate, minor) as withholding
                from (select organization_id, payment_id, location_id, program_id, payment_profile_id, payout_currency, usd, withholding_rate, minor,
                             round(sum(converted), minor) as gross
                        from pay_converted
                       group by organization_id, payment_id, location_id, program_id, payment_profile_id, payout_currency, usd, withholding_rate, minor) p) q`);
    await tx.execute(sql`
      insert into payment_amounts (organization_id, payment_id, currency, sum, units_per_usd, payout_units_per_usd, converted)
      select organization_id, payment_id, currency, sum, units_per_usd, payout_units_per_usd, converted from pay_converted`);
    await tx.execute(sql`
      insert into payment_earnings (organization_id, payment_id, earning_id, live)
      select p.organization_id, p.id, e.id, true
        from payments p
        join ${payableEarnings(cycle)} e on e.organization_id = p.organization_id and e.location_id = p.location_id and e.program_id = p.program_id
       where p.run_id = ${id}`);
    await tx.execute(sql`
      insert into payment_events (organization_id, id, payment_id, status, actor_user_id, actor_label, at)
      select organization_id, gen_random_uuid(), id, 'upcoming', ${actor.userId}, ${actor.label}, ${now} from payments where run_id = ${id}`);
    await tx.execute(sql`
      insert into payment_holds (organization_id, run_id, cycle, location_id, program_id, reasons, usd, threshold_usd, earnings)
      select organization_id, ${id}, ${cycle}::date, location_id, program_id, reasons, usd, threshold_usd, earnings
        from pay_groups where cardinality(reasons) > 0`);

    const [counts] = rowsOf<{ payments: number; holds: number }>(
      await tx.execute(sql`select (select count(*) from payments where run_id = ${id})::int as payments,
                                  (select count(*) from payment_holds where run_id = ${id})::int as holds`),
    );
    const [run] = await tx
      .update(paymentRuns)
      .set({ payments: counts?.payments ?? 0, holds: counts?.holds ?? 0 })
      .where(eq(paymentRuns.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'payment_run.created',
      organizationId: null,
      targetType: 'payment_run',
      targetId: id,
      after: { cycle: month, date, payments: run!.payments, holds: run!.holds },
    });
    return { run: run!, created: true };
  });
}

function missingFx(currencies: string[], month: string): AppError {
  return new AppError('validation_failed', `No FX rate for ${currencies.join(', ')} in ${month}: import them before running the payments of ${month}.`, {
    fields: [{ field: 'cycle', rule: 'fx_rate_missing', message: `has no FX rate for ${currencies.join(', ')} in ${month}`, params: { currencies: currencies.join(', '), month } }],
    messageKey: 'payruns:error.fxMissing',
    params: { currencies: currencies.join(', '), month },
  });
}
