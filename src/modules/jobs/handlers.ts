import { runUploadedImport } from '../billing/uploads.ts';
import { runQueuedCalculation } from '../earnings/calculate.ts';
import { removeExpiredExports, runEarningsExport } from '../earnings/exports.ts';
import { runEligibility } from '../eligibility/evaluate.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import { systemActor } from '../identity/actor.ts';
import { runTaxExpiry } from '../profiles/tax-expiry.ts';
import { enqueueJob, type DailyTask, type JobHandlers } from './queue.ts';

/** What each kind of job does. */
export const jobHandlers: JobHandlers = {
  'eligibility.evaluate': (ctx, job) => runEligibility(ctx, systemActor(), { reason: job.reason }),
  'earnings.calculate': (ctx, job) => runQueuedCalculation(ctx, job.payload),
  'import.billing': runUploadedImport,
  'import.fx': runUploadedImport,
  'earnings.export': (ctx, job) => runEarningsExport(ctx, job),
  'earnings.expire_exports': (ctx) => removeExpiredExports(ctx),
  'tax.expiry': (ctx, job) => runTaxExpiry(ctx, typeof job.payload.date === 'string' ? job.payload.date : ctx.now().toISOString().slice(0, 10)),
};

/** Work queued once a day (UTC) by whichever server gets to it first. */
export const dailyTasks: DailyTask[] = [
  { name: 'eligibility', enqueue: (orm) => requestEligibilityRun(orm, 'daily') },
  // Settles whatever changed without a calculation being asked for (a new program version, an
  // enrollment window): earnings are owed from billing, not from someone pressing a button.
  { name: 'earnings', enqueue: (orm) => enqueueJob(orm, 'earnings.calculate', { singletonKey: 'earnings-daily', reason: 'daily' }) },
  { name: 'earnings-exports', enqueue: (orm) => enqueueJob(orm, 'earnings.expire_exports', { singletonKey: 'earnings-exports', reason: 'daily' }) },
  { name: 'tax-expiry', enqueue: (orm, day) => enqueueJob(orm, 'tax.expiry', { singletonKey: 'tax-expiry', reason: 'daily', payload: { date: day } }) },
];
