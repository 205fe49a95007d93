import { sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { rowsOf } from '../../db/client.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { plainDecimal } from './decimals.ts';
import { customerFilter, lineVersionJoin, scopeAndFilters, type EarningFilters, type EarningsReader } from './reader.ts';
import type { EarningKind } from './schema.ts';
import { monthOf, statusJoins, statusOf, totalsByStatus, type EarningStatus } from './status.ts';

export const earningSorts = ['billed_month', 'earning', 'created_at', 'location', 'program', 'customer'] as const;
export type EarningSort = (typeof earningSorts)[number];
export type SortDirection = 'asc' | 'desc';

/** One earning as the list, the detail and the exports show it. */
export interface EarningItem {
  id: string;
  lineId: string | null;
  lineVersion: number | null;
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  leverCode: string;
  earningType: string;
  /** `YYYY-MM`. */
  billedMonth: string;
  currency: string;
  /** The billing line's amount and the rate (null for a manual adjustment). */
  amount: string | null;
  rate: string | null;
  earning: string;
  kind: EarningKind;
  reason: string | null;
  status: EarningStatus;
  customerId: string | null;
  customerName: string | null;
  paymentId: string | null;
  createdAt: Date;
}

export interface EarningRow {
  id: string;
  organization_id: string;
  line_id: string | null;
  line_version: number | null;
  location_code: string;
  location_name: string;
  program_code: string;
  program_names: ProgramFile['name'];
  lever_code: string;
  earning_type: string;
  billed_month: string;
  currency: string;
  amount: string | null;
  rate: string | null;
  earning: string;
  kind: EarningKind;
  reason: string | null;
  status: EarningStatus;
  customer_id: string | null;
  customer_name: string | null;
  payment_id: string | null;
  created_at: Date | string;
}

/** The columns of an earning row, over `earningFrom`. */
export function earningColumns(month: string): SQL {
  return sql`e.id, e.organization_id, e.line_id, e.line_version, l.location_id as location_code, l.name as location_name,
    p.code as program_code, pv.definition->'name' as program_names, e.lever_code, e.earning_type::text as earning_type,
    to_char(e.billed_month, 'YYYY-MM') as billed_month, e.currency, e.amount::text as amount, e.rate::text as rate,
    e.earning::text as earning, e.kind::text as kind, e.reason, ${statusOf(month)} as status,
    lv.customer_id, lv.customer_name, pl.payment_id, e.created_at`;
}

/**
 * Earnings `e` with their location `l`, program `p` (current version `pv`), status (`d`, `pl`) and
 * billing line version `lv`; `source` is the table or a page of it (`earningsPage`).
 */
export function earningFrom(source: SQL = sql`earnings`): SQL {
  return sql`${source} e
    join locations l on l.organization_id = e.organization_id and l.id = e.location_id
    join programs p on p.id = e.program_id
    join program_versions pv on pv.program_id = p.id and pv.version = p.current_version
    ${statusJoins()}
    ${lineVersionJoin}`;
}

/**
 * One page of the earnings the filters select, in `order`, as rows of `earnings`: joined only
 * with what the filters and the order need, so that the joins of `earningFrom` touch the page's
 * rows alone.
 */
export function earningsPage(
  reader: EarningsReader,
  filters: EarningFilters,
  month: string,
  page: { order: SQL; limit: number; offset?: number; where?: SQL; needs?: { line?: boolean; location?: boolean; program?: boolean } },
): SQL {
  const needs = page.needs ?? {};
  return sql`(select e.* from earnings e ${statusJoins()}
      ${filters.customer || needs.line ? lineVersionJoin : sql``}
      ${needs.location ? sql`join locations l on l.organization_id = e.organization_id and l.id = e.location_id` : sql``}
      ${needs.program ? sql`join programs p on p.id = e.program_id` : sql``}
     where ${earningWhere(reader, filters, month)} and ${page.where ?? sql`true`}
     order by ${page.order}
     limit ${page.limit} offset ${page.offset ?? 0})`;
}

/** Every condition of the filters on earnings `e`, over `statusJoins()` and (for a customer) `lineVersionJoin`. */
export function earningWhere(reader: EarningsReader, filters: EarningFilters, month: string): SQL {
  return sql`${scopeAndFilters(reader, filters, 'e')} and ${customerFilter(filters.customer)}
    and ${filters.status ? sql`${statusOf(month)} = ${filters.status}` : sql`true`}`;
}

export function toItem(row: EarningRow, locale: Locale): EarningItem {
  return {
    id: row.id,
    lineId: row.line_id,
    lineVersion: row.line_version,
    location: { locationId: row.location_code, name: row.location_name },
    program: { code: row.program_code, name: row.program_names[locale] ?? row.program_names.en },
    leverCode: row.lever_code,
    earningType: row.earning_type,
    billedMonth: row.billed_month,
    currency: row.currency,
    amount: row.amount === null ? null : plainDecimal(row.amount),
    rate: row.rate === null ? null : plainDecimal(row.rate),
    earning: plainDecimal(row.earning),
    kind: row.kind,
    reason: row.reason,
    status: row.status,
    customerId: row.customer_id,
    customerName: row.customer_name,
    paymentId: row.payment_id,
    createdAt: new Date(row.created_at),
  };
}

const sortColumns: Record<EarningSort, string> = {
  billed_month: 'e.billed_month',
  earning: 'e.earning',
  created_at: 'e.created_at',
  location: 'l.location_id',
  program: 'p.code',
  customer: 'coalesce(lv.customer_name, lv.customer_id)',
};

export interface ListOptions {
  sort: EarningSort;
  direction: SortDirection;
  page: number;
  pageSize: number;
}

/**
 * A page of the reader's earnings. The default order (newest billed month first) is read from
 * the index `earnings_org_month` (or `earnings_pair_month`), so the first pages cost the same
 * however many earnings there are; the id breaks ties, so pages never overlap. The total comes
 * from `earning_totals` unless a customer is asked for.
 */
export async function listEarnings(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader, filters: EarningFilters, options: ListOptions) {
  const month = monthOf(ctx.now());
  const direction = sql.raw(options.direction);
  const nulls = sql.raw(options.sort === 'customer' ? ' nulls last' : '');
  const order = sql`${sql.raw(sortColumns[options.sort])} ${direction}${nulls}, e.id ${direction}`;
  const page = earningsPage(reader, filters, month, {
    order,
    limit: options.pageSize,
    offset: (options.page - 1) * options.pageSize,
    needs: { line: options.sort === 'customer', location: options.sort === 'location', program: options.sort === 'program' },
  });
  const rows = rowsOf<EarningRow>(await ctx.db.orm.execute(sql`select ${earningColumns(month)} from ${earningFrom(page)} order by ${order}`));
  const total = await countEarnings(ctx.db.orm, reader, filters, month);
  return { earnings: rows.map((row) => toItem(row, reader.locale)), total, page: options.page, pageSize: options.pageSize };
}

/** How many earnings the filters select. */
export async function countEarnings(orm: Orm, reader: EarningsReader, filters: EarningFilters, month: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await orm.execute(
      filters.customer
        ? sql`select count(*) as n from earnings e ${statusJoins()} ${lineVersionJoin} where ${earningWhere(reader, filters, month)}`
        : sql`select coalesce(sum(s.earnings), 0) as n
                from ${totalsByStatus((alias) => scopeAndFilters(reader, filters, alias), month)} s
               where ${filters.status ? sql`s.status = ${filters.status}` : sql`true`}`,
    ),
  );
  return Number(row?.n ?? 0);
}
