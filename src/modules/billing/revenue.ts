import { sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';

/**
 * Recomputes the billed revenue in USD of every location for `months` (`YYYY-MM-DD`, first days)
 * from the current billing lines and the FX rates of each month: the input of the trailing-revenue
 * eligibility rule. A line in a currency without an FX rate for its month does not count until the
 * rate is imported (the FX import refreshes its months too).
 */
export async function refreshLocationRevenue(tx: Pick<Orm, 'execute'>, months: readonly string[]): Promise<void> {
  if (!months.length) return;
  const list = sql.join(months.map((m) => sql`${m}::date`), sql`, `);
  await tx.execute(sql`delete from location_revenue where month in (${list})`);
  await tx.execute(sql`
    insert into location_revenue (organization_id, location_id, month, usd)
    select b.organization_id, b.location_id, b.billed_month,
           round(sum(case when b.currency = 'USD' then b.amount else b.amount::numeric(38, 14) / f.units_per_usd end), 4)
      from billing_lines b
      left join fx_rates f on f.month = b.billed_month and f.currency = b.currency
     where b.billed_month in (${list}) and (b.currency = 'USD' or f.units_per_usd is not null)
     group by b.organization_id, b.location_id, b.billed_month`);
}
