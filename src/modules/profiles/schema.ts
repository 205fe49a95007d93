import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../identity/schema.ts';
import { locations, organizations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';

export const taxForms = ['W-9', 'W-8BEN-E'] as const;
export type TaxForm = (typeof taxForms)[number];

export const taxProfileStatuses = ['pending_validation', 'valid', 'action_required', 'expiring_soon', 'expired'] as const;
export type TaxProfileStatus = (typeof taxProfileStatuses)[number];
export const taxProfileStatus = pgEnum('tax_profile_status', taxProfileStatuses);

/**
 * A location's tax form (domain.md §5): one per location, edited in place (every change audited).
 * The tax id is sealed (security/encryption.ts); only its last four characters are kept readable.
 */
export const taxProfiles = pgTable(
  'tax_profiles',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    locationId: uuid('location_id').notNull(),
    form: text('form').$type<TaxForm>().notNull(),
    legalName: text('legal_name').notNull(),
    address: text('address').notNull(),
    country: text('country').notNull(),
    taxIdSealed: text('tax_id_sealed').notNull(),
    taxIdLast4: text('tax_id_last4').notNull(),
    /** W-8BEN-E treaty claim: the treaty country and the reduced withholding rate in percent. */
    treatyCountry: text('treaty_country'),
    treatyRate: numeric('treaty_rate', { precision: 5, scale: 2 }),
    /** Set when an operator validates the form: whether the treaty claim was accepted. */
    treatyAccepted: boolean('treaty_accepted'),
    signedOn: date('signed_on').notNull(),
    /** W-8BEN-E: 31 December of the third year after signing; a W-9 does not expire. */
    expiresOn: date('expires_on'),
    status: taxProfileStatus('status').notNull(),
    statusReason: text('status_reason'),
    /** The smallest number of days before expiry (90, 30, 7) already announced by mail. */
    expiryNoticeDays: integer('expiry_notice_days'),
    version: integer('version').notNull().default(1),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    uniqueIndex('tax_profiles_location').on(t.organizationId, t.locationId),
    uniqueIndex('tax_profiles_id').on(t.id),
    index('tax_profiles_status').on(t.status),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    check('tax_profiles_form', sql`${t.form} in ('W-9', 'W-8BEN-E')`),
    check('tax_profiles_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('tax_profiles_treaty', sql`(${t.treatyCountry} is null) = (${t.treatyRate} is null) and (${t.treatyRate} is null or ${t.form} = 'W-8BEN-E')`),
    check('tax_profiles_treaty_rate', sql`${t.treatyRate} is null or (${t.treatyRate} >= 0 and ${t.treatyRate} < 30)`),
    check('tax_profiles_expiry', sql`(${t.form} = 'W-9') = (${t.expiresOn} is null)`),
  ],
);

export const bankSchemes = ['iban', 'aba', 'bic'] as const;
export type BankScheme = (typeof bankSchemes)[number];

export const paymentProfileStatuses = ['pending_validation', 'approved', 'action_required'] as const;
export type PaymentProfileStatus = (typeof paymentProfileStatuses)[number];
export const paymentProfileStatus = pgEnum('payment_profile_status', paymentProfileStatuses);

/**
 * An organization's bank account (domain.md §6). Bank details change only through a confirmed
 * bank change request; profiles are archived, never deleted. The account number (or IBAN) is
 * sealed; only its last four characters are kept readable.
 */
export const paymentProfiles = pgTable(
  'payment_profiles',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    /** The organization's own name for it, e.g. "Operating account (USD)". */
    name: text('name').notNull(),
    bankCountry: text('bank_country').notNull(),
    accountHolder: text('account_holder').notNull(),
    scheme: text('scheme').$type<BankScheme>().notNull(),
    /** The IBAN (scheme iban) or the account number (aba, bic), sealed. */
    accountSealed: text('account_sealed').notNull(),
    accountLast4: text('account_last4').notNull(),
    routingNumber: text('routing_number'),
    bic: text('bic'),
    acceptedCurrencies: text('accepted_currencies').array().notNull(),
    status: paymentProfileStatus('status').notNull(),
    statusReason: text('status_reason'),
    version: integer('version').notNull().default(1),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    uniqueIndex('payment_profiles_id').on(t.id),
    index('payment_profiles_status').on(t.status),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }),
    check('payment_profiles_scheme', sql`${t.scheme} in ('iban', 'aba', 'bic')`),
    check('payment_profiles_country_format', sql`${t.bankCountry} ~ '^[A-Z]{2}$'`),
    check(
      'payment_profiles_scheme_fields',
      sql`case ${t.scheme} when 'iban' then ${t.routingNumber} is null and ${t.bic} is not null
        when 'aba' then ${t.routingNumber} is not null and ${t.bic} is null
        else ${t.routingNumber} is null and ${t.bic} is not null end`,
    ),
    check('payment_profiles_currencies', sql`cardinality(${t.acceptedCurrencies}) > 0`),
  ],
);

export const bankChangeStatuses = ['pending', 'confirmed', 'cancelled', 'expired'] as const;
export type BankChangeStatus = (typeof bankChangeStatuses)[number];
export const bankChangeStatus = pgEnum('bank_change_status', bankChangeStatuses);

/**
 * New bank details (a new payment profile, or new details for one) under dual control
 * (domain.md §2): no effect until a second admin confirms, or, where the organization has only
 * one admin, until the mailed confirmation link is followed.
 */
export const bankChangeRequests = pgTable(
  'bank_change_requests',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    /** Null: the request creates a new profile. */
    paymentProfileId: uuid('payment_profile_id'),
    name: text('name').notNull(),
    bankCountry: text('bank_country').notNull(),
    accountHolder: text('account_holder').notNull(),
    scheme: text('scheme').$type<BankScheme>().notNull(),
    accountSealed: text('account_sealed').notNull(),
    accountLast4: text('account_last4').notNull(),
    routingNumber: text('routing_number'),
    bic: text('bic'),
    acceptedCurrencies: text('accepted_currencies').array().notNull(),
    status: bankChangeStatus('status').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** The mailed confirmation link (only where the organization has one admin): hashed, 24 hours. */
    tokenHash: text('token_hash'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedVia: text('decided_via'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    uniqueIndex('bank_change_requests_id').on(t.id),
    uniqueIndex('bank_change_requests_token').on(t.tokenHash),
    /** One open request per profile at a time. */
    uniqueIndex('bank_change_requests_one_pending')
      .on(t.organizationId, t.paymentProfileId)
      .where(sql`${t.status} = 'pending' and ${t.paymentProfileId} is not null`),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }),
    foreignKey({ columns: [t.organizationId, t.paymentProfileId], foreignColumns: [paymentProfiles.organizationId, paymentProfiles.id] }),
    check('bank_change_requests_decided_via', sql`${t.decidedVia} is null or ${t.decidedVia} in ('admin', 'link', 'requester', 'expiry')`),
  ],
);

/**
 * How one (location, program) is paid: which payment profile, in which currency, and whether the
 * partner holds its payments. Missing = nothing assigned yet.
 */
export const payoutAssignments = pgTable(
  'payout_assignments',
  {
    organizationId: uuid('organization_id').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id')
      .notNull()
      .references(() => programs.id),
    paymentProfileId: uuid('payment_profile_id'),
    payoutCurrency: text('payout_currency'),
    /** The latest "hold my payment" setting, and the first month whose payment run it applies to. */
    hold: boolean('hold').notNull().default(false),
    holdEffectiveFrom: date('hold_effective_from'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.locationId, t.programId] }),
    index('payout_assignments_profile').on(t.organizationId, t.paymentProfileId),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    foreignKey({ columns: [t.organizationId, t.paymentProfileId], foreignColumns: [paymentProfiles.organizationId, paymentProfiles.id] }),
    check('payout_assignments_currency', sql`(${t.paymentProfileId} is null) = (${t.payoutCurrency} is null)`),
  ],
);

/**
 * Every setting or clearing of "hold my payment", never updated: a payment run for month M holds a
 * pair when its latest change with `effective_from` ≤ M set the hold.
 */
export const holdChanges = pgTable(
  'hold_changes',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    locationId: uuid('location_id').notNull(),
    programId: uuid('program_id').notNull(),
    hold: boolean('hold').notNull(),
    /** First day of the month after the month it was set in. */
    effectiveFrom: date('effective_from').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index('hold_changes_pair').on(t.organizationId, t.locationId, t.programId, t.effectiveFrom),
    foreignKey({
      columns: [t.organizationId, t.locationId, t.programId],
      foreignColumns: [payoutAssignments.organizationId, payoutAssignments.locationId, payoutAssignments.programId],
    }),
  ],
);
