import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Actor } from '../identity/actor.ts';
import type { RowProblem } from '../imports/csv.ts';
import type { ImportCounts } from '../partners/import-partners.ts';
import { importRuns, type ImportKind, type ImportStatus } from './schema.ts';

/** A file to import, read as it comes so that its size does not matter. */
export interface ImportSource {
  name: string;
  /** Its size in bytes, where known: progress is shown against it. */
  size?: number | undefined;
  chunks: AsyncIterable<Uint8Array>;
}

export const maxProblems = 1000;

export type ImportRun = typeof importRuns.$inferSelect;

/** Starts the record of an import (status `queued`), or takes over the queued one `id` names. */
export async function beginImportRun(
  ctx: Pick<AppContext, 'db' | 'now'>,
  actor: Actor,
  kind: ImportKind,
  source: Pick<ImportSource, 'name' | 'size'>,
  id?: string,
): Promise<string> {
  if (id) {
    const [run] = await ctx.db.orm
      .update(importRuns)
      .set({ status: 'loading', startedAt: ctx.now(), bytesRead: 0, rowsRead: 0 })
      .where(sql`${importRuns.id} = ${id} and ${importRuns.status} in ('queued', 'loading', 'applying')`)
      .returning({ id: importRuns.id });
    if (!run) throw new AppError('conflict', `The import ${id} is not waiting to run.`);
    return id;
  }
  const runId = randomUUID();
  await ctx.db.orm.insert(importRuns).values({
    id: runId,
    kind,
    fileName: source.name.slice(0, 300),
    status: 'loading',
    bytesTotal: source.size ?? null,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    createdAt: ctx.now(),
    startedAt: ctx.now(),
  });
  return runId;
}

export async function reportProgress(ctx: Pick<AppContext, 'db'>, id: string, progress: { bytesRead?: number; rowsRead?: number; status?: ImportStatus }): Promise<void> {
  await ctx.db.orm.update(importRuns).set(progress).where(eq(importRuns.id, id));
}

export async function finishImportRun(
  ctx: Pick<AppContext, 'db' | 'now'>,
  id: string,
  outcome: { status: 'done'; counts: ImportCounts } | { status: 'refused'; problems: RowProblem[]; problemCount: number } | { status: 'failed'; error: string },
): Promise<void> {
  const set: Partial<typeof importRuns.$inferInsert> = { status: outcome.status, finishedAt: ctx.now() };
  if (outcome.status === 'done') Object.assign(set, outcome.counts);
  if (outcome.status === 'refused') Object.assign(set, { problems: outcome.problems, problemCount: outcome.problemCount });
  if (outcome.status === 'failed') set.error = outcome.error.slice(0, 1000);
  await ctx.db.orm.update(importRuns).set(set).where(eq(importRuns.id, id));
}

/** The refusal of a whole file: nothing was changed; the first 1,000 problems are listed. */
export function importRefused(problems: RowProblem[], total = problems.length): AppError {
  const listed = problems.slice(0, maxProblems);
  return new AppError(
    'validation_failed',
    `The import was refused; nothing was changed. ${total} problem(s)${total > listed.length ? `, the first ${listed.length} listed` : ''}:\n` +
      listed.map((p) => `  ${p.file} row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`).join('\n'),
    { rows: listed, messageKey: 'errors:detail.importRefused', params: { count: total } },
  );
}

/** Collects refused rows: every one is counted, the first 1,000 kept. */
export class Problems {
  readonly list: RowProblem[] = [];
  count = 0;

  constructor(private readonly file: string) {}

  add(row: number, column: string | null, rule: string, message: string): void {
    this.count++;
    if (this.list.length < maxProblems) this.list.push({ file: this.file, row, column, rule, message });
  }

  addAll(problems: readonly RowProblem[]): void {
    for (const p of problems) this.add(p.row, p.column, p.rule, p.message);
  }

  /** In row order, as the answer lists them. */
  sorted(): RowProblem[] {
    return [...this.list].sort((a, b) => a.row - b.row);
  }
}
