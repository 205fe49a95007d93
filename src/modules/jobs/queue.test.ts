import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { claimDailyRun, enqueueJob, jobKinds, jobLeaseMs, jobRetryDelayMs, keepJobLeased, maxJobAttempts, runDueJobs, type JobHandlers } from './queue.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/** A handler for every kind that does nothing; each test replaces the one it drives. */
const idle = Object.fromEntries(jobKinds.map((kind) => [kind, async () => undefined])) as unknown as JobHandlers;

const jobsTable = () => t.db.query<{ status: string; attempts: number; reason: string; last_error: string | null }>('select status, attempts, reason, last_error from jobs order by created_at');

describe('the job queue', () => {
  it('absorbs requests into a job of the same key while it waits, and runs it once', async () => {
    await enqueueJob(t.db.orm, 'eligibility.evaluate', { singletonKey: 'eligibility', reason: 'first change' });
    await enqueueJob(t.db.orm, 'eligibility.evaluate', { singletonKey: 'eligibility', reason: 'second change' });
    expect(await jobsTable()).toHaveLength(1);
    const seen: string[] = [];
    const handlers: JobHandlers = { ...idle, 'eligibility.evaluate': async (_ctx, job) => seen.push(job.reason) };
    expect(await runDueJobs(t.ctx, handlers)).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(seen).toEqual(['first change']);
    expect(await runDueJobs(t.ctx, handlers)).toEqual({ done: 0, retried: 0, failed: 0 });
    // Once it ran, a new request makes a new job.
    await enqueueJob(t.db.orm, 'eligibility.evaluate', { singletonKey: 'eligibility', reason: 'third change' });
    expect((await jobsTable()).map((j) => j.status)).toEqual(['done', 'queued']);
  });

  it('retries a failing job later and gives up after the last attempt', async () => {
    await enqueueJob(t.db.orm, 'eligibility.evaluate', { reason: 'test' });
    const handlers: JobHandlers = { ...idle, 'eligibility.evaluate': async () => { throw new Error('database went away'); } };
    expect(await runDueJobs(t.ctx, handlers)).toEqual({ done: 0, retried: 1, failed: 0 });
    // Not due again until the delay passed.
    expect(await runDueJobs(t.ctx, handlers)).toEqual({ done: 0, retried: 0, failed: 0 });
    for (let attempt = 2; attempt <= maxJobAttempts; attempt++) {
      t.clock.advance(jobRetryDelayMs(attempt - 1));
      await runDueJobs(t.ctx, handlers);
    }
    expect(await jobsTable()).toEqual([{ status: 'failed', attempts: maxJobAttempts, reason: 'test', last_error: 'database went away' }]);
  });

  it('takes a job again when the worker that claimed it died', async () => {
    await enqueueJob(t.db.orm, 'eligibility.evaluate', { reason: 'test' });
    await t.db.query("update jobs set status = 'running', attempts = 1, locked_until = $1", [new Date(t.clock.now().getTime() + 60_000).toISOString()]);
    const handlers: JobHandlers = { ...idle, 'eligibility.evaluate': async () => undefined };
    expect((await runDueJobs(t.ctx, handlers)).done).toBe(0);
    t.clock.advance(61_000);
    expect((await runDueJobs(t.ctx, handlers)).done).toBe(1);
  });

  it('keeps a long job leased while it works, so no other worker takes it', async () => {
    await enqueueJob(t.db.orm, 'import.billing', { reason: 'a large file' });
    let leaseSeenByOthers: unknown[] = [];
    const handlers = {
      ...idle,
      'import.billing': async (ctx, job) => {
        const stop = keepJobLeased(ctx, job.id, 20);
        try {
          // Past the lease it was claimed with: another worker would take it now, were it not renewed.
          t.clock.advance(jobLeaseMs + 60_000);
          await new Promise((resolve) => setTimeout(resolve, 200));
          leaseSeenByOthers = await t.db.query(`select id from jobs where status = 'running' and locked_until <= $1`, [t.clock.now().toISOString()]);
        } finally {
          stop();
        }
      },
    } satisfies JobHandlers;
    expect(await runDueJobs(t.ctx, handlers)).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(leaseSeenByOthers).toEqual([]);
  });

  it('starts a daily task once a day between all servers', async () => {
    expect(await claimDailyRun(t.db.orm, 'eligibility', '2026-11-20')).toBe(true);
    expect(await claimDailyRun(t.db.orm, 'eligibility', '2026-11-20')).toBe(false);
    expect(await claimDailyRun(t.db.orm, 'eligibility', '2026-11-21')).toBe(true);
  });
});
