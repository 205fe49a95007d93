import { sql } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import type { Actor } from '../identity/actor.ts';
import { CsvFormatError, streamCsv } from '../imports/csv.ts';
import { isCurrencyCode } from '../money/currency.ts';
import type { ImportCounts } from '../partners/import-partners.ts';
import { rowsOf } from '../../db/client.ts';
import { monthPattern } from './months.ts';
import { lockEarnings } from './lock.ts';
import { refreshLocationRevenue } from './revenue.ts';
import { beginImportRun, finishImportRun, importRefused, Problems, reportProgress, type ImportSource } from './runs.ts';

export const fxColumns = { required: ['month', 'currency', 'units_per_usd'] } as const;

const ratePattern = /^\d{1,16}(\.\d{1,8})?$/;

interface FxRow {
  row: number;
  month: string;
  currency: string;
  unitsPerUsd: string;
}

/**
 * Imports FX rates (units of a currency per US dollar, per month). A rate that exists with the
 * same value is unchanged; with another value it is replaced (the audit log keeps both). USD is
 * always 1: a USD row must say so and is not stored. All or nothing, like every import.
 */
export async function importFx(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, source: ImportSource, options: { runId?: string } = {}): Promise<ImportCounts> {
  const runId = await beginImportRun(ctx, actor, 'fx', source, options.runId);
  const problems = new Problems(source.name);
  try {
    const rates: FxRow[] = [];
    const seen = new Map<string, number>();
    let rowsRead = 0;
    try {
      for await (const batch of streamCsv(source.name, source.chunks, fxColumns)) {
        for (const { row, values: v } of batch) {
          const refuse = (column: string, rule: string, message: string) => problems.add(row, column, rule, message);
          const before = problems.count;
          for (const column of fxColumns.required) if (!v[column]) refuse(column, 'required', 'is required');
          if (v.month && !monthPattern.test(v.month)) refuse('month', 'month', 'must be a month YYYY-MM');
          if (v.currency && !isCurrencyCode(v.currency)) refuse('currency', 'currency', `"${v.currency.slice(0, 10)}" is not an ISO 4217 currency code`);
          if (v.units_per_usd && !ratePattern.test(v.units_per_usd)) {
            refuse('units_per_usd', 'decimal', 'must be a positive decimal with at most 8 digits after the point');
          } else if (v.units_per_usd && !/[1-9]/.test(v.units_per_usd)) {
            refuse('units_per_usd', 'positive', 'must be more than 0');
          }
          if (v.currency === 'USD' && v.units_per_usd && ratePattern.test(v.units_per_usd) && Number(v.units_per_usd) !== 1) {
            refuse('units_per_usd', 'usd_is_one', 'must be 1 for USD');
          }
          if (problems.count > before) continue;
          const key = `${v.month}|${v.currency}`;
          const first = seen.get(key);
          if (first !== undefined) {
            refuse('currency', 'duplicate_rate', `${v.currency} of ${v.month} is also on row ${first}`);
            continue;
          }
          seen.set(key, row);
          if (v.currency !== 'USD') rates.push({ row, month: `${v.month}-01`, currency: v.currency!, unitsPerUsd: v.units_per_usd! });
        }
        rowsRead += batch.length;
        await reportProgress(ctx, runId, { rowsRead });
      }
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      problems.addAll(error.problems);
    }
    if (problems.count) {
      await finishImportRun(ctx, runId, { status: 'refused', problems: problems.sorted(), problemCount: problems.count });
      throw importRefused(problems.sorted(), problems.count);
    }

    await reportProgress(ctx, runId, { status: 'applying' });
    const counts = await ctx.db.orm.transaction(async (tx) => {
      await lockEarnings(tx);
      const now = ctx.now().toISOString();
      const changed = rowsOf<{ month: string; currency: string; before: string | null; after: string }>(
        await tx.execute(sql`
          with input as (
            select * from jsonb_to_recordset(${JSON.stringify(rates)}::jsonb) as r(month date, currency text, "unitsPerUsd" numeric)
          ),
          old as (
            select i.month, i.currency, f.units_per_usd as before, i."unitsPerUsd" as after
              from input i left join fx_rates f on f.month = i.month and f.currency = i.currency
             where f.units_per_usd is distinct from i."unitsPerUsd"
          ),
          saved as (
            insert into fx_rates (month, currency, units_per_usd, import_id, updated_at)
            select month, currency, after, ${runId}, ${now} from old
            on conflict (month, currency) do update set units_per_usd = excluded.units_per_usd, import_id = excluded.import_id, updated_at = excluded.updated_at
            returning month
          )
          select to_char(month, 'YYYY-MM') as month, currency, before::text, after::text from old order by month, currency`),
      );
      const result: ImportCounts = {
        inserted: changed.filter((c) => c.before === null).length,
        updated: changed.filter((c) => c.before !== null).length,
        unchanged: rowsRead - changed.length,
      };
      if (!changed.length) return result;
      await refreshLocationRevenue(tx, [...new Set(changed.map((c) => `${c.month}-01`))]);
      await recordAudit(tx, actor, {
        action: 'import.fx',
        organizationId: null,
        targetType: 'import',
        targetId: runId,
        before: Object.fromEntries(changed.filter((c) => c.before !== null).map((c) => [`${c.month} ${c.currency}`, c.before])),
        after: { file: source.name, ...result, rates: Object.fromEntries(changed.map((c) => [`${c.month} ${c.currency}`, c.after])) },
      });
      await requestEligibilityRun(tx, 'import.fx');
      return result;
    });
    await finishImportRun(ctx, runId, { status: 'done', counts });
    return counts;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'validation_failed')) {
      await finishImportRun(ctx, runId, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
    throw error;
  }
}
