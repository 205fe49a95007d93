import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
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

export const agreementTypes = ['partner_network', 'cloud_distributor', 'reseller'] as const;
export const agreementStatuses = ['active', 'expired', 'terminated'] as const;
export const agreementType = pgEnum('agreement_type', agreementTypes);
export const agreementStatus = pgEnum('agreement_status', agreementStatuses);
export const competencyLevels = ['silver', 'gold'] as const;
export const competencyLevel = pgEnum('competency_level', competencyLevels);

/**
 * An agreement of the organization (location null) or of one location. Identified for imports
 * by (organization, location, type, valid_from).
 */
export const agreements = pgTable(
  'agreements',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    locationId: uuid('location_id'),
    type: agreementType('type').notNull(),
    status: agreementStatus('status').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }),
    foreignKey({ columns: [t.organizationId, t.locationId], foreignColumns: [locations.organizationId, locations.id] }),
    uniqueIndex('agreements_natural_key').on(
      t.organizationId,
      sql`coalesce(${t.locationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.type,
      t.validFrom,
    ),
    check('agreements_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);

/** A competency the organization holds. Identified for imports by (organization, name, valid_from). */
export const competencies = pgTable(
  'competencies',
  {
    organizationId: uuid('organization_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    level: competencyLevel('level').notNull(),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    foreignKey({ columns: [t.organizationId], foreignColumns: [organizations.id] }),
    uniqueIndex('competencies_natural_key').on(t.organizationId, t.name, t.validFrom),
    check('competencies_dates', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
  ],
);
