import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { locations } from '../partners/schema.ts';

export const importKinds = ['billing', 'fx'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKind = pgEnum('import_kind', importKinds);
/** queued → loading (parse, check, COPY to staging) → applying → done | refused | failed. */
export const importStatuses = ['queued', 'loading', 'applying', 'done', 'refused', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatus = pgEnum('import_status', importStatuses);

/** One import of a billing or FX file, from the upload or the command line: progress and outcome. */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey(),
    kind: importKind('kind').notNull(),
    fileName: text('file_name').notNull(),
    status: importStatus('status').notNull(),
    bytesTotal: bigint('bytes_total', { mode: 'number' }),
    bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
    rowsRead: integer('rows_read').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    /** How many rows were refused in all; `problems` holds the first 1,000. */
    problemCount: integer('problem_count').notNull().default(0),
    problems: jsonb('problems').notNull().default(sql`'[]'::jsonb`),
    error: text('error'),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_runs_recent').on(t.kind, t.createdAt)],
);

/** An uploaded file waiting for its import job, in chunks; removed once the import ends. */
export const importFileChunks = pgTable(
  'import_file_chunks',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => importRuns.id),
    chunk: integer('chunk').notNull(),
    /** Base64 of up to 1 MiB of the file. */
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.chunk] })],
);

/**
 * Rows of a billing file being imported, checked one by one and loaded with COPY; the import's
 * transaction checks them against each other and the locations, then applies them. Emptied after.
 */
export const billingStaging = pgTable(
  'billing_staging',
  {
    importId: uuid('import_id').notNull(),
    row: integer('row').notNull(),
    lineId: text('line_id').notNull(),
    locationCode: text('location_code').notNull(),
    customerId: text('customer_id'),
    customerName: text('customer_name'),
    productSku: text('product_sku'),
    productCategory: text('product_category').notNull(),
    billedMonth: date('billed_month').notNull(),
    currency: text('currency').notNull(),
    amount: numeric('amount', { precision: 20, scale: 4 }).notNull(),
    quantity: numeric('quantity', { precision: 20, scale: 4 }),
  },
  (t) => [index('billing_staging_import').on(t.importId, t.lineId)],
);

const lineColumns = {
  lineId: text('line_id').notNull(),
  version: integer('version').notNull(),
  locationId: uuid('location_id').notNull(),
  customerId: text('customer_id'),
  customerName: text('customer_name'),
  productSku: text('product_sku'),
  productCategory: text('product_category').notNull(),
  /** First day of the month billed. */
  billedMonth: date('billed_month').notNull(),
  currency: text('currency').notNull(),
  amount: numeric('amount', { precision: 20, scale: 4 }).notNull(),
  quantity: numeric('quantity', { precision: 20, scale: 4 }),
  importId: uuid('import_id').notNull(),
};

/** The current version of every billing line: what the calculation reads. */
export const billingLines = pgTable(
  'billing_lines',
  {
    organizationId: uuid('organization_id').notNull(),
    ...lineColumns,
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.lineId] }),
    // A correction may move a line to a location of another organization: the line id stays unique.
    uniqueIndex('billing_lines_line_id').on(t.lineId),
    index('billing_lines_month').on(t.billedMonth),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    check('billing_lines_month_start', sql`extract(day from ${t.billedMonth}) = 1`),
  ],
);

/** Every version of every billing line, as imported. Never updated or deleted. */
export const billingLineVersions = pgTable(
  'billing_line_versions',
  {
    organizationId: uuid('organization_id').notNull(),
    ...lineColumns,
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.lineId, t.version] }),
    index('billing_line_versions_line').on(t.lineId, t.version),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
  ],
);

/** Units of a currency per US dollar in a month; USD is always 1 and not stored. */
export const fxRates = pgTable(
  'fx_rates',
  {
    month: date('month').notNull(),
    currency: text('currency').notNull(),
    unitsPerUsd: numeric('units_per_usd', { precision: 24, scale: 8 }).notNull(),
    importId: uuid('import_id').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.currency] }),
    check('fx_rates_positive', sql`${t.unitsPerUsd} > 0`),
    check('fx_rates_not_usd', sql`${t.currency} <> 'USD'`),
  ],
);
