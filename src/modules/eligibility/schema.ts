import { boolean, date, foreignKey, jsonb, numeric, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { locations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';

/**
 * The latest evaluation of one (location, program): eligible or not, and each requirement met or
 * not with what was expected and found, so the partner sees which one fails.
 */
export const eligibilityResults = pgTable(
  'eligibility_results',
  {
    organizationId: uuid('organization_id').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    eligible: boolean('eligible').notNull(),
    /** `Requirement[]` (eligibility/rule.ts). */
    requirements: jsonb('requirements').notNull(),
    /** The date the rule was evaluated for. */
    evaluatedOn: date('evaluated_on').notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull(),
    /** When `eligible` or a requirement last changed. */
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.locationId, t.programId] }),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
  ],
);

/**
 * Billed revenue per location and month in USD, the input of the trailing-12-month requirement.
 * Kept by the billing import; small (a row per location and month) so eligibility never scans
 * billing lines.
 */
export const locationRevenue = pgTable(
  'location_revenue',
  {
    organizationId: uuid('organization_id').notNull(),
    locationId: uuid('location_id').notNull(),
    /** First day of the month. */
    month: date('month').notNull(),
    usd: numeric('usd', { precision: 30, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.locationId, t.month] }),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
  ],
);
