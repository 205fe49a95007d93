import { lt } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import { authAttempts } from './schema.ts';
import { purgeExpiredSessions } from './sessions.ts';

/** Attempts older than this no longer count toward any limit. */
const attemptRetentionHours = 24;

/** Removes sessions past their timeouts and sign-in attempts no limit looks at any more. */
export async function purgeStaleIdentityRows(orm: Orm, now: Date): Promise<void> {
  await purgeExpiredSessions(orm, now);
  await orm.delete(authAttempts).where(lt(authAttempts.at, new Date(now.getTime() - attemptRetentionHours * 3600_000)));
}

/** Runs the purge at start and then hourly; several servers running it at once is harmless. */
export function startHousekeeping(orm: Orm, logger: Logger, now: () => Date = () => new Date()): { stop(): void } {
  const run = () => purgeStaleIdentityRows(orm, now()).catch((error) => logger.warn({ err: error }, 'housekeeping failed'));
  void run();
  const timer = setInterval(run, 3600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
