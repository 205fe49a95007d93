import { eq } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { accountActor, type Actor } from './actor.ts';
import { requireRecentAuthentication } from './api-tokens.ts';
import { nextStage, type ClientInfo } from './auth.ts';
import { organizationSecurity, recoveryCodes, users } from './schema.ts';
import { rotateSession, type SessionRecord, type SessionStage } from './sessions.ts';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri, qrCodeDataUrl } from './totp.ts';

function assertMaySetUp(session: SessionRecord): void {
  if (session.stage !== 'active' && session.stage !== 'mfa_setup_required') {
    throw new AppError('conflict', 'Finish signing in first.', { messageKey: 'identity:mfa.finishSignIn' });
  }
}

async function userOf(ctx: AppContext, session: SessionRecord) {
  const [user] = await ctx.db.orm.select().from(users).where(eq(users.id, session.userId));
  if (!user) throw new AppError('unauthenticated', 'Sign in to continue.');
  return user;
}

/** Starts TOTP set-up: a new secret (pending until a code confirms it), as a QR code and text. */
export async function beginTotpSetup(ctx: AppContext, session: SessionRecord) {
  assertMaySetUp(session);
  requireRecentAuthentication(session, ctx.now());
  const user = await userOf(ctx, session);
  if (user.totpEnabledAt) throw new AppError('conflict', 'Two-step verification is already on; turn it off first to change the device.', { messageKey: 'identity:mfa.alreadyOn' });
  const secret = newTotpSecret();
  await ctx.db.orm.update(users).set({ totpSecret: ctx.encryptor.seal(secret), totpLastStep: null }).where(eq(users.id, user.id));
  const uri = otpauthUri(secret, user.email);
  return { secret, otpauthUri: uri, qrCode: await qrCodeDataUrl(uri) };
}

/** Confirms set-up with a first code; returns the ten recovery codes, shown this once. */
export async function enableTotp(
  ctx: AppContext,
  session: SessionRecord,
  code: string,
  client: ClientInfo,
): Promise<{ recoveryCodes: string[]; token: string | null; stage: SessionStage }> {
  assertMaySetUp(session);
  requireRecentAuthentication(session, ctx.now());
  const user = await userOf(ctx, session);
  if (user.totpEnabledAt || !user.totpSecret) throw new AppError('conflict', 'Start the set-up first.', { messageKey: 'identity:mfa.startFirst' });
  const now = ctx.now();
  const step = matchTotp(ctx.encryptor.open(user.totpSecret), code, now);
  if (step === null) {
    throw AppError.validation([{ field: 'body.code', rule: 'wrong_code', message: 'is not the code your app shows now' }]);
  }
  const codes = newRecoveryCodes();
  const actor = accountActor(user, client);
  return ctx.db.orm.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabledAt: now, totpLastStep: step, updatedAt: now }).where(eq(users.id, user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })));
    await recordAudit(tx, actor, { action: 'auth.mfa_enabled', organizationId: user.organizationId, targetType: 'user', targetId: user.id });
    if (session.stage === 'mfa_setup_required') {
      const stage = await nextStage(ctx, { ...user, totpEnabledAt: now }, { secondFactor: true }, tx);
      const token = await rotateSession(tx, session, { stage, ...client, now, reauthenticated: true });
      return { recoveryCodes: codes, token, stage };
    }
    return { recoveryCodes: codes, token: null, stage: session.stage };
  });
}

export async function disableTotp(ctx: AppContext, actor: Actor, session: SessionRecord | null): Promise<void> {
  requireRecentAuthentication(session, ctx.now());
  if (actor.organizationId) {
    const [policy] = await ctx.db.orm.select().from(organizationSecurity).where(eq(organizationSecurity.organizationId, actor.organizationId));
    if (policy?.requireMfa) throw new AppError('conflict', 'Your organization requires two-step verification.', { messageKey: 'identity:mfa.requiredByOrganization' });
  }
  await ctx.db.orm.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: ctx.now() }).where(eq(users.id, actor.userId!));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, actor.userId!));
    await recordAudit(tx, actor, { action: 'auth.mfa_disabled', organizationId: actor.organizationId, targetType: 'user', targetId: actor.userId! });
  });
}

export async function regenerateRecoveryCodes(ctx: AppContext, actor: Actor, session: SessionRecord | null): Promise<string[]> {
  requireRecentAuthentication(session, ctx.now());
  const [user] = await ctx.db.orm.select({ on: users.totpEnabledAt }).from(users).where(eq(users.id, actor.userId!));
  if (!user?.on) throw new AppError('conflict', 'Turn on two-step verification first.', { messageKey: 'identity:mfa.notOn' });
  const codes = newRecoveryCodes();
  await ctx.db.orm.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, actor.userId!));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId: actor.userId!, codeHash: hashRecoveryCode(c) })));
    await recordAudit(tx, actor, { action: 'auth.mfa_enabled', organizationId: actor.organizationId, targetType: 'user', targetId: actor.userId!, after: { recoveryCodesRegenerated: true } });
  });
  return codes;
}

export async function getOrganizationSecurity(ctx: AppContext, actor: Actor, orm: Pick<Orm, 'select'> = ctx.db.orm) {
  const [row] = await orm.select().from(organizationSecurity).where(eq(organizationSecurity.organizationId, actor.organizationId!));
  return { requireMfa: row?.requireMfa ?? false };
}

export async function setOrganizationSecurity(ctx: AppContext, actor: Actor, input: { requireMfa: boolean }) {
  await ctx.db.orm.transaction(async (tx) => {
    const before = await getOrganizationSecurity(ctx, actor, tx);
    await tx
      .insert(organizationSecurity)
      .values({ organizationId: actor.organizationId!, requireMfa: input.requireMfa, updatedAt: ctx.now() })
      .onConflictDoUpdate({ target: organizationSecurity.organizationId, set: { requireMfa: input.requireMfa, updatedAt: ctx.now() } });
    await recordAudit(tx, actor, { action: 'organization.security_changed', organizationId: actor.organizationId, targetType: 'organization', targetId: actor.organizationId!, before, after: input });
  });
  return getOrganizationSecurity(ctx, actor);
}
