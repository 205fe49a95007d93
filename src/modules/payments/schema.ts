import { sql } from 'drizzle-orm';
import { boolean, check, date, foreignKey, index, integer, numeric, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';

/**
 * A payment run's state: `upcoming` while every payment in it is Upcoming (it may still be
 * discarded), `approved` once a second Finance operator approved it, `discarded`.
 */
export const paymentRunStatuses = ['upcoming', 'approved', 'discarded'] as const;
export type PaymentRunStatus = (typeof paymentRunStatuses)[number];
export const paymentRunStatus = pgEnum('payment_run_status', paymentRunStatuses);

/** One run per cycle month (earnings.md §4); a discarded run makes room for a new one. */
export const paymentRuns = pgTable(
  'payment_runs',
  {
    id: uuid('id').primaryKey(),
    /** First day of the cycle month Y. */
    cycle: date('cycle').notNull(),
    /** The day the reasons not to pay were checked on. */
    runDate: date('run_date').notNull(),
    status: paymentRunStatus('status').notNull(),
    payments: integer('payments').notNull(),
    holds: integer('holds').notNull(),
    createdByUserId: uuid('created_by_user_id'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    approvedByUserId: uuid('approved_by_user_id'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    discardedByUserId: uuid('discarded_by_user_id'),
    discardedBy: text('discarded_by'),
    discardedAt: timestamp('discarded_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('payment_runs_cycle').on(t.cycle).where(sql`${t.status} <> 'discarded'`),
    check('payment_runs_cycle_start', sql`extract(day from ${t.cycle}) = 1`),
    check('payment_runs_approver', sql`${t.approvedByUserId} is null or ${t.approvedByUserId} is distinct from ${t.createdByUserId}`),
  ],
);

/**
 * A payment's state (domain.md §8): Upcoming → In progress → Sent → Reversed, or Upcoming →
 * Rejected during review; `discarded` when its run was discarded.
 */
export const paymentStatuses = ['upcoming', 'in_progress', 'sent', 'rejected', 'reversed', 'discarded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];
export const paymentStatus = pgEnum('payment_status', paymentStatuses);
/** The states in which a payment holds its earnings. */
export const livePaymentStatuses = ['upcoming', 'in_progress', 'sent'] as const satisfies readonly PaymentStatus[];

/** The payable earnings of one (location, program) in one run, paid in one payout currency. */
export const payments = pgTable(
  'payments',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => paymentRuns.id),
    cycle: date('cycle').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    paymentProfileId: uuid('payment_profile_id').notNull(),
    payoutCurrency: text('payout_currency').notNull(),
    /** The month of the FX rates used (the cycle month). */
    fxMonth: date('fx_month').notNull(),
    /** The group's USD value (earnings.md §4 step 3). */
    usd: numeric('usd', { precision: 24, scale: 2 }).notNull(),
    /** Amounts with exactly the payout currency's minor-unit digits. */
    gross: numeric('gross').notNull(),
    /** A fraction: 0.10 is 10 %. */
    withholdingRate: numeric('withholding_rate', { precision: 7, scale: 4 }).notNull(),
    withholding: numeric('withholding').notNull(),
    net: numeric('net').notNull(),
    status: paymentStatus('status').notNull(),
    /** Why it was rejected or returned. */
    statusReason: text('status_reason'),
    /** The day the bank reported it sent, or returned. */
    sentOn: date('sent_on'),
    returnedOn: date('returned_on'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    uniqueIndex('payments_id').on(t.id),
    uniqueIndex('payments_run_pair').on(t.runId, t.organizationId, t.locationId, t.programId),
    index('payments_pair').on(t.organizationId, t.locationId, t.programId, t.cycle),
    index('payments_status').on(t.status),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    check('payments_net', sql`${t.net} = ${t.gross} - ${t.withholding}`),
    check('payments_withholding_rate', sql`${t.withholdingRate} >= 0 and ${t.withholdingRate} < 1`),
  ],
);

/** Per source currency A of a payment: s_A, the FX rates used and c_A (earnings.md §4 step 5). */
export const paymentAmounts = pgTable(
  'payment_amounts',
  {
    organizationId: uuid('organization_id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    currency: text('currency').notNull(),
    sum: numeric('sum').notNull(),
    unitsPerUsd: numeric('units_per_usd', { precision: 24, scale: 8 }).notNull(),
    payoutUnitsPerUsd: numeric('payout_units_per_usd', { precision: 24, scale: 8 }).notNull(),
    converted: numeric('converted').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.paymentId, t.currency] }),
    foreignKey({ columns: [t.organizationId, t.paymentId], foreignColumns: [payments.organizationId, payments.id] }),
  ],
);

/**
 * Which earnings a payment pays. `live` mirrors whether the payment still holds them (Upcoming,
 * In progress, Sent); the unique index then keeps an earning in at most one live payment.
 */
export const paymentEarnings = pgTable(
  'payment_earnings',
  {
    organizationId: uuid('organization_id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    earningId: uuid('earning_id').notNull(),
    live: boolean('live').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.paymentId, t.earningId] }),
    uniqueIndex('payment_earnings_live').on(t.organizationId, t.earningId).where(sql`${t.live}`),
    foreignKey({ columns: [t.organizationId, t.paymentId], foreignColumns: [payments.organizationId, payments.id] }),
  ],
);

/** The reasons not to pay, in the order earnings.md §4 step 4 checks them. */
export const holdReasons = ['enrollment', 'tax_profile', 'payment_profile', 'partner_hold', 'payment_returned', 'negative_balance', 'below_threshold'] as const;
export type HoldReason = (typeof holdReasons)[number];

/** A (location, program) with payable earnings that a run did not pay, and every reason why. */
export const paymentHolds = pgTable(
  'payment_holds',
  {
    organizationId: uuid('organization_id').notNull(),
    runId: uuid('run_id')
      .notNull()
      .references(() => paymentRuns.id),
    cycle: date('cycle').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id').notNull(),
    reasons: text('reasons').array().notNull(),
    usd: numeric('usd', { precision: 24, scale: 2 }).notNull(),
    thresholdUsd: numeric('threshold_usd', { precision: 24, scale: 2 }).notNull(),
    earnings: integer('earnings').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.runId, t.locationId, t.programId] }),
    index('payment_holds_pair').on(t.organizationId, t.locationId, t.programId, t.cycle),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    check('payment_holds_reasons', sql`cardinality(${t.reasons}) > 0`),
  ],
);

/** Every state a payment went through, for its timeline. Never updated. */
export const paymentEvents = pgTable(
  'payment_events',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    status: paymentStatus('status').notNull(),
    note: text('note'),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index('payment_events_payment').on(t.organizationId, t.paymentId, t.at),
    foreignKey({ columns: [t.organizationId, t.paymentId], foreignColumns: [payments.organizationId, payments.id] }),
  ],
);

export const disputeStatuses = ['open', 'answered', 'closed'] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];
export const disputeStatus = pgEnum('dispute_status', disputeStatuses);

/** A partner's question about a Sent payment, within 30 days, answered by an operator. */
export const paymentDisputes = pgTable(
  'payment_disputes',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    paymentId: uuid('payment_id').notNull(),
    status: disputeStatus('status').notNull(),
    message: text('message').notNull(),
    openedByUserId: uuid('opened_by_user_id').notNull(),
    openedBy: text('opened_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    answer: text('answer'),
    answeredByUserId: uuid('answered_by_user_id'),
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    closedByUserId: uuid('closed_by_user_id'),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    uniqueIndex('payment_disputes_id').on(t.id),
    /** One dispute at a time per payment. */
    uniqueIndex('payment_disputes_one_active').on(t.organizationId, t.paymentId).where(sql`${t.status} <> 'closed'`),
    index('payment_disputes_status').on(t.status, t.openedAt),
    foreignKey({ columns: [t.organizationId, t.paymentId], foreignColumns: [payments.organizationId, payments.id] }),
    check('payment_disputes_answer', sql`(${t.status} = 'open') = (${t.answer} is null) or ${t.status} = 'closed'`),
  ],
);
