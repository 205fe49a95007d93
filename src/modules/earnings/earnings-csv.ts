import { asc, sql } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { rowsOf } from '../../db/client.ts';
import { organizations } from '../partners/schema.ts';
import { csvRecord, earningsCsvColumns } from './csv.ts';
import { plainDecimal } from './decimals.ts';
import { earningColumns, earningFrom, earningsPage, type EarningRow } from './queries.ts';
import type { EarningFilters, EarningsReader } from './reader.ts';
import { monthOf, payableIn } from './status.ts';

export const csvBatchSize = 5000;

export interface CsvOptions {
  /**
   * Only the earnings payable in this cycle, `YYYY-MM`: billed month + the program's payment
   * delay ≤ the cycle, and not linked to a live payment (earnings.md §4 step 1). Their status is
   * judged as of the cycle's month (so they are all `payable`); without a cycle, as of now.
   */
  cycle?: string | undefined;
  /** Rows per batch (a statement each). */
  batchSize?: number;
}

export const earningsCsvHeader = `${earningsCsvColumns.join(',')}\r\n`;

function csvLine(row: EarningRow): string {
  return csvRecord([
    { text: row.id },
    { text: row.line_id },
    { text: row.location_code },
    { text: row.program_code },
    { text: row.lever_code },
    { text: row.earning_type },
    { number: row.billed_month },
    { text: row.currency },
    { number: row.amount === null ? null : plainDecimal(row.amount) },
    { number: row.rate === null ? null : plainDecimal(row.rate) },
    { number: plainDecimal(row.earning) },
    { text: row.kind },
    { text: row.reason },
    { text: row.status },
    { text: row.payment_id },
  ]);
}

/**
 * earnings.csv of the reader's earnings that the filters select, header first, then one string
 * per batch of rows: ordered by billed month and earning id (by partner first when the reader is
 * every organization), read in keyset batches along the index `earnings_org_month`, so neither
 * memory nor a single statement grows with the number of earnings, and other queries run between
 * batches. Earnings are never updated, so a batch boundary cannot skip or repeat one.
 */
export async function* earningsCsv(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader, filters: EarningFilters, options: CsvOptions = {}): AsyncGenerator<string> {
  yield earningsCsvHeader;
  for await (const batch of earningsCsvBatches(ctx, reader, filters, options)) yield batch.text;
}

/** The records of `earningsCsv` without its header, a batch at a time with its number of rows. */
export async function* earningsCsvBatches(
  ctx: Pick<AppContext, 'db' | 'now'>,
  reader: EarningsReader,
  filters: EarningFilters,
  options: CsvOptions = {},
): AsyncGenerator<{ text: string; rows: number }> {
  const month = options.cycle ? `${options.cycle}-01` : monthOf(ctx.now());
  const batchSize = options.batchSize ?? csvBatchSize;
  const organizationIds = reader.organizationId
    ? [reader.organizationId]
    : (await ctx.db.orm.select({ id: organizations.id }).from(organizations).orderBy(asc(organizations.partnerId))).map((o) => o.id);
  const inCycle = options.cycle ? sql`${payableIn(sql`e.billed_month`, sql`d.delay_months`, `${options.cycle}-01`)} and pl.payment_id is null` : sql`true`;
  for (const organizationId of organizationIds) {
    const one = { ...reader, organizationId };
    let after: { month: string; id: string } | null = null;
    for (;;) {
      const order = sql`e.billed_month, e.id`;
      const page = earningsPage(one, filters, month, {
        order,
        limit: batchSize,
        where: sql`${inCycle} and ${after ? sql`(e.billed_month, e.id) > (${after.month}::date, ${after.id}::uuid)` : sql`true`}`,
      });
      const rows: EarningRow[] = rowsOf<EarningRow>(await ctx.db.orm.execute(sql`select ${earningColumns(month)} from ${earningFrom(page)} order by ${order}`));
      if (!rows.length) break;
      yield { text: rows.map(csvLine).join(''), rows: rows.length };
      const last: EarningRow = rows[rows.length - 1]!;
      after = { month: `${last.billed_month}-01`, id: last.id };
      if (rows.length < batchSize) break;
    }
  }
}
