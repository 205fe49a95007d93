import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit log. Append-only: a trigger in the migration refuses UPDATE, DELETE and TRUNCATE.
 * `organization_id` is the partner organization the event concerns (null: vendor-only events).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    organizationId: uuid('organization_id'),
    actorUserId: uuid('actor_user_id'),
    /** Who acted, as shown: an email, or `system`, or `cli`. */
    actorLabel: text('actor_label').notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    index('audit_events_org_time').on(t.organizationId, t.occurredAt),
    index('audit_events_time').on(t.occurredAt),
    index('audit_events_action').on(t.action),
    index('audit_events_actor').on(t.actorUserId),
  ],
);
