import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Orm } from '../../db/client.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { hashPassword } from '../../security/passwords.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { recordAudit } from '../audit/audit.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { organizations } from '../partners/schema.ts';
import { accountActor, type Actor } from './actor.ts';
import { assertPasswordAllowed, nextStage, type ClientInfo } from './auth.ts';
import { assertAttemptAllowed } from './limits.ts';
import { emailTokens, users } from './schema.ts';
import { createSession, endUserSessions, type SessionStage } from './sessions.ts';
import { sendPasswordResetLink } from './users.ts';

export const emailChangeHours = 24;

type TokenKind = 'invitation' | 'password_reset' | 'email_change';

const invalidLink = () =>
  new AppError('not_found', 'This link is not valid any more. Ask for a new one.', { messageKey: 'identity:links.invalid' });

/** An unused, unexpired token of the kind, with its user; anything else is the same 404. */
async function liveToken(ctx: AppContext, kind: TokenKind, token: string) {
  const [row] = await ctx.db.orm
    .select({ token: emailTokens, user: users })
    .from(emailTokens)
    .innerJoin(users, eq(users.id, emailTokens.userId))
    .where(
      and(
        eq(emailTokens.tokenHash, hashToken(token)),
        eq(emailTokens.kind, kind),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, ctx.now()),
        eq(users.status, 'active'),
      ),
    );
  if (!row) throw invalidLink();
  return row;
}

/** Spends a token in the caller's transaction; a second spender finds nothing to update. */
async function spend(tx: Pick<Orm, 'update'>, tokenHash: string, now: Date): Promise<void> {
  const spent = await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.tokenHash, tokenHash), isNull(emailTokens.usedAt)))
    .returning({ tokenHash: emailTokens.tokenHash });
  if (spent.length !== 1) throw invalidLink();
}

/** Forgot password: the same answer whether or not the address has an account. */
export async function requestPasswordReset(ctx: AppContext, email: string, client: ClientInfo): Promise<void> {
  await assertAttemptAllowed(ctx.db.orm, 'reset', { address: client.ip }, ctx.now(), ctx.config.signInLimitPerAddress);
  const [user] = await ctx.db.orm.select().from(users).where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
  if (!user || user.status !== 'active') return;
  await ctx.db.orm.transaction(async (tx) => {
    await sendPasswordResetLink(ctx, tx, user);
    await recordAudit(tx, accountActor(user, client), {
      action: 'auth.password_reset_requested',
      organizationId: user.organizationId,
      targetType: 'user',
      targetId: user.id,
    });
  });
  ctx.wakeMail();
}

export async function describeLink(ctx: AppContext, kind: TokenKind, token: string) {
  const { user, token: row } = await liveToken(ctx, kind, token);
  const [org] = user.organizationId
    ? await ctx.db.orm.select({ legalName: organizations.legalName }).from(organizations).where(eq(organizations.id, user.organizationId))
    : [];
  return { email: row.newEmail ?? user.email, name: user.name, organizationName: org?.legalName ?? null, expiresAt: row.expiresAt };
}

/** Sets a new password from an emailed link; every session of the user ends. */
export async function resetPasswordWithToken(ctx: AppContext, token: string, newPassword: string, client: ClientInfo): Promise<void> {
  assertPasswordAllowed(newPassword, 'body.password');
  const { user, token: row } = await liveToken(ctx, 'password_reset', token);
  const passwordHash = await hashPassword(newPassword);
  const now = ctx.now();
  await ctx.db.orm.transaction(async (tx) => {
    await spend(tx, row.tokenHash, now);
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: now }).where(eq(users.id, user.id));
    await endUserSessions(tx, user.id);
    await enqueueMail(tx, ctx.encryptor, {
      eventKey: `password_changed:${row.tokenHash}`,
      organizationId: user.organizationId,
      to: { email: user.email, name: user.name, locale: (isLocale(user.locale) ? user.locale : 'en') as Locale },
      template: 'password_changed',
      values: { recipientName: user.name },
    });
    await recordAudit(tx, accountActor(user, client), { action: 'auth.password_reset', organizationId: user.organizationId, targetType: 'user', targetId: user.id });
  });
  ctx.wakeMail();
}

/** Accepts an invitation: the person chooses their password and is signed in. */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  newPassword: string,
  client: ClientInfo,
): Promise<{ sessionToken: string; stage: SessionStage }> {
  assertPasswordAllowed(newPassword, 'body.password');
  const { user, token: row } = await liveToken(ctx, 'invitation', token);
  const passwordHash = await hashPassword(newPassword);
  const now = ctx.now();
  const stage = await nextStage(ctx, { ...user, mustChangePassword: false }, { secondFactor: false });
  const sessionToken = await ctx.db.orm.transaction(async (tx) => {
    await spend(tx, row.tokenHash, now);
    await tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: now, lastSignInAt: now }).where(eq(users.id, user.id));
    await recordAudit(tx, accountActor(user, client), { action: 'user.invitation_accepted', organizationId: user.organizationId, targetType: 'user', targetId: user.id });
    return createSession(tx, { userId: user.id, organizationId: user.organizationId, stage, ...client, now, reauthenticated: true });
  });
  return { sessionToken, stage };
}

export async function updateProfile(ctx: AppContext, actor: Actor, input: { name?: string; locale?: Locale }): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    const [before] = await tx.select({ name: users.name, locale: users.locale }).from(users).where(eq(users.id, actor.userId!));
    const changes = { ...(input.name !== undefined ? { name: input.name.trim() } : {}), ...(input.locale ? { locale: input.locale } : {}) };
    if (Object.keys(changes).length === 0) return;
    await tx.update(users).set({ ...changes, updatedAt: ctx.now() }).where(eq(users.id, actor.userId!));
    await recordAudit(tx, actor, { action: 'user.profile_changed', organizationId: actor.organizationId, targetType: 'user', targetId: actor.userId!, before, after: changes });
  });
}

/** Sends a confirmation link to the new address; the email changes only when it is followed. */
export async function requestEmailChange(ctx: AppContext, actor: Actor, newEmail: string): Promise<void> {
  const email = newEmail.trim();
  await ctx.db.orm.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
    if (taken) throw AppError.validation([{ field: 'body.email', rule: 'email_taken', message: 'is already used by another account' }]);
    const [user] = await tx.select().from(users).where(eq(users.id, actor.userId!));
    const token = newToken();
    const now = ctx.now();
    await tx.update(emailTokens).set({ usedAt: now }).where(and(eq(emailTokens.userId, user!.id), eq(emailTokens.kind, 'email_change'), isNull(emailTokens.usedAt)));
    await tx.insert(emailTokens).values({
      tokenHash: hashToken(token),
      kind: 'email_change',
      userId: user!.id,
      organizationId: user!.organizationId,
      newEmail: email,
      expiresAt: new Date(now.getTime() + emailChangeHours * 3600_000),
    });
    await enqueueMail(tx, ctx.encryptor, {
      eventKey: `email_change:${hashToken(token)}`,
      organizationId: user!.organizationId,
      to: { email, name: user!.name, locale: user!.locale as Locale },
      template: 'email_change',
      values: { recipientName: user!.name, newEmail: email, link: `${ctx.config.baseUrl}/confirm-email#${token}`, validHours: emailChangeHours },
    });
    await recordAudit(tx, actor, { action: 'user.email_change_requested', organizationId: actor.organizationId, targetType: 'user', targetId: user!.id, after: { newEmail: email } });
  });
  ctx.wakeMail();
}

export async function confirmEmailChange(ctx: AppContext, token: string, client: ClientInfo): Promise<{ email: string }> {
  const { user, token: row } = await liveToken(ctx, 'email_change', token);
  const newEmail = row.newEmail!;
  const now = ctx.now();
  await ctx.db.orm.transaction(async (tx) => {
    await spend(tx, row.tokenHash, now);
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${newEmail.toLowerCase()}`);
    if (taken) throw new AppError('conflict', 'That address is now used by another account.', { messageKey: 'identity:profile.emailTaken' });
    await tx.update(users).set({ email: newEmail, updatedAt: now }).where(eq(users.id, user.id));
    await enqueueMail(tx, ctx.encryptor, {
      eventKey: `email_changed:${row.tokenHash}`,
      organizationId: user.organizationId,
      to: { email: user.email, name: user.name, locale: user.locale as Locale },
      template: 'email_changed',
      values: { recipientName: user.name, newEmail },
    });
    await recordAudit(tx, accountActor(user, client), {
      action: 'user.email_changed',
      organizationId: user.organizationId,
      targetType: 'user',
      targetId: user.id,
      before: { email: user.email },
      after: { email: newEmail },
    });
  });
  ctx.wakeMail();
  return { email: newEmail };
}
