import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const partnerTypes = ['direct_seller', 'indirect_provider', 'indirect_reseller'] as const;
export type PartnerType = (typeof partnerTypes)[number];
export const partnerType = pgEnum('partner_type', partnerTypes);

export const languages = ['en', 'zh-TW', 'ko-KR'] as const;

/** Public ids (`P-1000042`, `L-2000317`) for records created here rather than imported. */
export const organizationNumber = pgSequence('organization_number_seq', { startWith: 1000000 });
export const locationNumber = pgSequence('location_number_seq', { startWith: 2000000 });

/** A partner organization (global account). Its own id is the tenant key of every partner row. */
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey(),
    partnerId: text('partner_id').notNull().unique(),
    legalName: text('legal_name').notNull(),
    country: text('country').notNull(),
    language: text('language').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('organizations_partner_id_format', sql`${t.partnerId} ~ '^P-[0-9]{1,12}$'`),
    check('organizations_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
    check('organizations_language', sql`${t.language} in ('en', 'zh-TW', 'ko-KR')`),
  ],
);

/** A place of business; enrollments, tax profiles, earnings and payments hang off locations. */
export const locations = pgTable(
  'locations',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    locationId: text('location_id').notNull().unique(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    address: text('address').notNull().default(''),
    partnerType: partnerType('partner_type').notNull(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }),
    check('locations_location_id_format', sql`${t.locationId} ~ '^L-[0-9]{1,12}$'`),
    check('locations_country_format', sql`${t.country} ~ '^[A-Z]{2}$'`),
  ],
);
