import { runEligibility } from '../eligibility/evaluate.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import { systemActor } from '../identity/actor.ts';
import { runTaxExpiry } from '../profiles/tax-expiry.ts';
import { enqueueJob, type DailyTask, type JobHandlers } from './queue.ts';

/** What each kind of job does. */
export const jobHandlers: JobHandlers = {
  'eligibility.evaluate': (ctx, job) => runEligibility(ctx, systemActor(), { reason: job.reason }),
  'tax.expiry': (ctx, job) => runTaxExpiry(ctx, typeof job.payload.date === 'string' ? job.payload.date : ctx.now().toISOString().slice(0, 10)),
};

/** Work queued once a day (UTC) by whichever server gets to it first. */
export const dailyTasks: DailyTask[] = [
  { name: 'eligibility', enqueue: (orm) => requestEligibilityRun(orm, 'daily') },
  { name: 'tax-expiry', enqueue: (orm, day) => enqueueJob(orm, 'tax.expiry', { singletonKey: 'tax-expiry', reason: 'daily', payload: { date: day } }) },
];
