import { and, count, eq, gte, max } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { authAttempts } from './schema.ts';

/** quality.md: after 10 failures for one account within 15 minutes, further attempts wait. */
export const limits = {
  windowMinutes: 15,
  accountFailures: 10,
  /** The wait after the 10th failure, doubling with each further one, up to 15 minutes. */
  firstDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
} as const;

export type AttemptKind = 'sign_in' | 'reset';

export async function recordAttempt(orm: Orm, kind: AttemptKind, subject: string, succeeded: boolean, now: Date): Promise<void> {
  await orm.insert(authAttempts).values({ id: randomUUID(), kind, subject: subject.toLowerCase(), succeeded, at: now });
}

function rateLimited(retryAfterSeconds: number): AppError {
  return new AppError('rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
    params: { retryAfterSeconds },
  });
}

/**
 * Refuses an attempt the limits do not allow, before the password is even looked at, so a right
 * password does not get through a lockout.
 */
export async function assertAttemptAllowed(
  orm: Orm,
  kind: AttemptKind,
  input: { account?: string; address: string | null },
  now: Date,
  /** Sign-in attempts one address may make in the window; reset requests get a fifth of it. */
  addressLimit = 100,
): Promise<void> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  if (input.address) {
    const [byAddress] = await orm
      .select({ n: count() })
      .from(authAttempts)
      .where(and(eq(authAttempts.kind, `${kind}:address`), eq(authAttempts.subject, input.address), gte(authAttempts.at, since)));
    const allowed = kind === 'sign_in' ? addressLimit : Math.max(1, Math.floor(addressLimit / 5));
    if (Number(byAddress?.n ?? 0) >= allowed) throw rateLimited(limits.windowMinutes * 60);
    await recordAttempt(orm, `${kind}:address` as AttemptKind, input.address, true, now);
  }
  if (!input.account) return;
  const [failures] = await orm
    .select({ n: count(), last: max(authAttempts.at) })
    .from(authAttempts)
    .where(
      and(
        eq(authAttempts.kind, kind),
        eq(authAttempts.subject, input.account.toLowerCase()),
        eq(authAttempts.succeeded, false),
        gte(authAttempts.at, since),
      ),
    );
  const failed = Number(failures?.n ?? 0);
  if (failed < limits.accountFailures || !failures?.last) return;
  const delay = Math.min(limits.firstDelaySeconds * 2 ** (failed - limits.accountFailures), limits.maxDelaySeconds);
  const last = new Date(failures.last as unknown as string | Date);
  const waitUntil = last.getTime() + delay * 1000;
  if (now.getTime() < waitUntil) throw rateLimited(Math.ceil((waitUntil - now.getTime()) / 1000));
}
