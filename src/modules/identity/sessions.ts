import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { hashToken, hmac, newToken } from '../../security/tokens.ts';
import { sessions, users } from './schema.ts';

export const sessionPolicy = {
  idleMinutes: 60,
  absoluteHours: 12,
  reauthenticationMinutes: 10,
  /** last_seen_at is written at most this often, so reads do not each cost a write. */
  touchSeconds: 60,
} as const;

export type SessionStage = 'active' | 'mfa_required' | 'mfa_setup_required' | 'password_change_required';

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  organizationId: string | null;
  stage: SessionStage;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  reauthenticatedAt: Date | null;
}

type Tx = Pick<Orm, 'insert' | 'update' | 'delete' | 'select'>;

/** A new session; returns the cookie token (only its hash is stored). */
export async function createSession(
  tx: Tx,
  input: { userId: string; organizationId: string | null; stage: SessionStage; ip: string | null; userAgent: string | null; now: Date; reauthenticated?: boolean },
): Promise<string> {
  const token = newToken();
  await tx.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: input.userId,
    organizationId: input.organizationId,
    stage: input.stage,
    createdAt: input.now,
    lastSeenAt: input.now,
    expiresAt: new Date(input.now.getTime() + sessionPolicy.absoluteHours * 3600_000),
    reauthenticatedAt: input.reauthenticated ? input.now : null,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/** The live session for a cookie token, touching its idle timer; null when unknown or expired. */
export async function findSession(orm: Orm, token: string, now: Date): Promise<SessionRecord | null> {
  const tokenHash = hashToken(token);
  const [row] = await orm
    .select({
      tokenHash: sessions.tokenHash,
      userId: sessions.userId,
      organizationId: sessions.organizationId,
      stage: sessions.stage,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      reauthenticatedAt: sessions.reauthenticatedAt,
      userStatus: users.status,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  if (!row) return null;
  const idleLimit = row.lastSeenAt.getTime() + sessionPolicy.idleMinutes * 60_000;
  if (row.userStatus !== 'active' || now >= row.expiresAt || now.getTime() >= idleLimit) {
    await orm.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > sessionPolicy.touchSeconds * 1000) {
    await orm.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  const { userStatus: _status, ...session } = row;
  return { ...session, stage: session.stage as SessionStage };
}

/**
 * Replaces a session with a new token at a new stage (sign-in steps, privilege changes), so a
 * token seen before the change is worthless after it.
 */
export async function rotateSession(
  tx: Tx,
  old: SessionRecord,
  input: { stage: SessionStage; ip: string | null; userAgent: string | null; now: Date; reauthenticated?: boolean },
): Promise<string> {
  await tx.delete(sessions).where(eq(sessions.tokenHash, old.tokenHash));
  return createSession(tx, { userId: old.userId, organizationId: old.organizationId, ...input });
}

export async function endSession(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of a user, or every one but the session that asked. */
export async function endUserSessions(tx: Tx, userId: string, except?: string): Promise<void> {
  await tx
    .delete(sessions)
    .where(except ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, except)) : eq(sessions.userId, userId));
}

export async function markReauthenticated(tx: Tx, tokenHash: string, now: Date): Promise<void> {
  await tx.update(sessions).set({ reauthenticatedAt: now }).where(eq(sessions.tokenHash, tokenHash));
}

export function recentlyAuthenticated(session: SessionRecord, now: Date): boolean {
  return (
    session.reauthenticatedAt !== null &&
    now.getTime() - session.reauthenticatedAt.getTime() <= sessionPolicy.reauthenticationMinutes * 60_000
  );
}

/** The CSRF token of a session: derived from its secret, so nothing more is stored. */
export function csrfTokenFor(sessionToken: string): string {
  return hmac(sessionToken, 'accrue csrf v1');
}

export async function purgeExpiredSessions(orm: Orm, now: Date): Promise<void> {
  await orm
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, new Date(now.getTime() - sessionPolicy.idleMinutes * 60_000))));
}
