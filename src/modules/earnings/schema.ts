import { sql } from 'drizzle-orm';
import { bigint, check, date, foreignKey, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../partners/schema.ts';
import { earningType } from '../programs/schema.ts';

export const earningKinds = ['calculated', 'adjustment'] as const;
export type EarningKind = (typeof earningKinds)[number];
export const earningKind = pgEnum('earning_kind', earningKinds);

/** Why an adjustment was recorded: by a recalculation, or by an operator with one of the others. */
export const adjustmentReasons = [
  'Recalculation',
  'Ops adjustment',
  'Policy exception',
  'Incorrect calculation',
  'Incorrect enrollment',
  'AR compliance',
  'Previous period earnings',
] as const;
export type AdjustmentReason = (typeof adjustmentReasons)[number];
export const manualAdjustmentReasons = adjustmentReasons.filter((r) => r !== 'Recalculation');

/**
 * Every earning ever recorded: calculated from a billing line (key: line, program, lever), or an
 * adjustment (a recalculation's delta, or an operator's). Never updated or deleted.
 */
export const earnings = pgTable(
  'earnings',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id').notNull(),
    /** The program version whose rate it used; for a reversal, that of the earnings it reverses. */
    programVersion: integer('program_version').notNull(),
    leverCode: text('lever_code').notNull(),
    earningType: earningType('earning_type').notNull(),
    /** Null for an operator's adjustment. */
    lineId: text('line_id'),
    lineVersion: integer('line_version'),
    /** First day of the billed month of its line: the period it is for. */
    billedMonth: date('billed_month').notNull(),
    currency: text('currency').notNull(),
    /** The line's amount and the rate, where the earning is amount × rate (or its delta). */
    amount: numeric('amount', { precision: 20, scale: 4 }),
    rate: numeric('rate', { precision: 12, scale: 6 }),
    earning: numeric('earning', { precision: 30, scale: 10 }).notNull(),
    kind: earningKind('kind').notNull(),
    reason: text('reason'),
    comment: text('comment'),
    calculationId: uuid('calculation_id'),
    createdByUserId: uuid('created_by_user_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    // With the id last, a page in billed-month order is read from the index alone, however many rows.
    index('earnings_org_month').on(t.organizationId, t.billedMonth, t.id),
    index('earnings_pair_month').on(t.organizationId, t.locationId, t.programId, t.billedMonth, t.id),
    index('earnings_line').on(t.lineId),
    check('earnings_month_start', sql`extract(day from ${t.billedMonth}) = 1`),
    check('earnings_kind_reason', sql`(${t.kind} = 'calculated') = (${t.reason} is null)`),
    check('earnings_manual_line', sql`${t.lineId} is not null or ${t.kind} = 'adjustment'`),
  ],
);

/**
 * The sum and count of the earnings per (location, program, lever, billed month, currency, kind),
 * kept by a trigger on every insert into `earnings` (migration 0008), so summaries and totals read
 * a few rows per month however many earnings there are. Never written by the application.
 */
export const earningTotals = pgTable(
  'earning_totals',
  {
    organizationId: uuid('organization_id').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id').notNull(),
    leverCode: text('lever_code').notNull(),
    billedMonth: date('billed_month').notNull(),
    currency: text('currency').notNull(),
    kind: earningKind('kind').notNull(),
    earning: numeric('earning', { precision: 38, scale: 10 }).notNull(),
    earnings: bigint('earnings', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'earning_totals_pkey', columns: [t.organizationId, t.locationId, t.programId, t.leverCode, t.billedMonth, t.currency, t.kind] })],
);

export const exportStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof exportStatuses)[number];
export const exportStatus = pgEnum('export_status', exportStatuses);

/**
 * An earnings.csv asked for in the portal, made by a background job and kept until it expires.
 * Only the user who asked for it may read it.
 */
export const earningsExports = pgTable(
  'earnings_exports',
  {
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    id: uuid('id').notNull(),
    requestedByUserId: uuid('requested_by_user_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    /** The (location, program) pairs the requester could read when limited to some; null: all. */
    pairs: jsonb('pairs'),
    /** The list's filters, as the request gave them. */
    filters: jsonb('filters').notNull(),
    status: exportStatus('status').notNull(),
    rowsTotal: integer('rows_total'),
    rowsWritten: integer('rows_written').notNull().default(0),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    // The job finds its export by id alone.
    uniqueIndex('earnings_exports_id').on(t.id),
    index('earnings_exports_requester').on(t.requestedByUserId, t.createdAt),
    index('earnings_exports_expiry').on(t.expiresAt),
  ],
);

/** The CSV text of an export, in order, up to 1 MiB a chunk. */
export const earningsExportChunks = pgTable(
  'earnings_export_chunks',
  {
    organizationId: uuid('organization_id').notNull(),
    exportId: uuid('export_id').notNull(),
    chunk: integer('chunk').notNull(),
    data: text('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.exportId, t.chunk] }),
    foreignKey({ columns: [t.organizationId, t.exportId], foreignColumns: [earningsExports.organizationId, earningsExports.id] }).onDelete('cascade'),
  ],
);

export const calculationStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type CalculationStatus = (typeof calculationStatuses)[number];
export const calculationStatus = pgEnum('calculation_status', calculationStatuses);

/** One calculation, from the command line, the portal or a job: its range and what it recorded. */
export const calculations = pgTable(
  'calculations',
  {
    id: uuid('id').primaryKey(),
    status: calculationStatus('status').notNull(),
    /** First days of the first and last billed months; null: no bound. */
    fromMonth: date('from_month'),
    toMonth: date('to_month'),
    calculated: integer('calculated').notNull().default(0),
    adjusted: integer('adjusted').notNull().default(0),
    error: text('error'),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('calculations_recent').on(t.createdAt)],
);
