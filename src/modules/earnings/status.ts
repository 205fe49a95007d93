import { sql, type SQL } from 'drizzle-orm';

/**
 * An earning's status, as partners follow it (domain.md §7):
 * - `pending`: not yet payable, its program's payment delay is not over
 *   (billed month + `payment_delay_months` is after the current month);
 * - `payable`: payable, and not linked to a live payment (waiting for a run, or carried forward);
 * - `in_payment`: linked to a payment that is Upcoming or In progress;
 * - `paid`: linked to a payment that was Sent.
 * Every query that shows or filters by status takes it from this file.
 */
export const earningStatuses = ['pending', 'payable', 'in_payment', 'paid'] as const;
export type EarningStatus = (typeof earningStatuses)[number];

/** The first day of the month `now` falls in (UTC), `YYYY-MM-01`: the month statuses are judged in. */
export function monthOf(now: Date): string {
  return `${now.toISOString().slice(0, 7)}-01`;
}

/** Each program's payment delay, from its current version: `(program_id, delay_months)`. */
export const programDelays = sql`(select p.id as program_id, (v.definition->>'payment_delay_months')::int as delay_months
     from programs p join program_versions v on v.program_id = p.id and v.version = p.current_version)`;

/**
 * The live payment each earning is linked to (not Rejected during review, not Reversed, not in a
 * discarded run) and that payment's state: `(organization_id, earning_id, payment_id,
 * payment_state)` with the state `upcoming`, `in_progress` or `sent`. This is the one place
 * earnings learn about payments.
 */
export const livePaymentLinks = sql`(select pe.organization_id, pe.earning_id, pe.payment_id, p.status::text as payment_state
     from payment_earnings pe join payments p on p.organization_id = pe.organization_id and p.id = pe.payment_id
    where pe.live)`;

/** Whether an earning of `billedMonth` under a program with `delay` months is payable in `month`. */
export function payableIn(billedMonth: SQL, delay: SQL, month: string): SQL {
  return sql`(${billedMonth} + make_interval(months => ${delay}) <= ${month}::date)`;
}

/**
 * The joins the status of earnings `e` needs: `d` (its program's delay) and `pl` (its live
 * payment, if any).
 */
export function statusJoins(): SQL {
  return sql`join ${programDelays} d on d.program_id = e.program_id
    left join ${livePaymentLinks} pl on pl.organization_id = e.organization_id and pl.earning_id = e.id`;
}

/** The status of earning `e` in `month`, over `statusJoins()`. */
export function statusOf(month: string): SQL {
  return sql`(case when pl.payment_state = 'sent' then 'paid'
     when pl.payment_state is not null then 'in_payment'
     when ${payableIn(sql`e.billed_month`, sql`d.delay_months`, month)} then 'payable'
     else 'pending' end)`;
}

/**
 * Sums and counts of earnings per (location, program, lever, billed month, currency, kind,
 * status) from `earning_totals` (a few rows per month, however many earnings), `where` filtering
 * the totals `t` and the earnings `e` alike (on the columns both have). The totals know nothing
 * of payments: each linked earning is taken out of its month's status and counted in its
 * payment's, so the answer equals grouping the earnings one by one by `statusOf`.
 */
export function totalsByStatus(where: (alias: 't' | 'e') => SQL, month: string): SQL {
  const monthStatus = (alias: 't' | 'e') =>
    sql`(case when ${payableIn(sql.raw(`${alias}.billed_month`), sql.raw('d.delay_months'), month)} then 'payable' else 'pending' end)`;
  const columns = (alias: 't' | 'e') =>
    sql.raw(['organization_id', 'location_id', 'program_id', 'lever_code', 'billed_month', 'currency', 'kind'].map((c) => `${alias}.${c}`).join(', '));
  return sql`(
    select ${columns('t')}, ${monthStatus('t')} as status, t.earning, t.earnings
      from earning_totals t join ${programDelays} d on d.program_id = t.program_id
     where ${where('t')}
    union all
    select ${columns('e')}, case when pl.payment_state = 'sent' then 'paid' else 'in_payment' end, e.earning, 1
      from earnings e ${statusJoins()}
     where pl.payment_id is not null and ${where('e')}
    union all
    select ${columns('e')}, ${monthStatus('e')}, -e.earning, -1
      from earnings e ${statusJoins()}
     where pl.payment_id is not null and ${where('e')}
  )`;
}
