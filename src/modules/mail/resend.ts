import { eq } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { mailOutbox } from './schema.ts';

/** Puts a mail back in the queue (after a failure, or when the recipient lost it). */
export async function resendMail(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: mailOutbox.status, attempts: mailOutbox.attempts, organizationId: mailOutbox.organizationId })
      .from(mailOutbox)
      .where(eq(mailOutbox.id, id))
      .for('update');
    if (!before) throw AppError.notFound('mail');
    if (before.status === 'queued') throw new AppError('conflict', 'This mail is already waiting to be sent.', { messageKey: 'logs:mail.alreadyQueued' });
    await tx
      .update(mailOutbox)
      .set({ status: 'queued', attempts: 0, nextAttemptAt: ctx.now(), lockedUntil: null, lastError: null })
      .where(eq(mailOutbox.id, id));
    await recordAudit(tx, actor, {
      action: 'mail.resent',
      organizationId: before.organizationId,
      targetType: 'mail',
      targetId: id,
      before: { status: before.status, attempts: before.attempts },
      after: { status: 'queued' },
    });
  });
  ctx.wakeMail();
}
