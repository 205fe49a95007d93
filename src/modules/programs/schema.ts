import { sql } from 'drizzle-orm';
import { check, date, foreignKey, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const programStatuses = ['draft', 'open', 'closed', 'discontinued'] as const;
export type ProgramStatus = (typeof programStatuses)[number];
export const programStatus = pgEnum('program_status', programStatuses);
export const earningTypes = ['REBATE', 'COOP', 'ACCELERATOR'] as const;
export const earningType = pgEnum('earning_type', earningTypes);

/** A program of the vendor. Its code never changes; every change of its definition is a version. */
export const programs = pgTable(
  'programs',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    status: programStatus('status').notNull(),
    currentVersion: integer('current_version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('programs_code_format', sql`${t.code} ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'`)],
);

/** Every version of a program's definition, as its program file said it (normalised). */
export const programVersions = pgTable(
  'program_versions',
  {
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: text('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.version] })],
);

/** The rates of each version, relational for the set-based earnings calculation. */
export const programRates = pgTable(
  'program_rates',
  {
    programId: uuid('program_id').notNull(),
    version: integer('version').notNull(),
    leverCode: text('lever_code').notNull(),
    earningType: earningType('earning_type').notNull(),
    productCategory: text('product_category').notNull(),
    rate: numeric('rate', { precision: 12, scale: 6 }).notNull(),
    /** First day of the first month the rate applies to. */
    fromMonth: date('from_month').notNull(),
    /** First day of the last month it applies to; null: no end. */
    toMonth: date('to_month'),
  },
  (t) => [
    primaryKey({ columns: [t.programId, t.version, t.leverCode, t.productCategory, t.fromMonth] }),
    foreignKey({ columns: [t.programId, t.version], foreignColumns: [programVersions.programId, programVersions.version] }),
    check('program_rates_range', sql`${t.rate} >= 0 and ${t.rate} <= 1`),
    check('program_rates_months', sql`${t.toMonth} is null or ${t.toMonth} >= ${t.fromMonth}`),
  ],
);
