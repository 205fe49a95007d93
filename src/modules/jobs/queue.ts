import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { startPolling, type Poller } from '../../polling.ts';
import { dailyRuns, jobs } from './schema.ts';

export const jobKinds = ['eligibility.evaluate', 'tax.expiry', 'earnings.calculate', 'import.billing', 'import.fx', 'earnings.export', 'earnings.expire_exports'] as const;
export type JobKind = (typeof jobKinds)[number];

export interface Job {
  id: string;
  kind: JobKind;
  payload: Record<string, unknown>;
  reason: string;
  attempts: number;
}

export type JobHandler = (ctx: AppContext, job: Job) => Promise<unknown>;
export type JobHandlers = Record<JobKind, JobHandler>;

export const maxJobAttempts = 5;
/** A claimed job is reserved this long for its worker; a worker that dies lets it lapse. */
export const jobLeaseMs = 15 * 60_000;

/** 10 s after the first failure, doubling, at most 30 minutes. */
export function jobRetryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(attempts - 1, 0), 30 * 60_000);
}

/**
 * Queues a job in the caller's transaction, so it exists exactly when the change that asks for it
 * is committed. With a `singletonKey`, a job of that key already waiting absorbs the request.
 */
export async function enqueueJob(
  tx: Pick<Orm, 'execute'>,
  kind: JobKind,
  options: { reason: string; singletonKey?: string; payload?: Record<string, unknown>; runAt?: Date },
): Promise<void> {
  // Without a time it is due at once, whatever clock the worker reads.
  const runAt = options.runAt ?? new Date(0);
  await tx.execute(sql`
    insert into jobs (id, kind, payload, singleton_key, reason, run_at)
    values (${randomUUID()}, ${kind}, ${JSON.stringify(options.payload ?? {})}::jsonb, ${options.singletonKey ?? null}, ${options.reason.slice(0, 500)}, ${runAt.toISOString()})
    on conflict (singleton_key) where status = 'queued' do nothing`);
}

async function claimOne(orm: Orm, now: Date): Promise<Job | null> {
  const due = orm
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      or(
        and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
        and(eq(jobs.status, 'running'), or(isNull(jobs.lockedUntil), lte(jobs.lockedUntil, now))),
      ),
    )
    .orderBy(jobs.runAt, jobs.createdAt)
    .limit(1)
    .for('update', { skipLocked: true });
  const [row] = await orm
    .update(jobs)
    .set({ status: 'running', lockedUntil: new Date(now.getTime() + jobLeaseMs), attempts: sql`${jobs.attempts} + 1` })
    .where(inArray(jobs.id, due))
    .returning();
  if (!row) return null;
  return { id: row.id, kind: row.kind as JobKind, payload: row.payload as Record<string, unknown>, reason: row.reason, attempts: row.attempts };
}

/**
 * Keeps a long job's lease from lapsing while it works (a worker that dies stops renewing it, and
 * the job is taken again once the lease lapses). Returns the function that stops the renewals.
 */
export function keepJobLeased(ctx: Pick<AppContext, 'db' | 'now' | 'logger'>, jobId: string, everyMs = 60_000): () => void {
  const timer = setInterval(() => {
    ctx.db.orm
      .update(jobs)
      .set({ lockedUntil: new Date(ctx.now().getTime() + jobLeaseMs) })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, 'running')))
      .catch((error: unknown) => ctx.logger.warn({ jobId, error: error instanceof Error ? error.message : String(error) }, 'could not renew a job lease'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export interface JobPassResult {
  done: number;
  retried: number;
  failed: number;
}

/**
 * Runs the jobs that are due, one at a time, until none is left or `limit` ran. A failing job is
 * tried again later (`jobRetryDelayMs`) and given up after `maxJobAttempts`.
 */
export async function runDueJobs(ctx: AppContext, handlers: JobHandlers, limit = 20): Promise<JobPassResult> {
  const result: JobPassResult = { done: 0, retried: 0, failed: 0 };
  for (let i = 0; i < limit; i++) {
    const job = await claimOne(ctx.db.orm, ctx.now());
    if (!job) break;
    const handler = handlers[job.kind];
    // Every job keeps its lease while it works, however long (an import, a calculation, an export).
    const stopRenewing = keepJobLeased(ctx, job.id);
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      await handler(ctx, job);
      stopRenewing();
      await ctx.db.orm.update(jobs).set({ status: 'done', finishedAt: ctx.now(), lockedUntil: null, lastError: null }).where(eq(jobs.id, job.id));
      result.done++;
      ctx.logger.info({ jobId: job.id, kind: job.kind, reason: job.reason }, 'job done');
    } catch (error) {
      stopRenewing();
      const gaveUp = job.attempts >= maxJobAttempts;
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const failed = { status: 'failed', finishedAt: ctx.now(), lockedUntil: null, lastError };
      if (gaveUp) {
        await ctx.db.orm.update(jobs).set(failed).where(eq(jobs.id, job.id));
      } else {
        // Back to the queue, unless a job of the same key is already waiting there: it will do the work.
        const requeued = await ctx.db.orm
          .update(jobs)
          .set({ status: 'queued', runAt: new Date(ctx.now().getTime() + jobRetryDelayMs(job.attempts)), lockedUntil: null, lastError })
          .where(
            and(
              eq(jobs.id, job.id),
              sql`not exists (select 1 from jobs waiting where waiting.status = 'queued' and waiting.singleton_key = ${jobs.singletonKey})`,
            ),
          )
          .returning({ id: jobs.id });
        if (!requeued.length) await ctx.db.orm.update(jobs).set({ ...failed, lastError: `${lastError} (superseded by a waiting job)` }).where(eq(jobs.id, job.id));
      }
      if (gaveUp) result.failed++;
      else result.retried++;
      ctx.logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: lastError }, gaveUp ? 'job failed; giving up' : 'job failed; will retry');
    }
  }
  return result;
}

/**
 * Claims today's run of a daily task: true for exactly one caller per day across every server
 * sharing the database. `day` is the UTC date.
 */
export async function claimDailyRun(orm: Orm, name: string, day: string): Promise<boolean> {
  const rows = await orm
    .insert(dailyRuns)
    .values({ name, lastRunOn: day })
    .onConflictDoUpdate({ target: dailyRuns.name, set: { lastRunOn: day }, setWhere: sql`${dailyRuns.lastRunOn} < ${day}` })
    .returning({ name: dailyRuns.name });
  return rows.length > 0;
}

/** Finished jobs are kept this long for the record, then removed. */
export async function purgeFinishedJobs(orm: Orm, now: Date, keepDays = 30): Promise<void> {
  await orm.delete(jobs).where(and(inArray(jobs.status, ['done', 'failed']), lte(jobs.finishedAt, new Date(now.getTime() - keepDays * 86_400_000))));
}

export type JobWorker = Poller;

export interface DailyTask {
  name: string;
  /** Queues the day's work (in its own transaction). */
  enqueue(orm: Orm, day: string): Promise<void>;
}

/**
 * Polls for due jobs every `intervalMs` (2 s) and at once after `wake()`; once a minute it starts
 * the daily tasks whose day has come.
 */
export function startJobWorker(
  ctx: AppContext,
  handlers: JobHandlers,
  options: { intervalMs?: number; daily?: DailyTask[] } = {},
): JobWorker {
  let lastDailyCheck = 0;
  const batch = 5;
  return startPolling(
    async () => {
      const now = ctx.now();
      if (now.getTime() - lastDailyCheck >= 60_000) {
        lastDailyCheck = now.getTime();
        const day = now.toISOString().slice(0, 10);
        for (const task of options.daily ?? []) {
          if (await claimDailyRun(ctx.db.orm, task.name, day)) await task.enqueue(ctx.db.orm, day);
        }
        await purgeFinishedJobs(ctx.db.orm, now);
      }
      const result = await runDueJobs(ctx, handlers, batch);
      return result.done + result.retried + result.failed >= batch;
    },
    options.intervalMs ?? 2_000,
    (error) => ctx.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'job pass failed'),
  );
}
