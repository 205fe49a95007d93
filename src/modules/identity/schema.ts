import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from '../partners/schema.ts';

const now = (name: string) => timestamp(name, { withTimezone: true }).notNull().defaultNow();

/**
 * One account = one email = one person, in one partner organization (`organization_id`) or in the
 * vendor (`organization_id` null: an operator). Identity is global: one sign-in for the whole site.
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    email: text('email').notNull(),
    name: text('name').notNull(),
    locale: text('locale').notNull().default('en'),
    status: text('status').notNull().default('active'),
    /** Argon2id PHC string; null until the person sets a password (invitation pending). */
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** TOTP secret, encrypted (see src/security/encryption.ts). */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** Last TOTP time step accepted, so a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    createdAt: now('created_at'),
    updatedAt: now('updated_at'),
  },
  (t) => [
    uniqueIndex('users_email_unique').on(sql`lower(${t.email})`),
    index('users_organization_idx').on(t.organizationId),
    check('users_status', sql`${t.status} in ('active', 'deactivated')`),
    check('users_locale', sql`${t.locale} in ('en', 'zh-TW', 'ko-KR')`),
  ],
);

/** A role held by a user; incentive roles are limited to `role_scopes` unless `all_scopes`. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id').references(() => organizations.id),
    role: text('role').notNull(),
    allScopes: boolean('all_scopes').notNull().default(true),
    createdAt: now('created_at'),
  },
  (t) => [uniqueIndex('role_assignments_user_role').on(t.userId, t.role)],
);

/** One (location, program) pair an incentive role is limited to. */
export const roleScopes = pgTable(
  'role_scopes',
  {
    organizationId: uuid('organization_id').notNull(),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => roleAssignments.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id').notNull(),
    programCode: text('program_code').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.assignmentId, t.locationId, t.programCode] })],
);

/** Organization-wide security settings, kept by its Global admins. */
export const organizationSecurity = pgTable('organization_security', {
  organizationId: uuid('organization_id')
    .primaryKey()
    .references(() => organizations.id),
  requireMfa: boolean('require_mfa').notNull().default(false),
  updatedAt: now('updated_at'),
});

/**
 * A signed-in browser. The cookie carries a random token; only its SHA-256 is stored. `stage` is
 * `active`, or the step still owed before the session may do anything else.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id'),
    stage: text('stage').notNull(),
    createdAt: now('created_at'),
    lastSeenAt: now('last_seen_at'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    check('sessions_stage', sql`${t.stage} in ('active', 'mfa_required', 'mfa_setup_required', 'password_change_required')`),
  ],
);

/** Single-use tokens sent by mail (invitation, password reset, email change); stored hashed. */
export const emailTokens = pgTable(
  'email_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    kind: text('kind').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id'),
    newEmail: text('new_email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: now('created_at'),
  },
  (t) => [
    index('email_tokens_user_idx').on(t.userId, t.kind),
    check('email_tokens_kind', sql`${t.kind} in ('invitation', 'password_reset', 'email_change')`),
  ],
);

/** Ten single-use recovery codes per user with TOTP; stored hashed. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: now('created_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** Personal API tokens: a subset of the owner's permissions, an expiry, stored hashed. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    organizationId: uuid('organization_id'),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, to recognise it in a list. */
    prefix: text('prefix').notNull(),
    permissions: text('permissions').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: now('created_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Sign-in and reset attempts, for the per-account and per-address limits. */
export const authAttempts = pgTable(
  'auth_attempts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    /** Lower-cased email for account limits; the client address for address limits. */
    subject: text('subject').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: now('at'),
  },
  (t) => [index('auth_attempts_lookup').on(t.kind, t.subject, t.at)],
);

