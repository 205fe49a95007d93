import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The outbox: a row is written in the same transaction as the change that causes the mail, and a
 * worker delivers it. Without SMTP the row is the mail log. The template's values (links with
 * tokens among them) are stored encrypted in `payload`.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey(),
    /** The organization the recipient belongs to; null for operators. */
    organizationId: uuid('organization_id'),
    /** The event that caused the mail; one mail per event and recipient. */
    eventKey: text('event_key').notNull().unique(),
    recipientEmail: text('recipient_email').notNull(),
    recipientName: text('recipient_name').notNull(),
    locale: text('locale').notNull(),
    template: text('template').notNull(),
    /** The rendered subject, for the log (never carries a token). */
    subject: text('subject').notNull(),
    payload: text('payload').notNull(),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('mail_outbox_due').on(t.status, t.nextAttemptAt),
    index('mail_outbox_recipient').on(t.recipientEmail),
    check('mail_outbox_status', sql`${t.status} in ('queued', 'sent', 'logged', 'failed')`),
  ],
);
