import { sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { rowsOf } from '../../db/client.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { plainDecimal } from './decimals.ts';
import { earningColumns, earningFrom, earningWhere, toItem, type EarningRow } from './queries.ts';
import { scopeAndFilters, type EarningsReader } from './reader.ts';
import type { EarningKind } from './schema.ts';
import { monthOf } from './status.ts';

interface DetailRow extends EarningRow {
  program_id: string;
  program_version: number;
  version_definition: ProgramFile;
  comment: string | null;
  calculation_id: string | null;
  calculated_at: Date | string | null;
  created_by: string;
  created_by_name: string | null;
}

interface LineVersionRow {
  line_id: string;
  version: number;
  location_code: string;
  customer_id: string | null;
  customer_name: string | null;
  product_sku: string | null;
  product_category: string;
  billed_month: string;
  currency: string;
  amount: string;
  quantity: string | null;
  imported_at: Date | string;
  versions: number;
  current_version: number | null;
}

interface HistoryRow {
  id: string;
  kind: EarningKind;
  reason: string | null;
  location_code: string;
  billed_month: string;
  currency: string;
  earning: string;
  running_sum: string;
  line_version: number | null;
  created_at: Date | string;
}

/**
 * One earning of the reader: the earning; the billing line version it was calculated from (for a
 * reversal, the version that moved the line) with how many versions the line has; the program
 * version, lever, earning type and rate it used; and every earning recorded for its key (line,
 * program, lever) in order (within one calculation a reversal before what replaces it) with the
 * running sum per currency, which shows what an adjustment corrects. A manual adjustment has no line: its history is itself. Operators see which operator
 * recorded a manual adjustment; partners see that the vendor did (as in the enrollment history).
 * Another organization's earning, or one outside the reader's pairs, is not found.
 */
export async function getEarning(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader, id: string) {
  const month = monthOf(ctx.now());
  const [row] = rowsOf<DetailRow>(
    await ctx.db.orm.execute(sql`
      select ${earningColumns(month)}, e.program_id, e.program_version, used.definition as version_definition, e.comment,
             e.calculation_id, c.created_at as calculated_at, e.created_by, u.name as created_by_name
        from ${earningFrom()}
        join program_versions used on used.program_id = e.program_id and used.version = e.program_version
        left join calculations c on c.id = e.calculation_id
        left join users u on u.id = e.created_by_user_id and u.organization_id is null
       where ${earningWhere(reader, {}, month)} and e.id = ${id}::uuid`),
  );
  if (!row) throw AppError.notFound('earning');

  const [line] = row.line_id
    ? rowsOf<LineVersionRow>(
        await ctx.db.orm.execute(sql`
          select v.line_id, v.version, l.location_id as location_code, v.customer_id, v.customer_name, v.product_sku, v.product_category,
                 to_char(v.billed_month, 'YYYY-MM') as billed_month, v.currency, v.amount::text as amount, v.quantity::text as quantity, v.imported_at,
                 (select count(*)::int from billing_line_versions o where o.organization_id = v.organization_id and o.line_id = v.line_id) as versions,
                 (select b.version from billing_lines b where b.organization_id = v.organization_id and b.line_id = v.line_id) as current_version
            from billing_line_versions v
            join locations l on l.organization_id = v.organization_id and l.id = v.location_id
           where v.organization_id = ${row.organization_id}::uuid and v.line_id = ${row.line_id} and v.version = ${row.line_version}`),
      )
    : [];

  const history = row.line_id
    ? rowsOf<HistoryRow>(
        await ctx.db.orm.execute(sql`
          select e.id, e.kind::text as kind, e.reason, l.location_id as location_code, to_char(e.billed_month, 'YYYY-MM') as billed_month,
                 e.currency, e.earning::text as earning, e.line_version, e.created_at,
                 (sum(e.earning) over (partition by e.currency order by e.created_at, e.kind desc, e.id))::text as running_sum
            from earnings e
            join locations l on l.organization_id = e.organization_id and l.id = e.location_id
           where ${scopeAndFilters(reader, {}, 'e')}
             and e.line_id = ${row.line_id} and e.program_id = ${row.program_id}::uuid and e.lever_code = ${row.lever_code}
           order by e.created_at, e.kind desc, e.id`),
      )
    : [{ ...row, location_code: row.location_code, running_sum: row.earning }];

  const used = row.version_definition;
  const manual = row.kind === 'adjustment' && row.line_id === null;
  return {
    ...toItem(row, reader.locale),
    comment: row.comment,
    programVersion: {
      version: row.program_version,
      name: used.name[reader.locale] ?? used.name.en,
      paymentDelayMonths: used.payment_delay_months,
    },
    calculation: row.calculation_id ? { id: row.calculation_id, at: row.calculated_at ? new Date(row.calculated_at) : null } : null,
    recordedBy: manual ? (reader.operator ? { name: row.created_by_name, email: row.created_by } : null) : null,
    line: line
      ? {
          lineId: line.line_id,
          version: line.version,
          versions: line.versions,
          currentVersion: line.current_version,
          locationId: line.location_code,
          customerId: line.customer_id,
          customerName: line.customer_name,
          productSku: line.product_sku,
          productCategory: line.product_category,
          billedMonth: line.billed_month,
          currency: line.currency,
          amount: plainDecimal(line.amount),
          quantity: line.quantity === null ? null : plainDecimal(line.quantity, 0),
          importedAt: new Date(line.imported_at),
        }
      : null,
    history: history.map((h) => ({
      id: h.id,
      kind: h.kind,
      reason: h.reason,
      locationId: h.location_code,
      billedMonth: h.billed_month,
      currency: h.currency,
      earning: plainDecimal(h.earning),
      runningSum: plainDecimal(h.running_sum),
      lineVersion: h.line_version,
      createdAt: new Date(h.created_at),
    })),
  };
}
