import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Actor, Scope } from '../identity/actor.ts';
import { enqueueJob, maxJobAttempts, type Job } from '../jobs/queue.ts';
import { earningsCsvBatches, earningsCsvHeader } from './earnings-csv.ts';
import { countEarnings } from './queries.ts';
import type { EarningFilters, EarningsReader } from './reader.ts';
import { earningsExportChunks, earningsExports } from './schema.ts';
import { monthOf } from './status.ts';

/** How long a finished export can be downloaded; the daily task removes it after. */
export const exportLifetimeMs = 7 * 86_400_000;
/** Exports one user may have waiting or running at once. */
export const maxExportsInProgress = 3;
/** Characters of CSV per stored chunk (about 1 MiB). */
export const exportChunkChars = 1024 * 1024;

export type EarningsExport = typeof earningsExports.$inferSelect;

/**
 * Queues an export of the reader's earnings that the filters select, made by the job
 * `earnings.export` as earnings.csv and kept for `exportLifetimeMs`. The reader's pairs are
 * recorded with it, so the file holds what the requester could see when asking.
 */
export async function requestEarningsExport(
  ctx: Pick<AppContext, 'db' | 'now' | 'wakeJobs'>,
  actor: Actor,
  reader: EarningsReader,
  filters: EarningFilters,
): Promise<EarningsExport> {
  if (!actor.userId || !reader.organizationId) throw new AppError('forbidden', 'Exports are made for a signed-in user and one organization.');
  const id = randomUUID();
  const now = ctx.now();
  const row = await ctx.db.orm.transaction(async (tx) => {
    // One user's exports are counted under a lock of that user, so two requests cannot both slip under the limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`accrue.earnings-export:${actor.userId}`}))`);
    const [waiting] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(earningsExports)
      .where(and(eq(earningsExports.requestedByUserId, actor.userId!), inArray(earningsExports.status, ['queued', 'running'])));
    if ((waiting?.n ?? 0) >= maxExportsInProgress) {
      throw new AppError('conflict', `You have ${maxExportsInProgress} exports in progress; ask for another once one is done.`, {
        messageKey: 'errors:detail.exportsInProgress',
        params: { count: maxExportsInProgress },
      });
    }
    const [inserted] = await tx
      .insert(earningsExports)
      .values({
        id,
        organizationId: reader.organizationId!,
        requestedByUserId: actor.userId!,
        requestedBy: actor.label,
        pairs: reader.pairs === 'all' ? null : reader.pairs,
        filters: withoutUndefined(filters),
        status: 'queued',
        createdAt: now,
        expiresAt: new Date(now.getTime() + exportLifetimeMs),
      })
      .returning();
    await enqueueJob(tx, 'earnings.export', { reason: `earnings export ${id}`, payload: { exportId: id } });
    return inserted!;
  });
  ctx.wakeJobs();
  return row;
}

function withoutUndefined(filters: EarningFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as Record<string, string>;
}

/** One of the caller's own exports for the reader's organization, not expired; else not found. */
export async function findEarningsExport(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, reader: EarningsReader, id: string): Promise<EarningsExport> {
  const [row] = await ctx.db.orm
    .select()
    .from(earningsExports)
    .where(
      and(
        eq(earningsExports.id, id),
        eq(earningsExports.organizationId, reader.organizationId!),
        eq(earningsExports.requestedByUserId, actor.userId ?? '00000000-0000-0000-0000-000000000000'),
        gt(earningsExports.expiresAt, ctx.now()),
      ),
    );
  if (!row) throw AppError.notFound('export');
  return row;
}

/** The caller's exports for the reader's organization that have not expired, newest first. */
export async function listEarningsExports(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, reader: EarningsReader): Promise<EarningsExport[]> {
  if (!actor.userId) return [];
  return ctx.db.orm
    .select()
    .from(earningsExports)
    .where(
      and(
        eq(earningsExports.organizationId, reader.organizationId!),
        eq(earningsExports.requestedByUserId, actor.userId),
        gt(earningsExports.expiresAt, ctx.now()),
      ),
    )
    .orderBy(desc(earningsExports.createdAt))
    .limit(20);
}

/** A finished export's CSV, a stored chunk at a time; 409 until it is done. */
export async function* earningsExportFile(ctx: Pick<AppContext, 'db'>, row: EarningsExport): AsyncGenerator<string> {
  for (let chunk = 0; ; chunk++) {
    const [part] = await ctx.db.orm
      .select({ data: earningsExportChunks.data })
      .from(earningsExportChunks)
      .where(and(eq(earningsExportChunks.organizationId, row.organizationId), eq(earningsExportChunks.exportId, row.id), eq(earningsExportChunks.chunk, chunk)));
    if (!part) return;
    yield part.data;
  }
}

export function assertExportDone(row: EarningsExport): void {
  if (row.status !== 'done') {
    throw row.status === 'failed'
      ? new AppError('conflict', 'The export could not be made; ask for it again.', { messageKey: 'errors:detail.exportFailed' })
      : new AppError('conflict', 'The export is still being made; download it once it is done.', { messageKey: 'errors:detail.exportNotReady' });
  }
}

/**
 * The job `earnings.export`: writes the export's CSV into chunks, with its progress. A retry
 * (after a crash or a failure) starts the file again; the export is marked failed when the
 * queue gives up.
 */
export async function runEarningsExport(
  ctx: Pick<AppContext, 'db' | 'now'>,
  job: Pick<Job, 'payload' | 'attempts'>,
  options: { chunkChars?: number; batchSize?: number } = {},
): Promise<void> {
  const chunkChars = options.chunkChars ?? exportChunkChars;
  const id = String(job.payload.exportId);
  const [row] = await ctx.db.orm.select().from(earningsExports).where(eq(earningsExports.id, id));
  if (!row || row.status === 'done' || row.expiresAt <= ctx.now()) return;
  try {
    await ctx.db.orm.delete(earningsExportChunks).where(and(eq(earningsExportChunks.organizationId, row.organizationId), eq(earningsExportChunks.exportId, id)));
    const reader: EarningsReader = { organizationId: row.organizationId, pairs: (row.pairs as Scope[] | null) ?? 'all', locale: 'en', operator: false };
    const filters = row.filters as EarningFilters;
    const rowsTotal = await countEarnings(ctx.db.orm, reader, filters, monthOf(ctx.now()));
    await ctx.db.orm
      .update(earningsExports)
      .set({ status: 'running', startedAt: ctx.now(), rowsTotal, rowsWritten: 0, bytes: 0, error: null })
      .where(eq(earningsExports.id, id));

    let buffer = earningsCsvHeader;
    let chunk = 0;
    let rowsWritten = 0;
    let bytes = 0;
    const flush = async () => {
      await ctx.db.orm.insert(earningsExportChunks).values({ organizationId: row.organizationId, exportId: id, chunk: chunk++, data: buffer });
      bytes += Buffer.byteLength(buffer);
      buffer = '';
      await ctx.db.orm.update(earningsExports).set({ rowsWritten, bytes }).where(eq(earningsExports.id, id));
    };
    for await (const batch of earningsCsvBatches(ctx, reader, filters, { batchSize: options.batchSize })) {
      buffer += batch.text;
      rowsWritten += batch.rows;
      if (buffer.length >= chunkChars) await flush();
    }
    if (buffer) await flush();
    await ctx.db.orm.update(earningsExports).set({ status: 'done', rowsWritten, bytes, finishedAt: ctx.now() }).where(eq(earningsExports.id, id));
  } catch (error) {
    if (job.attempts >= maxJobAttempts) {
      await ctx.db.orm
        .update(earningsExports)
        .set({ status: 'failed', error: (error instanceof Error ? error.message : String(error)).slice(0, 1000), finishedAt: ctx.now() })
        .where(eq(earningsExports.id, id));
    }
    throw error;
  }
}

/** Removes expired exports and their files (the daily task). */
export async function removeExpiredExports(ctx: Pick<AppContext, 'db' | 'now'>): Promise<number> {
  const removed = await ctx.db.orm.delete(earningsExports).where(lte(earningsExports.expiresAt, ctx.now())).returning({ id: earningsExports.id });
  return removed.length;
}

/** What the status route answers about an export. */
export function exportView(row: EarningsExport, base: string) {
  return {
    id: row.id,
    status: row.status,
    filters: row.filters as Record<string, string>,
    rowsTotal: row.rowsTotal,
    rowsWritten: row.rowsWritten,
    progress: row.status === 'done' ? 1 : row.rowsTotal ? Math.min(Math.floor((row.rowsWritten / row.rowsTotal) * 1000) / 1000, 0.999) : row.rowsTotal === 0 ? 0 : null,
    bytes: row.bytes,
    error: row.status === 'failed' ? 'The export could not be made; ask for it again.' : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
    statusUrl: `${base}/${row.id}`,
    downloadUrl: row.status === 'done' ? `${base}/${row.id}/download` : null,
  };
}
