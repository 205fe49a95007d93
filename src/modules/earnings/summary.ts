import { eq, sql, and } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { rowsOf } from '../../db/client.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { programs, programVersions } from '../programs/schema.ts';
import { plainDecimal } from './decimals.ts';
import { customerFilter, lineVersionJoin, scopeAndFilters, type EarningFilters, type EarningsReader } from './reader.ts';
import { earningStatuses, monthOf, statusJoins, statusOf, totalsByStatus, type EarningStatus } from './status.ts';

/** An amount in one currency; amounts of different currencies are never added. */
export interface Money {
  currency: string;
  amount: string;
}

/** Months as a count from year 0, so that month arithmetic is integer arithmetic. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthAt = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

/**
 * The fiscal year of a program that holds `month` (`YYYY-MM`): the one its definition names when
 * the month is in it, else that one moved by whole years (twelve months from the same start
 * month), since a program file names one fiscal year and programs run for several.
 */
export function fiscalYearOf(fiscalYear: { start: string; end: string }, month: string): { from: string; to: string } {
  const start = monthIndex(fiscalYear.start);
  const end = monthIndex(fiscalYear.end);
  const current = monthIndex(month);
  if (start <= current && current <= end) return { from: monthAt(start), to: monthAt(end) };
  const from = start + 12 * Math.floor((current - start) / 12);
  return { from: monthAt(from), to: monthAt(from + 11) };
}

/** The months a chart shows: 18 ending with the `to` filter (else the current month), none before `from`. */
export function chartMonths(filters: EarningFilters, currentMonth: string): string[] {
  const last = monthIndex(filters.to ?? currentMonth);
  const first = Math.max(last - 17, filters.from ? monthIndex(filters.from) : -Infinity);
  return Array.from({ length: Math.max(last - first + 1, 0) }, (_, i) => monthAt(first + i));
}

interface SummaryRow {
  part: 'month' | 'fiscal_year' | 'fiscal_year_program' | 'status' | 'not_yet_paid' | 'chart' | 'program';
  program_id: string | null;
  lever_code: string | null;
  month: string | null;
  status: EarningStatus | null;
  currency: string | null;
  amount: string | null;
}

/**
 * The cards and the chart of the earnings page, for the reader and the list's filters:
 * - `thisMonth`: earnings billed in the current month;
 * - `fiscalYear`: earnings billed in the current fiscal year of their own program (each program
 *   has its own, see `fiscalYearOf`), in all and per program;
 * - `notYetPaid` (pending, payable, in payment) and `paid`, and the total of each status;
 * - `chart`: per billed month, program and lever, per currency, over `chartMonths`.
 * Every amount is an exact sum in one currency. Read from `earning_totals` (a few rows per month,
 * so it costs the same for 10,000 earnings as for 1,000,000) unless a customer is asked for,
 * which only the earnings themselves know.
 */
export async function earningsSummary(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader, filters: EarningFilters) {
  const month = monthOf(ctx.now());
  const currentMonth = month.slice(0, 7);
  const definitions = await ctx.db.orm
    .select({ id: programs.id, code: programs.code, definition: programVersions.definition })
    .from(programs)
    .innerJoin(programVersions, and(eq(programVersions.programId, programs.id), eq(programVersions.version, programs.currentVersion)));
  const fiscalYears = definitions.map((p) => ({ ...p, window: fiscalYearOf((p.definition as ProgramFile).fiscal_year, currentMonth) }));
  const months = chartMonths(filters, currentMonth);

  const source = filters.customer
    ? sql`(select e.organization_id, e.location_id, e.program_id, e.lever_code, e.billed_month, e.currency, e.kind,
                  ${statusOf(month)} as status, e.earning, 1 as earnings
             from earnings e ${statusJoins()} ${lineVersionJoin}
            where ${scopeAndFilters(reader, filters, 'e')} and ${customerFilter(filters.customer)})`
    : totalsByStatus((alias) => scopeAndFilters(reader, filters, alias), month);
  const windows = fiscalYears.length
    ? sql`(values ${sql.join(
        fiscalYears.map((p) => sql`(${p.id}::uuid, ${`${p.window.from}-01`}::date, ${`${p.window.to}-01`}::date)`),
        sql`, `,
      )}) as fy(program_id, first_month, last_month)`
    : sql`(select null::uuid, null::date, null::date where false) as fy(program_id, first_month, last_month)`;
  const chartFrom = months.length ? `${months[0]}-01` : month;
  const chartTo = months.length ? `${months[months.length - 1]}-01` : month;

  const rows = rowsOf<SummaryRow>(
    await ctx.db.orm.execute(sql`
      with s as materialized (
        select * from ${source} s where ${filters.status ? sql`s.status = ${filters.status}` : sql`true`}
      ), in_fiscal_year as (
        select s.* from s join ${windows} on fy.program_id = s.program_id and s.billed_month between fy.first_month and fy.last_month
      )
      select 'month' as part, null::uuid as program_id, null as lever_code, null as month, null as status, currency, sum(earning)::text as amount
        from s where billed_month = ${month}::date group by currency
      union all
      select 'fiscal_year', null, null, null, null, currency, sum(earning)::text from in_fiscal_year group by currency
      union all
      select 'fiscal_year_program', program_id, null, null, null, currency, sum(earning)::text from in_fiscal_year group by program_id, currency
      union all
      select 'status', null, null, null, status, currency, sum(earning)::text from s group by status, currency
      union all
      select 'not_yet_paid', null, null, null, null, currency, sum(earning)::text from s where status <> 'paid' group by currency
      union all
      select 'chart', program_id, lever_code, to_char(billed_month, 'YYYY-MM'), null, currency, sum(earning)::text
        from s where billed_month between ${chartFrom}::date and ${chartTo}::date ${months.length ? sql`` : sql`and false`}
       group by program_id, lever_code, billed_month, currency
      union all
      select 'program', program_id, null, null, null, null, null from s group by program_id`),
  );

  // Each part has one row per currency: the sums are PostgreSQL's, exact.
  const money = (part: SummaryRow['part'], match: (row: SummaryRow) => boolean = () => true): Money[] =>
    rows
      .filter((r) => r.part === part && r.currency !== null && r.amount !== null && match(r))
      .map((r) => ({ currency: r.currency!, amount: plainDecimal(r.amount!) }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
  const programById = new Map(fiscalYears.map((p) => [p.id, p]));
  const nameOf = (id: string) => {
    const names = (programById.get(id)!.definition as ProgramFile).name;
    return names[reader.locale] ?? names.en;
  };
  const presentPrograms = rows
    .filter((r) => r.part === 'program' && r.program_id && programById.has(r.program_id))
    .map((r) => programById.get(r.program_id!)!)
    .sort((a, b) => a.code.localeCompare(b.code));

  const byStatus = Object.fromEntries(earningStatuses.map((status) => [status, money('status', (r) => r.status === status)])) as Record<EarningStatus, Money[]>;
  return {
    month: currentMonth,
    thisMonth: money('month'),
    fiscalYear: {
      totals: money('fiscal_year'),
      programs: presentPrograms.map((p) => ({
        code: p.code,
        name: nameOf(p.id),
        from: p.window.from,
        to: p.window.to,
        totals: money('fiscal_year_program', (r) => r.program_id === p.id),
      })),
    },
    notYetPaid: money('not_yet_paid'),
    paid: byStatus.paid,
    byStatus,
    chart: {
      from: months[0] ?? currentMonth,
      to: months[months.length - 1] ?? currentMonth,
      months,
      programs: presentPrograms.map((p) => ({ code: p.code, name: nameOf(p.id) })),
      series: rows
        .filter((r) => r.part === 'chart' && r.amount !== null)
        .map((r) => ({ month: r.month!, program: programById.get(r.program_id!)!.code, lever: r.lever_code!, currency: r.currency!, amount: plainDecimal(r.amount!) }))
        .sort((a, b) => a.month.localeCompare(b.month) || a.program.localeCompare(b.program) || a.lever.localeCompare(b.lever) || a.currency.localeCompare(b.currency)),
    },
  };
}
