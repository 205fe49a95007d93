import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { can, type Actor } from '../identity/actor.ts';
import { isAuditAction, type AuditAction, type AuditActionFilter } from './actions.ts';
import { auditEvents } from './schema.ts';

export * from './actions.ts';

/** The database or a transaction of it (`orm.transaction(async (tx) => …)`). */
export type AuditWriter = Pick<Orm, 'insert'>;
export type AuditReader = Pick<Orm, 'select'>;

export interface AuditEventInput {
  action: AuditAction;
  /** The partner organization the event concerns; null for vendor-only events. */
  organizationId: string | null;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

export type AuditEvent = typeof auditEvents.$inferSelect;

/**
 * Appends one event, as `actor`. Call it with the transaction that makes the change, so the change
 * and its record commit together. Secrets in `before` / `after` are dropped first.
 */
export async function recordAudit(tx: AuditWriter, actor: Actor, event: AuditEventInput): Promise<void> {
  // The type already closes the list; this catches casts, before a bad row becomes permanent.
  if (!isAuditAction(event.action)) throw new Error(`Unknown audit action: ${event.action}`);
  await tx.insert(auditEvents).values({
    organizationId: event.organizationId,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    ip: actor.ip,
    requestId: actor.requestId,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    before: withoutSecrets(event.before),
    after: withoutSecrets(event.after),
  });
}

// Compared without case, `_` or `-`, so `password_hash`, `passwordHash` and `newPassword` all match.
const secretKey = /(password|passphrase|secret|token|passwordhash|tokenhash|codehash|recoverycode|privatekey|secretkey|apikey)s?$/;

function isSecretKey(key: string): boolean {
  return secretKey.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** The value as JSON, with every key that names a secret removed at any depth; null when absent. */
export function withoutSecrets(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const json = JSON.stringify(value, (key, child) => (key !== '' && isSecretKey(key) ? undefined : child));
  return json === undefined ? null : JSON.parse(json);
}

export interface AuditSearch {
  organizationId?: string;
  /** One action, or an area's prefix such as `auth.`. */
  action?: AuditActionFilter;
  actorUserId?: string;
  /** Part of the actor label (an email, `system`, `cli`), any case. */
  actorLabel?: string;
  targetId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Page size, at most 200 (larger values are lowered to it). */
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export const maxAuditPageSize = 200;

/**
 * Events newest first, a page at a time. Operators holding `audit.read` see every organization's
 * events and the vendor's own; partner users holding `audit.read_own_organization` see only their
 * organization's, whatever organization they name; anyone else is refused.
 */
export async function searchAudit(
  db: AuditReader,
  actor: Actor,
  filters: AuditSearch,
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const scope = visibleTo(actor);
  const limit = Math.max(1, Math.min(maxAuditPageSize, Math.trunc(filters.limit) || 1));
  const after = filters.cursor === undefined ? null : decodeCursor(filters.cursor);
  // No row can hold an id that is not a UUID; the database would fail on it rather than say so.
  if (![filters.organizationId, filters.actorUserId].every((id) => id === undefined || uuid.test(id))) {
    return { events: [], nextCursor: null };
  }
  const { action } = filters;
  const where = and(
    scope,
    filters.organizationId === undefined ? undefined : eq(auditEvents.organizationId, filters.organizationId),
    action === undefined
      ? undefined
      : action.endsWith('.')
        ? sql`starts_with(${auditEvents.action}, ${action})`
        : eq(auditEvents.action, action),
    filters.actorUserId === undefined ? undefined : eq(auditEvents.actorUserId, filters.actorUserId),
    filters.actorLabel === undefined
      ? undefined
      : sql`strpos(lower(${auditEvents.actorLabel}), lower(${filters.actorLabel})) > 0`,
    filters.targetId === undefined ? undefined : eq(auditEvents.targetId, filters.targetId),
    filters.from === undefined ? undefined : gte(auditEvents.occurredAt, filters.from),
    filters.to === undefined ? undefined : lt(auditEvents.occurredAt, filters.to),
    after === null
      ? undefined
      : sql`(${auditEvents.occurredAt}, ${auditEvents.id}) < (${after.at}::timestamptz, ${after.id}::bigint)`,
  );
  const rows = await db
    .select({
      event: auditEvents,
      // Microseconds, which a Date would lose: the cursor must name the row exactly.
      at: sql<string>`to_char(${auditEvents.occurredAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => row.event),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.event.id) : null,
  };
}

/** The rows `actor` may read, as a condition every search starts from. */
function visibleTo(actor: Actor): SQL | undefined {
  if (actor.organizationId === null && can(actor, 'audit.read')) return undefined;
  if (actor.organizationId !== null && can(actor, 'audit.read_own_organization')) {
    return eq(auditEvents.organizationId, actor.organizationId);
  }
  throw new AppError('forbidden', 'Your roles do not allow reading the audit log.');
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cursorAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function encodeCursor(at: string, id: number): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: number } {
  const [at = '', idText = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const id = Number(idText);
  if (!cursorAt.test(at) || !/^[1-9][0-9]{0,15}$/.test(idText) || !Number.isSafeInteger(id)) {
    throw AppError.validation([{ field: 'cursor', rule: 'custom', message: 'is not valid' }]);
  }
  return { at, id };
}
