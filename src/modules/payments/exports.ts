import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { csvRecord } from '../earnings/csv.ts';
import { plainDecimal } from '../earnings/decimals.ts';
import { scopeAndFilters, type EarningsReader } from '../earnings/reader.ts';

/** The columns of payments.csv (formats.md), in order. */
export const paymentsCsvColumns = ['payment_id', 'cycle', 'location_id', 'program_code', 'currency', 'gross', 'withholding', 'net', 'withholding_rate', 'fx_month', 'status'] as const;
/** The columns of holds.csv (formats.md), in order. */
export const holdsCsvColumns = ['cycle', 'location_id', 'program_code', 'reasons', 'usd'] as const;

export interface PaymentExportFilters {
  /** `YYYY-MM`: only this cycle's run. */
  cycle?: string | undefined;
  /** Public location id, `L-2000317`. */
  location?: string | undefined;
  program?: string | undefined;
}

function where(reader: EarningsReader, filters: PaymentExportFilters, alias: string): SQL {
  const cycle = filters.cycle ? sql`${sql.raw(alias)}.cycle = ${`${filters.cycle}-01`}::date` : sql`true`;
  return sql`${scopeAndFilters(reader, { location: filters.location, program: filters.program }, alias)} and ${cycle}`;
}

/**
 * payments.csv: the payments the reader may see (not those of discarded runs), by cycle, location
 * and program. Amounts carry exactly the payout currency's minor-unit digits, as stored.
 */
export async function paymentsCsv(ctx: Pick<AppContext, 'db'>, reader: EarningsReader, filters: PaymentExportFilters = {}): Promise<string> {
  const rows = rowsOf<{ id: string; cycle: string; location: string; program: string; currency: string; gross: string; withholding: string; net: string; rate: string; fx_month: string; status: string }>(
    await ctx.db.orm.execute(sql`
      select p.id, to_char(p.cycle, 'YYYY-MM') as cycle, l.location_id as location, pr.code as program, p.payout_currency as currency,
             p.gross::text as gross, p.withholding::text as withholding, p.net::text as net, p.withholding_rate::text as rate,
             to_char(p.fx_month, 'YYYY-MM') as fx_month, p.status::text as status
        from payments p
        join locations l on l.organization_id = p.organization_id and l.id = p.location_id
        join programs pr on pr.id = p.program_id
       where p.status <> 'discarded' and ${where(reader, filters, 'p')}
       order by p.cycle, l.location_id, pr.code, p.id`),
  );
  return (
    csvRecord(paymentsCsvColumns.map((c) => ({ text: c }))) +
    rows
      .map((r) =>
        csvRecord([
          { text: r.id },
          { number: r.cycle },
          { text: r.location },
          { text: r.program },
          { text: r.currency },
          { number: r.gross },
          { number: r.withholding },
          { number: r.net },
          { number: plainDecimal(r.rate) },
          { number: r.fx_month },
          { text: r.status },
        ]),
      )
      .join('')
  );
}

/**
 * holds.csv: the (location, program) groups a run did not pay, with every reason (`;`-separated, in
 * the order of earnings.md §4 step 4) and the group's USD value; runs that were discarded are left out.
 */
export async function holdsCsv(ctx: Pick<AppContext, 'db'>, reader: EarningsReader, filters: PaymentExportFilters = {}): Promise<string> {
  const rows = rowsOf<{ cycle: string; location: string; program: string; reasons: string; usd: string }>(
    await ctx.db.orm.execute(sql`
      select to_char(h.cycle, 'YYYY-MM') as cycle, l.location_id as location, pr.code as program, array_to_string(h.reasons, ';') as reasons, h.usd::text as usd
        from payment_holds h
        join payment_runs r on r.id = h.run_id
        join locations l on l.organization_id = h.organization_id and l.id = h.location_id
        join programs pr on pr.id = h.program_id
       where r.status <> 'discarded' and ${where(reader, filters, 'h')}
       order by h.cycle, l.location_id, pr.code`),
  );
  return (
    csvRecord(holdsCsvColumns.map((c) => ({ text: c }))) +
    rows
      .map((r) => csvRecord([{ number: r.cycle }, { text: r.location }, { text: r.program }, { text: r.reasons }, { number: r.usd }]))
      .join('')
  );
}
