import { sql } from 'drizzle-orm';
import { copyLine, rowsOf } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import type { Actor } from '../identity/actor.ts';
import { CsvFormatError, streamCsv, type CsvRecord } from '../imports/csv.ts';
import { isCurrencyCode } from '../money/currency.ts';
import type { ImportCounts } from '../partners/import-partners.ts';
import { refreshLocationRevenue } from './revenue.ts';
import { beginImportRun, finishImportRun, importRefused, Problems, reportProgress, type ImportSource } from './runs.ts';
import { lockEarnings } from './lock.ts';
import { monthPattern } from './months.ts';

export const billingColumns = {
  required: ['line_id', 'location_id', 'product_category', 'billed_month', 'currency', 'amount'],
  optional: ['customer_id', 'customer_name', 'product_sku', 'quantity'],
} as const;

const stagingColumns = [
  'import_id',
  'row',
  'line_id',
  'location_code',
  'customer_id',
  'customer_name',
  'product_sku',
  'product_category',
  'billed_month',
  'currency',
  'amount',
  'quantity',
] as const;

const lineIdPattern = /^[^\p{Cc}]{1,100}$/u;
const locationIdPattern = /^L-[0-9]{1,12}$/;
const categoryPattern = /^[a-z0-9][a-z0-9-]{0,59}$/;
const amountPattern = /^-?\d{1,16}(\.\d{1,4})?$/;
const textLimits = { customer_id: 100, customer_name: 300, product_sku: 100 } as const;

/** The checks of one row that need nothing but the row; the rest run in SQL on the staged rows. */
export function checkBillingRow(record: CsvRecord, problems: Problems): boolean {
  const v = record.values;
  const before = problems.count;
  const refuse = (column: string, rule: string, message: string) => problems.add(record.row, column, rule, message);
  for (const column of billingColumns.required) if (!v[column]) refuse(column, 'required', 'is required');
  if (v.line_id && !lineIdPattern.test(v.line_id)) refuse('line_id', 'line_id_format', 'must be 1 to 100 characters without control characters');
  if (v.location_id && !locationIdPattern.test(v.location_id)) refuse('location_id', 'location_id_format', 'must look like L-2000317');
  if (v.product_category && !categoryPattern.test(v.product_category)) refuse('product_category', 'product_category_format', 'must be lower-case letters, digits and dashes');
  if (v.billed_month && !monthPattern.test(v.billed_month)) refuse('billed_month', 'month', 'must be a month YYYY-MM');
  if (v.currency && !isCurrencyCode(v.currency)) refuse('currency', 'currency', `"${v.currency.slice(0, 10)}" is not an ISO 4217 currency code`);
  if (v.amount && !amountPattern.test(v.amount)) refuse('amount', 'decimal', 'must be a decimal with at most 4 digits after the point, like -1234.5678');
  if (v.quantity && !amountPattern.test(v.quantity)) refuse('quantity', 'decimal', 'must be a decimal with at most 4 digits after the point');
  for (const [column, limit] of Object.entries(textLimits)) {
    if ((v[column]?.length ?? 0) > limit) refuse(column, 'too_long', `must be at most ${limit} characters`);
  }
  return problems.count === before;
}

const orNull = (value: string | undefined) => (value ? value : null);

/**
 * Imports a billing file: every row is read and checked as it streams in and loaded with COPY
 * into staging; one transaction then checks the rows against each other and the locations and
 * applies them. All or nothing: a refused row changes nothing, and the error names every refused
 * row (the first 1,000). A line imported again unchanged counts as unchanged; with other content
 * it becomes the line's new version, the old one kept.
 */
export async function importBilling(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, source: ImportSource, options: { runId?: string } = {}): Promise<ImportCounts> {
  const runId = await beginImportRun(ctx, actor, 'billing', source, options.runId);
  // A run taken over after its process died may have left rows in staging: start from none.
  if (options.runId) await ctx.db.query('delete from billing_staging where import_id = $1', [runId]);
  try {
    const counts = await loadAndApply(ctx, actor, source, runId);
    await finishImportRun(ctx, runId, { status: 'done', counts });
    return counts;
  } catch (error) {
    if (error instanceof RefusedImport) {
      await finishImportRun(ctx, runId, { status: 'refused', problems: error.problems.sorted(), problemCount: error.problems.count });
      throw importRefused(error.problems.sorted(), error.problems.count);
    }
    await finishImportRun(ctx, runId, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    await ctx.db.query('delete from billing_staging where import_id = $1', [runId]);
  }
}

class RefusedImport extends Error {
  constructor(readonly problems: Problems) {
    super('refused');
  }
}

async function loadAndApply(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, source: ImportSource, runId: string): Promise<ImportCounts> {
  const problems = new Problems(source.name);
  let rows = 0;
  let bytesRead = 0;
  try {
    for await (const batch of streamCsv(source.name, source.chunks, billingColumns, { batchSize: 10_000, onBytes: (b) => (bytesRead = b) })) {
      const lines: string[] = [];
      for (const record of batch) {
        if (!checkBillingRow(record, problems) || problems.count > 0) continue;
        const v = record.values;
        lines.push(
          copyLine([
            runId,
            String(record.row),
            v.line_id!,
            v.location_id!,
            orNull(v.customer_id),
            orNull(v.customer_name),
            orNull(v.product_sku),
            v.product_category!,
            `${v.billed_month}-01`,
            v.currency!,
            v.amount!,
            orNull(v.quantity),
          ]),
        );
      }
      rows += batch.length;
      // Once a row is refused nothing more is loaded; the rest is only checked.
      if (lines.length) await ctx.db.copyIn('billing_staging', stagingColumns, lines);
      await reportProgress(ctx, runId, { rowsRead: rows, bytesRead });
    }
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    problems.addAll(error.problems);
  }
  if (problems.count) throw new RefusedImport(problems);

  await reportProgress(ctx, runId, { status: 'applying' });
  return ctx.db.orm.transaction(async (tx) => {
    await lockEarnings(tx);
    // Rows that only make sense together: unknown locations, a line twice in the file.
    const refused = rowsOf<{ row: number; column: string; rule: string; message: string }>(await tx.execute(sql`
      (select s.row, 'location_id' as column, 'unknown_location' as rule, 'there is no location ' || s.location_code as message
         from billing_staging s left join locations l on l.location_id = s.location_code
        where s.import_id = ${runId} and l.id is null
        order by s.row limit 1000)
      union all
      (select s.row, 'line_id', 'duplicate_line_id', 'the line ' || s.line_id || ' is also on row ' || d.first
         from (select line_id, min(row) as first from billing_staging where import_id = ${runId} group by line_id having count(*) > 1) d
         join billing_staging s on s.import_id = ${runId} and s.line_id = d.line_id and s.row > d.first
        order by s.row limit 1000)`));
    for (const p of refused) problems.add(Number(p.row), p.column, p.rule, p.message);
    if (problems.count) throw new RefusedImport(problems);

    const now = ctx.now().toISOString();
    // New lines and lines whose content changed become a new version; identical ones are counted.
    const [tally] = rowsOf<{ inserted: number; updated: number; unchanged: number }>(
      await tx.execute(sql`
        with staged as (
          select s.*, l.organization_id, l.id as location_uuid
            from billing_staging s join locations l on l.location_id = s.location_code
           where s.import_id = ${runId}
        ),
        versions as (
          insert into billing_line_versions (organization_id, line_id, version, location_id, customer_id, customer_name, product_sku,
                                             product_category, billed_month, currency, amount, quantity, import_id, imported_at)
          select s.organization_id, s.line_id, coalesce(b.version, 0) + 1, s.location_uuid, s.customer_id, s.customer_name, s.product_sku,
                 s.product_category, s.billed_month, s.currency, s.amount, s.quantity, ${runId}, ${now}
            from staged s left join billing_lines b on b.line_id = s.line_id
           where b.line_id is null
              or (b.organization_id, b.location_id, b.customer_id, b.customer_name, b.product_sku, b.product_category, b.billed_month, b.currency, b.amount, b.quantity)
                 is distinct from
                 (s.organization_id, s.location_uuid, s.customer_id, s.customer_name, s.product_sku, s.product_category, s.billed_month, s.currency, s.amount, s.quantity)
          returning version
        )
        select count(*) filter (where version = 1)::int as inserted,
               count(*) filter (where version > 1)::int as updated,
               ((select count(*) from staged) - count(*))::int as unchanged
          from versions`),
    );
    const counts: ImportCounts = { inserted: tally?.inserted ?? 0, updated: tally?.updated ?? 0, unchanged: tally?.unchanged ?? 0 };
    if (counts.inserted + counts.updated === 0) return counts;

    // Months whose revenue changes: those of the new versions and of the versions they replace.
    const months = rowsOf<{ month: string }>(
      await tx.execute(sql`
        select distinct billed_month::text as month from billing_line_versions where import_id = ${runId}
        union
        select distinct b.billed_month::text from billing_lines b
          join billing_line_versions v on v.line_id = b.line_id and v.import_id = ${runId} and v.version > 1`),
    ).map((r) => r.month);
    await tx.execute(sql`
      insert into billing_lines (organization_id, line_id, version, location_id, customer_id, customer_name, product_sku,
                                 product_category, billed_month, currency, amount, quantity, import_id)
      select organization_id, line_id, version, location_id, customer_id, customer_name, product_sku,
             product_category, billed_month, currency, amount, quantity, import_id
        from billing_line_versions where import_id = ${runId}
      on conflict (line_id) do update set
        organization_id = excluded.organization_id, version = excluded.version, location_id = excluded.location_id,
        customer_id = excluded.customer_id, customer_name = excluded.customer_name, product_sku = excluded.product_sku,
        product_category = excluded.product_category, billed_month = excluded.billed_month, currency = excluded.currency,
        amount = excluded.amount, quantity = excluded.quantity, import_id = excluded.import_id`);
    await refreshLocationRevenue(tx, months);
    await recordAudit(tx, actor, {
      action: 'import.billing',
      organizationId: null,
      targetType: 'import',
      targetId: runId,
      after: { file: source.name, rows, ...counts },
    });
    await requestEligibilityRun(tx, 'import.billing');
    return counts;
  });
}
