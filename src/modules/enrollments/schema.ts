import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';

export const enrollmentStatuses = ['invited', 'action_required', 'validating', 'enrolled', 'ineligible', 'inactive', 'discontinued'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];
export const enrollmentStatus = pgEnum('enrollment_status', enrollmentStatuses);

/** A location's enrollment in a program, from its invitation on. One per (location, program). */
export const enrollments = pgTable(
  'enrollments',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    status: enrollmentStatus('status').notNull(),
    /** First day of the month in which it first became Enrolled. */
    earningsStart: date('earnings_start'),
    /** Last day of the month in which it lost Enrolled; cleared when it comes back. */
    earningsEnd: date('earnings_end'),
    /** The reason of the last transition, shown with the status. */
    statusReason: text('status_reason').notNull(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    uniqueIndex('enrollments_pair').on(t.organizationId, t.locationId, t.programId),
    uniqueIndex('enrollments_id').on(t.id),
    index('enrollments_status').on(t.status, t.programId),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    check('enrollments_earnings_window', sql`${t.earningsEnd} is null or (${t.earningsStart} is not null and ${t.earningsEnd} >= ${t.earningsStart})`),
  ],
);

/** Every change of an enrollment's status: who, when, which event, and why. Never updated. */
export const enrollmentTransitions = pgTable(
  'enrollment_transitions',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    enrollmentId: uuid('enrollment_id').notNull(),
    fromStatus: enrollmentStatus('from_status'),
    toStatus: enrollmentStatus('to_status').notNull(),
    event: text('event').notNull(),
    reason: text('reason').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index('enrollment_transitions_enrollment').on(t.organizationId, t.enrollmentId, t.at),
    foreignKey({ columns: [t.organizationId, t.enrollmentId], foreignColumns: [enrollments.organizationId, enrollments.id] }),
  ],
);
