import type { Orm } from '../../db/client.ts';
import { enqueueJob } from '../jobs/queue.ts';

/**
 * Asks for an eligibility run after a change to one of its inputs (locations, agreements,
 * competencies, programs, revenue). Call it in the transaction of the change; requests made while
 * a run waits are absorbed by it.
 */
export async function requestEligibilityRun(tx: Pick<Orm, 'execute'>, reason: string): Promise<void> {
  await enqueueJob(tx, 'eligibility.evaluate', { singletonKey: 'eligibility', reason });
}
