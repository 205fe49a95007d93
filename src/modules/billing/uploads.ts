import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { auditEvents } from '../audit/schema.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { enqueueJob, maxJobAttempts, type Job } from '../jobs/queue.ts';
import type { ImportCounts } from '../partners/import-partners.ts';
import { importBilling } from './import-billing.ts';
import { importFx } from './import-fx.ts';
import { reportProgress, type ImportSource } from './runs.ts';
import { importFileChunks, importRuns, type ImportKind } from './schema.ts';

/** An uploaded file is kept in rows of this many bytes (stored as base64) until its job reads it. */
export const uploadChunkBytes = 1 << 20;
/** An upload that never finished (the server stopped while receiving it) is discarded after this. */
const abandonedAfterMs = 24 * 3_600_000;

export interface Upload {
  kind: ImportKind;
  fileName: string;
  /** The size the client announced (Content-Length), where it did: refused at once when too large. */
  declaredBytes?: number | undefined;
  body: ReadableStream<Uint8Array>;
}

export function uploadTooLarge(maxBytes: number): AppError {
  const limit = Math.floor(maxBytes / (1024 * 1024));
  return new AppError('payload_too_large', `The file is larger than the ${limit} MiB an import may be.`, {
    messageKey: 'errors:detail.importTooLarge',
    params: { limit },
  });
}

/**
 * Receives a billing or FX file as it streams in, storing it in the database in chunks so that
 * neither its size nor the server's memory matter, and queues its import: returns the queued
 * `import_runs` row's id. Nothing of an upload that fails (too large, cut off) is kept.
 */
export async function receiveUpload(ctx: AppContext, actor: Actor, upload: Upload): Promise<{ id: string; bytesTotal: number }> {
  const maxBytes = ctx.config.importMaxBytes;
  if (upload.declaredBytes !== undefined && upload.declaredBytes > maxBytes) throw uploadTooLarge(maxBytes);
  await discardAbandonedUploads(ctx);

  const id = randomUUID();
  // Queued with no size yet: the file is still arriving, and no job will look at it until it has.
  await ctx.db.orm.insert(importRuns).values({
    id,
    kind: upload.kind,
    fileName: upload.fileName.slice(0, 300),
    status: 'queued',
    actorUserId: actor.userId,
    actorLabel: actor.label,
    createdAt: ctx.now(),
  });

  const buffer = Buffer.alloc(uploadChunkBytes);
  let filled = 0;
  let chunk = 0;
  let total = 0;
  const flush = async () => {
    if (filled === 0) return;
    await ctx.db.orm.insert(importFileChunks).values({ importId: id, chunk, data: buffer.toString('base64', 0, filled) });
    chunk++;
    filled = 0;
  };
  const reader = upload.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw uploadTooLarge(maxBytes);
      let offset = 0;
      while (offset < value.byteLength) {
        const n = Math.min(value.byteLength - offset, uploadChunkBytes - filled);
        buffer.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === uploadChunkBytes) await flush();
      }
    }
    await flush();
    if (total === 0) throw AppError.validation([{ field: 'body', rule: 'file_empty', message: 'is an empty file' }]);
    await ctx.db.orm.transaction(async (tx) => {
      await tx.update(importRuns).set({ bytesTotal: total }).where(eq(importRuns.id, id));
      await enqueueJob(tx, `import.${upload.kind}`, { reason: `import ${id}`, singletonKey: `import:${id}`, payload: { importId: id } });
    });
  } catch (error) {
    await reader.cancel().catch(() => {});
    await discardUpload(ctx, id);
    throw error;
  } finally {
    reader.releaseLock();
  }
  ctx.wakeJobs();
  return { id, bytesTotal: total };
}

async function discardUpload(ctx: Pick<AppContext, 'db'>, id: string): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    await tx.delete(importFileChunks).where(eq(importFileChunks.importId, id));
    await tx.delete(importRuns).where(and(eq(importRuns.id, id), eq(importRuns.status, 'queued')));
  });
}

/** Uploads a stopped server left half received: no job will ever read them. */
async function discardAbandonedUploads(ctx: Pick<AppContext, 'db' | 'now'>): Promise<void> {
  const before = new Date(ctx.now().getTime() - abandonedAfterMs);
  const abandoned = await ctx.db.orm
    .select({ id: importRuns.id })
    .from(importRuns)
    .where(and(eq(importRuns.status, 'queued'), isNull(importRuns.bytesTotal), lt(importRuns.createdAt, before)));
  for (const run of abandoned) await discardUpload(ctx, run.id);
}

async function deleteChunks(ctx: Pick<AppContext, 'db'>, id: string): Promise<void> {
  await ctx.db.orm.delete(importFileChunks).where(eq(importFileChunks.importId, id));
}

/** The stored file, one chunk at a time, in order. */
async function* storedChunks(ctx: Pick<AppContext, 'db'>, id: string, onChunk?: (bytesRead: number) => Promise<void>): AsyncGenerator<Uint8Array> {
  let bytesRead = 0;
  for (let chunk = 0; ; chunk++) {
    const [row] = await ctx.db.orm
      .select({ data: importFileChunks.data })
      .from(importFileChunks)
      .where(and(eq(importFileChunks.importId, id), eq(importFileChunks.chunk, chunk)));
    if (!row) return;
    const bytes = Buffer.from(row.data, 'base64');
    bytesRead += bytes.byteLength;
    yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await onChunk?.(bytesRead);
  }
}

/**
 * What an import recorded when it was applied, from its audit entry, written in the same
 * transaction: a worker that died after applying it left the run `applying`.
 */
async function appliedCounts(ctx: Pick<AppContext, 'db'>, id: string, kind: ImportKind): Promise<ImportCounts | null> {
  const [entry] = await ctx.db.orm
    .select({ after: auditEvents.after })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, `import.${kind}`), eq(auditEvents.targetId, id)))
    .limit(1);
  if (!entry) return null;
  const after = entry.after as Partial<ImportCounts>;
  return { inserted: Number(after.inserted ?? 0), updated: Number(after.updated ?? 0), unchanged: Number(after.unchanged ?? 0) };
}

/**
 * The job of an upload: streams the stored file into the billing or FX import, which records its
 * progress and outcome on the run, then removes the file. Safe to run again after a worker died
 * at any point: an import already applied is only recorded as done, an interrupted one starts over
 * (its staged rows removed first). An error the queue will retry leaves the run queued.
 */
export async function runUploadedImport(ctx: AppContext, job: Job): Promise<ImportCounts | null> {
  const id = String(job.payload.importId);
  const [run] = await ctx.db.orm.select().from(importRuns).where(eq(importRuns.id, id));
  if (!run) return null;
  if (run.status === 'done' || run.status === 'refused' || run.status === 'failed') {
    await deleteChunks(ctx, id);
    return null;
  }
  if (run.status === 'applying') {
    const applied = await appliedCounts(ctx, id, run.kind);
    if (applied) {
      await ctx.db.orm.update(importRuns).set({ status: 'done', ...applied, finishedAt: ctx.now() }).where(eq(importRuns.id, id));
      await deleteChunks(ctx, id);
      return applied;
    }
  }
  if (run.error) await ctx.db.orm.update(importRuns).set({ error: null }).where(eq(importRuns.id, id));

  const actor: Actor = { ...systemActor(), userId: run.actorUserId, label: run.actorLabel };
  // The FX import reports rows only; the bytes it has been given show how far it is.
  const onChunk = run.kind === 'fx' ? (bytesRead: number) => reportProgress(ctx, id, { bytesRead }) : undefined;
  const source: ImportSource = { name: run.fileName, size: run.bytesTotal ?? undefined, chunks: storedChunks(ctx, id, onChunk) };
  try {
    const counts = await (run.kind === 'billing' ? importBilling : importFx)(ctx, actor, source, { runId: id });
    await deleteChunks(ctx, id);
    return counts;
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') {
      // Refused: the run lists the refused rows; the job itself is done.
      await deleteChunks(ctx, id);
      return null;
    }
    if (job.attempts < maxJobAttempts) {
      await ctx.db.orm
        .update(importRuns)
        .set({ status: 'queued', finishedAt: null, error: (error instanceof Error ? error.message : String(error)).slice(0, 1000) })
        .where(and(eq(importRuns.id, id), sql`${importRuns.status} in ('loading', 'applying', 'failed')`));
    } else {
      await deleteChunks(ctx, id);
    }
    throw error;
  }
}
