import { count, desc, eq, getTableColumns } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { RowProblem } from '../imports/csv.ts';
import { importRuns, type ImportKind } from './schema.ts';

export type ImportRunRecord = typeof importRuns.$inferSelect;
export type ImportRunSummary = Omit<ImportRunRecord, 'problems' | 'actorUserId'>;

/** The most recent imports first, of one kind or both; without their refused rows. */
export async function listImportRuns(
  ctx: Pick<AppContext, 'db'>,
  options: { kind?: ImportKind | undefined; limit: number; offset: number },
): Promise<{ imports: ImportRunSummary[]; total: number }> {
  const where = options.kind ? eq(importRuns.kind, options.kind) : undefined;
  const { problems: _problems, actorUserId: _actor, ...columns } = getTableColumns(importRuns);
  const [rows, [tally]] = await Promise.all([
    ctx.db.orm.select(columns).from(importRuns).where(where).orderBy(desc(importRuns.createdAt), desc(importRuns.id)).limit(options.limit).offset(options.offset),
    ctx.db.orm.select({ total: count() }).from(importRuns).where(where),
  ]);
  return { imports: rows, total: Number(tally?.total ?? 0) };
}

/** One import with its progress, counts and the refused rows (the first 1,000, in row order). */
export async function getImportRun(ctx: Pick<AppContext, 'db'>, id: string): Promise<ImportRunSummary & { problems: RowProblem[] }> {
  const [run] = await ctx.db.orm.select().from(importRuns).where(eq(importRuns.id, id));
  if (!run) throw AppError.notFound('import');
  const { actorUserId: _actor, ...rest } = run;
  return { ...rest, problems: run.problems as RowProblem[] };
}
