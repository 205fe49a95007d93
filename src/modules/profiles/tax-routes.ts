import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { taxForms, taxProfileStatuses } from './schema.ts';
import { getTaxProfile, getTaxProfileForEdit, listTaxProfiles, submitTaxProfile } from './tax-profiles.ts';
import { approveTaxProfile, getTaxReview, listTaxReviews, revealTaxId, sendBackTaxProfile } from './tax-reviews.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), {
    message: 'is not a real date',
    params: { rule: 'real_date' },
  });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const TaxProfile = z
  .object({
    id: z.string().uuid(),
    form: z.enum(taxForms),
    legalName: z.string(),
    address: z.string(),
    country: z.string(),
    taxId: z.string().regex(/^•••• [0-9A-Z]{0,4}$/).openapi({ description: 'Masked: the last four characters only', example: '•••• 4567' }),
    treaty: z.object({ country: z.string(), rate: z.string(), accepted: z.boolean().nullable() }).nullable(),
    signedOn: z.string(),
    expiresOn: z.string().nullable(),
    expiresInDays: z.number().int().nullable(),
    status: z.enum(taxProfileStatuses),
    statusReason: z.string().nullable(),
    withholdingRate: z.string().openapi({ description: 'Percent, an exact decimal string', example: '30' }),
    version: z.number().int(),
    submittedAt: iso,
    reviewedAt: iso.nullable(),
  })
  .openapi('TaxProfile');

const LocationRef = z.object({ locationId: z.string(), name: z.string(), country: z.string() });

const LocationTaxProfile = z
  .object({
    location: LocationRef,
    requiredForm: z.enum(taxForms),
    access: z.enum(['manage', 'read']),
    profile: TaxProfile.nullable(),
  })
  .openapi('LocationTaxProfile');

const TaxProfileForEdit = LocationTaxProfile.extend({
  taxId: z.string().openapi({ description: 'The tax id in full (audited)' }),
}).openapi('TaxProfileForEdit');

const TaxReview = TaxProfile.extend({
  partner: z.object({ partnerId: z.string(), legalName: z.string() }),
  location: LocationRef,
}).openapi('TaxReview');

const TaxFormBody = z
  .strictObject({
    form: z.enum(taxForms),
    legalName: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(500),
    country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 two-letter country code, such as US' }),
    taxId: z.string().trim().min(1).max(60),
    treaty: z
      .strictObject({
        country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 two-letter country code, such as US' }),
        rate: z.string().max(10).openapi({ description: 'The reduced withholding rate in percent, as a decimal string (0 ≤ rate < 30)', example: '10' }),
      })
      .nullable()
      .optional(),
    signedOn: day,
    expectedVersion: z.number().int().min(1).optional().openapi({ description: 'Required when the location already has a form: the version it was edited from' }),
  })
  .openapi('TaxFormInput');

const LocationParam = z.object({
  locationId: z.string().regex(/^L-[0-9]{1,12}$/).openapi({ param: { name: 'locationId', in: 'path' }, example: 'L-2000317' }),
});
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const list = defineRoute({
  method: 'get',
  path: '/api/v1/tax-profiles',
  tags: ['Tax profiles'],
  summary: "The tax form of each of the organization's locations in the caller's scope (tax ids masked)",
  access: 'incentives.read',
  responses: { 200: json(z.object({ locations: z.array(LocationTaxProfile) }), 'Locations with their tax forms') },
});

const one = defineRoute({
  method: 'get',
  path: '/api/v1/tax-profiles/{locationId}',
  tags: ['Tax profiles'],
  summary: "One location's tax form (tax id masked); null when none was submitted yet",
  access: 'incentives.read',
  request: { params: LocationParam },
  responses: { 200: json(LocationTaxProfile, 'The location and its form') },
});

const edit = defineRoute({
  method: 'get',
  path: '/api/v1/tax-profiles/{locationId}/edit',
  tags: ['Tax profiles'],
  summary: 'The form with its tax id in full, for editing it (Incentive admins of the location; every read is audited)',
  access: 'incentives.manage',
  request: { params: LocationParam },
  responses: { 200: json(TaxProfileForEdit, 'The form, unmasked') },
});

const submit = defineRoute({
  method: 'put',
  path: '/api/v1/tax-profiles/{locationId}',
  tags: ['Tax profiles'],
  summary: "Submit or replace a location's tax form (W-9 in the US, W-8BEN-E elsewhere): it waits for validation again",
  access: 'incentives.manage',
  request: { params: LocationParam, body: { required: true, content: { 'application/json': { schema: TaxFormBody } } } },
  responses: { 200: json(LocationTaxProfile, 'Submitted'), 409: { description: 'The form was changed meanwhile (expectedVersion is stale)' } },
});

const reviews = defineRoute({
  method: 'get',
  path: '/api/v1/tax-reviews',
  tags: ['Tax profiles'],
  summary: "Partners' tax forms for validation: by status (Pending validation unless told), country, partner or location",
  access: 'partners.read',
  request: {
    query: z.strictObject({
      status: z.enum([...taxProfileStatuses, 'any']).default('pending_validation'),
      country: z.string().regex(/^[A-Z]{2}$/).optional(),
      q: z.string().trim().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: { 200: json(z.object({ taxProfiles: z.array(TaxReview), total: z.number().int() }), 'A page') },
});

const review = defineRoute({
  method: 'get',
  path: '/api/v1/tax-reviews/{id}',
  tags: ['Tax profiles'],
  summary: 'One tax form with its partner and location (tax id masked)',
  access: 'partners.read',
  request: { params: IdParam },
  responses: { 200: json(TaxReview, 'The form') },
});

const reveal = defineRoute({
  method: 'get',
  path: '/api/v1/tax-reviews/{id}/tax-id',
  tags: ['Tax profiles'],
  summary: 'The tax id in full, to check it against the signed form (every read is audited)',
  access: 'profiles.validate',
  request: { params: IdParam },
  responses: { 200: json(z.object({ taxId: z.string() }), 'The tax id') },
});

const approve = defineRoute({
  method: 'post',
  path: '/api/v1/tax-reviews/{id}/approve',
  tags: ['Tax profiles'],
  summary: 'Approve a form waiting for validation: Valid (Expiring soon within 90 days of expiry); accept or refuse its treaty claim',
  access: 'profiles.validate',
  request: {
    params: IdParam,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.strictObject({
            acceptTreaty: z.boolean().optional().openapi({ description: 'Required when the form claims a treaty rate' }),
            expectedVersion: z.number().int().min(1).optional(),
          }),
        },
      },
    },
  },
  responses: { 200: json(TaxReview, 'Approved'), 409: { description: 'The form is not waiting for validation, or was changed meanwhile' } },
});

const sendBack = defineRoute({
  method: 'post',
  path: '/api/v1/tax-reviews/{id}/send-back',
  tags: ['Tax profiles'],
  summary: "Send a form back with a reason: Action required, mailed to the location's admins; its enrollments need action",
  access: 'profiles.validate',
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(3).max(500) }) } } },
  },
  responses: { 200: json(TaxReview, 'Sent back'), 409: { description: 'The form cannot be sent back in its status' } },
});

export function taxProfileRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => c.json({ locations: (await listTaxProfiles(c.get('ctx'), c.get('actor')!)).map((l) => LocationTaxProfile.parse(l)) }, 200));
  app.openapi(one, async (c) => c.json(LocationTaxProfile.parse(await getTaxProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').locationId)), 200));
  app.openapi(edit, async (c) => c.json(TaxProfileForEdit.parse(await getTaxProfileForEdit(c.get('ctx'), c.get('actor')!, c.req.valid('param').locationId)), 200));
  app.openapi(submit, async (c) => {
    const body = c.req.valid('json');
    const result = await submitTaxProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').locationId, {
      ...body,
      treaty: body.treaty ?? null,
      ...(body.expectedVersion !== undefined ? { expectedVersion: body.expectedVersion } : {}),
    });
    return c.json(LocationTaxProfile.parse(result), 200);
  });
  app.openapi(reviews, async (c) => {
    const query = c.req.valid('query');
    const result = await listTaxReviews(c.get('ctx'), {
      status: query.status,
      limit: query.limit,
      offset: query.offset,
      ...(query.country ? { country: query.country } : {}),
      ...(query.q ? { q: query.q } : {}),
    });
    return c.json({ taxProfiles: result.taxProfiles.map((r) => TaxReview.parse(r)), total: result.total }, 200);
  });
  app.openapi(review, async (c) => c.json(TaxReview.parse(await getTaxReview(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(reveal, async (c) => c.json(await revealTaxId(c.get('ctx'), c.get('actor')!, c.req.valid('param').id), 200));
  app.openapi(approve, async (c) => {
    const body = (c.req.valid('json') ?? {}) as { acceptTreaty?: boolean; expectedVersion?: number };
    return c.json(TaxReview.parse(await approveTaxProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, body)), 200);
  });
  app.openapi(sendBack, async (c) =>
    c.json(TaxReview.parse(await sendBackTaxProfile(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  return app;
}
