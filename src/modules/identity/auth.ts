import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { AppError } from '../../errors.ts';
import { hashPassword, passwordRuleBroken, verifyDecoy, verifyPassword } from '../../security/passwords.ts';
import { recordAudit } from '../audit/audit.ts';
import { accountActor } from './actor.ts';
import { assertAttemptAllowed, recordAttempt } from './limits.ts';
import { organizationSecurity, recoveryCodes, users } from './schema.ts';
import {
  createSession,
  endUserSessions,
  markReauthenticated,
  rotateSession,
  type SessionRecord,
  type SessionStage,
} from './sessions.ts';
import { hashRecoveryCode, matchTotp } from './totp.ts';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

type UserRow = typeof users.$inferSelect;

const signInFailed = () =>
  new AppError('unauthenticated', 'The email or password is not right.', { messageKey: 'identity:signIn.failed' });

export async function findUserByEmail(ctx: AppContext, email: string): Promise<UserRow | undefined> {
  const [user] = await ctx.db.orm.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  return user;
}

async function organizationRequiresMfa(orm: Pick<Orm, 'select'>, organizationId: string | null): Promise<boolean> {
  if (!organizationId) return false;
  const [row] = await orm
    .select({ requireMfa: organizationSecurity.requireMfa })
    .from(organizationSecurity)
    .where(eq(organizationSecurity.organizationId, organizationId));
  return row?.requireMfa ?? false;
}

/**
 * The step a user still owes after the ones already done in this sign-in. Inside a transaction
 * pass it as `orm`: the embedded engine has one connection, which the transaction holds.
 */
export async function nextStage(
  ctx: AppContext,
  user: UserRow,
  done: { secondFactor: boolean },
  orm: Pick<Orm, 'select'> = ctx.db.orm,
): Promise<SessionStage> {
  if (user.totpEnabledAt && !done.secondFactor) return 'mfa_required';
  if (user.mustChangePassword) return 'password_change_required';
  if (!user.totpEnabledAt && (await organizationRequiresMfa(orm, user.organizationId))) return 'mfa_setup_required';
  return 'active';
}

/**
 * Email and password. Unknown accounts, deactivated ones and wrong passwords get the same answer
 * after the same work; the limits are checked before the password is looked at.
 */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<{ token: string; stage: SessionStage; userId: string }> {
  const now = ctx.now();
  const email = input.email.trim().toLowerCase();
  await assertAttemptAllowed(ctx.db.orm, 'sign_in', { account: email, address: client.ip }, now, ctx.config.signInLimitPerAddress);
  const user = await findUserByEmail(ctx, email);
  const usable = user && user.status === 'active' && user.passwordHash;
  const ok = usable ? await verifyPassword(user.passwordHash!, input.password) : await verifyDecoy(input.password);
  if (!ok || !user) {
    await recordAttempt(ctx.db.orm, 'sign_in', email, false, now);
    await recordAudit(ctx.db.orm, accountActor(user ?? { id: null, email, organizationId: null }, client), {
      action: 'auth.sign_in_failed',
      organizationId: user?.organizationId ?? null,
      targetType: 'user',
      targetId: user?.id,
    });
    throw signInFailed();
  }
  await recordAttempt(ctx.db.orm, 'sign_in', email, true, now);
  const stage = await nextStage(ctx, user, { secondFactor: false });
  const token = await ctx.db.orm.transaction(async (tx) => {
    const created = await createSession(tx, {
      userId: user.id,
      organizationId: user.organizationId,
      stage,
      ip: client.ip,
      userAgent: client.userAgent,
      now,
      reauthenticated: true,
    });
    if (stage === 'active') await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    await recordAudit(tx, accountActor(user, client), {
      action: 'auth.sign_in',
      organizationId: user.organizationId,
      targetType: 'user',
      targetId: user.id,
      after: { stage },
    });
    return created;
  });
  return { token, stage, userId: user.id };
}

async function loadUser(ctx: AppContext, userId: string): Promise<UserRow> {
  const [user] = await ctx.db.orm.select().from(users).where(eq(users.id, userId));
  if (!user) throw AppError.notFound('user');
  return user;
}

/**
 * A TOTP code or a recovery code. A TOTP code is accepted once (its time step must be newer than
 * the last accepted); a recovery code is spent by a conditional update, so it works once only.
 */
export async function verifySecondFactor(ctx: AppContext, user: UserRow, code: string, client: ClientInfo): Promise<'totp' | 'recovery_code' | null> {
  const now = ctx.now();
  if (user.totpSecret) {
    const step = matchTotp(ctx.encryptor.open(user.totpSecret), code, now);
    if (step !== null) {
      const accepted = await ctx.db.orm
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, user.id), sql`coalesce(${users.totpLastStep}, -1) < ${step}`))
        .returning({ id: users.id });
      if (accepted.length === 1) return 'totp';
      return null;
    }
  }
  const spent = await ctx.db.orm
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(recoveryCodes.usedAt)))
    .returning({ userId: recoveryCodes.userId });
  if (spent.length === 1) {
    await recordAudit(ctx.db.orm, accountActor(user, client), {
      action: 'auth.recovery_code_used',
      organizationId: user.organizationId,
      targetType: 'user',
      targetId: user.id,
    });
    return 'recovery_code';
  }
  return null;
}

/** The second step of a sign-in with TOTP. Failures count toward the account's limit. */
export async function completeSecondFactor(
  ctx: AppContext,
  session: SessionRecord,
  code: string,
  client: ClientInfo,
): Promise<{ token: string; stage: SessionStage }> {
  if (session.stage !== 'mfa_required') throw new AppError('conflict', 'No verification code is expected now.', { messageKey: 'identity:mfa.notExpected' });
  const now = ctx.now();
  const user = await loadUser(ctx, session.userId);
  await assertAttemptAllowed(ctx.db.orm, 'sign_in', { account: user.email, address: null }, now, ctx.config.signInLimitPerAddress);
  const used = await verifySecondFactor(ctx, user, code, client);
  if (!used) {
    await recordAttempt(ctx.db.orm, 'sign_in', user.email, false, now);
    throw new AppError('unauthenticated', 'The verification code is not right.', { messageKey: 'identity:mfa.wrongCode' });
  }
  const stage = await nextStage(ctx, user, { secondFactor: true });
  const token = await ctx.db.orm.transaction(async (tx) => {
    const rotated = await rotateSession(tx, session, { stage, ...client, now, reauthenticated: true });
    if (stage === 'active') await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    return rotated;
  });
  return { token, stage };
}

export function assertPasswordAllowed(password: string, field = 'body.newPassword'): void {
  const rule = passwordRuleBroken(password);
  if (rule) {
    throw AppError.validation([{ field, rule, message: rule.replaceAll('_', ' ') }]);
  }
}

/**
 * Own password change (also the forced change after a temporary password). Every other session
 * of the user ends; this one continues under a new token.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  session: SessionRecord,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<{ token: string; stage: SessionStage }> {
  const now = ctx.now();
  const user = await loadUser(ctx, session.userId);
  await assertAttemptAllowed(ctx.db.orm, 'sign_in', { account: user.email, address: null }, now, ctx.config.signInLimitPerAddress);
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordAttempt(ctx.db.orm, 'sign_in', user.email, false, now);
    throw AppError.validation([{ field: 'body.currentPassword', rule: 'password_wrong', message: 'is not your current password' }]);
  }
  assertPasswordAllowed(input.newPassword);
  if (input.newPassword === input.currentPassword) {
    throw AppError.validation([{ field: 'body.newPassword', rule: 'password_unchanged', message: 'must differ from the current password' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return ctx.db.orm.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: now }).where(eq(users.id, user.id));
    await endUserSessions(tx, user.id, session.tokenHash);
    const stage = await nextStage(ctx, { ...user, mustChangePassword: false }, { secondFactor: true }, tx);
    const token = await rotateSession(tx, session, { stage, ...client, now, reauthenticated: true });
    if (stage === 'active') await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    await recordAudit(tx, accountActor(user, client), {
      action: 'auth.password_changed',
      organizationId: user.organizationId,
      targetType: 'user',
      targetId: user.id,
    });
    return { token, stage };
  });
}

/** Confirms it is the user, before a sensitive action: password, and a code where TOTP is on. */
export async function reauthenticate(
  ctx: AppContext,
  session: SessionRecord,
  input: { password: string; code?: string },
  client: ClientInfo,
): Promise<void> {
  const now = ctx.now();
  const user = await loadUser(ctx, session.userId);
  await assertAttemptAllowed(ctx.db.orm, 'sign_in', { account: user.email, address: client.ip }, now, ctx.config.signInLimitPerAddress);
  const passwordOk = user.passwordHash ? await verifyPassword(user.passwordHash, input.password) : false;
  const codeOk = !user.totpEnabledAt || (input.code ? (await verifySecondFactor(ctx, user, input.code, client)) !== null : false);
  if (!passwordOk || !codeOk) {
    await recordAttempt(ctx.db.orm, 'sign_in', user.email, false, now);
    throw new AppError('unauthenticated', 'The password or verification code is not right.', {
      messageKey: 'identity:reauth.failed',
    });
  }
  await markReauthenticated(ctx.db.orm, session.tokenHash, now);
  await recordAudit(ctx.db.orm, accountActor(user, client), {
    action: 'auth.reauthenticated',
    organizationId: user.organizationId,
    targetType: 'user',
    targetId: user.id,
  });
}
