import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Background work, shared by every server process on the database: a row per job, claimed with
 * `for update skip locked` and a lease (a running job whose worker died is taken again when the
 * lease lapses). A queued job with a `singleton_key` stands for every
 * request made while it waits (ten changes in a minute make one eligibility run).
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    singletonKey: text('singleton_key'),
    status: text('status').notNull().default('queued'),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    /** Why it was asked for: shown in the job list and the log. */
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    check('jobs_status', sql`${t.status} in ('queued', 'running', 'done', 'failed')`),
    uniqueIndex('jobs_singleton_queued').on(t.singletonKey).where(sql`${t.status} = 'queued'`),
    index('jobs_due').on(t.status, t.runAt),
  ],
);

/** The day each daily task last ran, so several servers start it once a day between them. */
export const dailyRuns = pgTable('daily_runs', {
  name: text('name').primaryKey(),
  lastRunOn: date('last_run_on').notNull(),
});
