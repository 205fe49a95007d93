import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from './actor.ts';
import { authAttempts, users } from './schema.ts';

/**
 * Support lifts the sign-in wait of an account after too many failed attempts. The account's
 * password is not touched; the address limits stay.
 */
export async function unlockAccount(ctx: AppContext, actor: Actor, email: string): Promise<{ clearedAttempts: number }> {
  const subject = email.trim().toLowerCase();
  return ctx.db.orm.transaction(async (tx) => {
    const cleared = await tx
      .delete(authAttempts)
      .where(and(eq(authAttempts.kind, 'sign_in'), eq(authAttempts.subject, subject), eq(authAttempts.succeeded, false)))
      .returning({ id: authAttempts.id });
    const [user] = await tx.select({ id: users.id, organizationId: users.organizationId }).from(users).where(sql`lower(${users.email}) = ${subject}`);
    await recordAudit(tx, actor, {
      action: 'auth.account_unlocked',
      organizationId: user?.organizationId ?? null,
      targetType: 'user',
      ...(user ? { targetId: user.id } : {}),
      after: { email: subject, clearedAttempts: cleared.length },
    });
    return { clearedAttempts: cleared.length };
  });
}
