import { sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';

/**
 * Serializes everything that changes what earnings are owed (applying a billing or FX import, a
 * calculation, a manual adjustment) across processes, until the caller's transaction ends.
 */
export async function lockEarnings(tx: Pick<Orm, 'execute'>): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('accrue.earnings'))`);
}
