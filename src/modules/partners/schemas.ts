import { z } from '@hono/zod-openapi';
import { locales } from '../../i18n/locales.ts';
import { agreementStatuses, agreementTypes, competencyLevels, partnerTypes } from './schema.ts';

export const PartnerIdSchema = z.string().regex(/^P-[0-9]{1,12}$/).openapi({ example: 'P-1000042' });
export const LocationIdSchema = z.string().regex(/^L-[0-9]{1,12}$/).openapi({ example: 'L-2000317' });
/** A real calendar date, `YYYY-MM-DD`. */
export const DateSchema = z.iso.date().openapi({ example: '2026-01-01' });
/** Checked against ISO 3166 by the use case, so the rule is named `country`. */
export const CountrySchema = z.string().max(2).openapi({ example: 'KR' });
const TextSchema = z.string().trim().min(1).max(200);

export const PartnerIdParam = z.object({ partnerId: PartnerIdSchema.openapi({ param: { name: 'partnerId', in: 'path' } }) });
export const LocationParams = PartnerIdParam.extend({ locationId: LocationIdSchema.openapi({ param: { name: 'locationId', in: 'path' } }) });
export const RowParams = PartnerIdParam.extend({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export const PartnerSummary = z
  .object({ partnerId: z.string(), legalName: z.string(), country: z.string(), language: z.string(), locationCount: z.number().int() })
  .openapi('PartnerSummary');

export const Location = z
  .object({ locationId: z.string(), name: z.string(), country: z.string(), address: z.string(), partnerType: z.enum(partnerTypes), archived: z.boolean() })
  .openapi('Location');

export const Agreement = z
  .object({
    id: z.uuid(),
    locationId: z.string().nullable().openapi({ description: "The location's public id; null for the whole organization" }),
    type: z.enum(agreementTypes),
    status: z.enum(agreementStatuses),
    validFrom: z.string(),
    validTo: z.string().nullable(),
  })
  .openapi('Agreement');

export const Competency = z
  .object({ id: z.uuid(), name: z.string(), level: z.enum(competencyLevels), validFrom: z.string(), validTo: z.string().nullable() })
  .openapi('Competency');

export const PartnerDetail = z
  .object({
    partnerId: z.string(),
    legalName: z.string(),
    country: z.string(),
    language: z.string(),
    locations: z.array(Location),
    agreements: z.array(Agreement),
    competencies: z.array(Competency),
  })
  .openapi('PartnerDetail');

export const NewPartnerBody = z.strictObject({
  partnerId: PartnerIdSchema.optional().openapi({ description: 'Omitted: the next free number is assigned' }),
  legalName: TextSchema,
  country: CountrySchema,
  language: z.enum(locales),
  adminEmail: z.string().trim().max(254).pipe(z.email()).optional().openapi({ description: 'Invited as the first Global admin' }),
  adminName: TextSchema.optional(),
});

export const PartnerChangesBody = z.strictObject({ legalName: TextSchema.optional(), country: CountrySchema.optional(), language: z.enum(locales).optional() });

export const NewLocationBody = z.strictObject({
  name: TextSchema,
  country: CountrySchema,
  address: z.string().trim().max(500).default(''),
  partnerType: z.enum(partnerTypes),
});

export const LocationChangesBody = z.strictObject({
  name: TextSchema.optional(),
  country: CountrySchema.optional(),
  address: z.string().trim().max(500).optional(),
  partnerType: z.enum(partnerTypes).optional(),
});

export const NewAgreementBody = z.strictObject({
  type: z.enum(agreementTypes),
  status: z.enum(agreementStatuses).default('active'),
  locationId: LocationIdSchema.nullable().default(null).openapi({ description: 'Null or omitted: the whole organization' }),
  validFrom: DateSchema,
  validTo: DateSchema.nullable().default(null),
});

export const AgreementChangesBody = z.strictObject({
  status: z.enum(agreementStatuses).optional(),
  validFrom: DateSchema.optional(),
  validTo: DateSchema.nullable().optional().openapi({ description: 'Null: no end' }),
});

export const NewCompetencyBody = z.strictObject({
  name: TextSchema,
  level: z.enum(competencyLevels),
  validFrom: DateSchema,
  validTo: DateSchema.nullable().default(null),
});

export const CompetencyChangesBody = z.strictObject({
  name: TextSchema.optional(),
  level: z.enum(competencyLevels).optional(),
  validFrom: DateSchema.optional(),
  validTo: DateSchema.nullable().optional().openapi({ description: 'Null: no end' }),
});

export const ExpireBody = z.strictObject({ date: DateSchema.optional().openapi({ description: 'The last valid day; omitted: today' }) });
