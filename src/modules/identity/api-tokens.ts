import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from './actor.ts';
import type { ClientInfo } from './auth.ts';
import { loadActor } from './load-actor.ts';
import type { Permission } from './permissions.ts';
import { apiTokens } from './schema.ts';
import { recentlyAuthenticated, type SessionRecord } from './sessions.ts';

const tokenPrefix = 'accrue_';
export const maxTokenDays = 366;

/** The actor behind a bearer token: its owner, narrowed to the token's permissions. */
export async function authenticateApiToken(ctx: AppContext, token: string, client: ClientInfo): Promise<Actor | null> {
  if (!token.startsWith(tokenPrefix)) return null;
  const now = ctx.now();
  const [row] = await ctx.db.orm
    .select({ id: apiTokens.id, userId: apiTokens.userId, permissions: apiTokens.permissions, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
  if (!row) return null;
  const loaded = await loadActor(ctx.db.orm, row.userId, { ...client, tokenPermissions: row.permissions });
  if (!loaded) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await ctx.db.orm.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return loaded.actor;
}

export function requireRecentAuthentication(session: SessionRecord | null, now: Date): void {
  if (!session || !recentlyAuthenticated(session, now)) {
    throw new AppError('reauthentication_required', 'Confirm your password to continue.');
  }
}

/** A token for the caller, with a subset of their permissions; the secret is returned once. */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  session: SessionRecord | null,
  input: { name: string; permissions: Permission[]; expiresAt: Date },
): Promise<{ id: string; token: string; prefix: string; expiresAt: Date }> {
  const now = ctx.now();
  requireRecentAuthentication(session, now);
  const notHeld = input.permissions.filter((p) => !actor.permissions.has(p));
  if (notHeld.length > 0) {
    throw AppError.validation([
      { field: 'body.permissions', rule: 'not_held', message: `includes permissions you do not hold: ${notHeld.join(', ')}` },
    ]);
  }
  if (input.expiresAt <= now || input.expiresAt.getTime() - now.getTime() > maxTokenDays * 86_400_000) {
    throw AppError.validation([
      { field: 'body.expiresAt', rule: 'expiry_range', message: `must be in the future and within ${maxTokenDays} days` },
    ]);
  }
  const token = `${tokenPrefix}${newToken()}`;
  const id = randomUUID();
  const prefix = token.slice(0, tokenPrefix.length + 6);
  await ctx.db.orm.transaction(async (tx) => {
    await tx.insert(apiTokens).values({
      id,
      userId: actor.userId!,
      organizationId: actor.organizationId,
      name: input.name,
      tokenHash: hashToken(token),
      prefix,
      permissions: [...new Set(input.permissions)],
      expiresAt: input.expiresAt,
    });
    await recordAudit(tx, actor, {
      action: 'api_token.created',
      organizationId: actor.organizationId,
      targetType: 'api_token',
      targetId: id,
      after: { name: input.name, permissions: input.permissions, expiresAt: input.expiresAt.toISOString() },
    });
  });
  return { id, token, prefix, expiresAt: input.expiresAt };
}

export async function listApiTokens(ctx: AppContext, actor: Actor) {
  return ctx.db.orm
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      permissions: apiTokens.permissions,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdAt: apiTokens.createdAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, actor.userId!))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the caller's own tokens; another user's token id answers 404. */
export async function revokeApiToken(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.now() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, actor.userId!), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length === 0) throw AppError.notFound('API token');
    await recordAudit(tx, actor, { action: 'api_token.revoked', organizationId: actor.organizationId, targetType: 'api_token', targetId: id });
  });
}
