import { runEligibility } from '../eligibility/evaluate.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import { systemActor } from '../identity/actor.ts';
import type { DailyTask, JobHandlers } from './queue.ts';

/** What each kind of job does. */
export const jobHandlers: JobHandlers = {
  'eligibility.evaluate': (ctx, job) => runEligibility(ctx, systemActor(), { reason: job.reason }),
};

/** Work queued once a day (UTC) by whichever server gets to it first. */
export const dailyTasks: DailyTask[] = [{ name: 'eligibility', enqueue: (orm) => requestEligibilityRun(orm, 'daily') }];
