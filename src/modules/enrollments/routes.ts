import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { runEligibility } from '../eligibility/evaluate.ts';
import { requirementCodes } from '../eligibility/rule.ts';
import { partnerTypes } from '../partners/schema.ts';
import { programStatuses } from '../programs/schema.ts';
import { acceptInvitation, getIncentive, listIncentives } from './incentives.ts';
import { getEnrollment, listEnrollments, rejectEnrollment, validateEnrollment } from './operator.ts';
import { enrollmentStatuses } from './schema.ts';
import { enrollmentEvents } from './state-machine.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const Names = z.object({ en: z.string(), 'zh-TW': z.string(), 'ko-KR': z.string() });
const displayStatuses = [...enrollmentStatuses, 'enrolling', 'not_eligible'] as const;

const Requirement = z
  .object({
    code: z.enum(requirementCodes),
    met: z.boolean(),
    expected: z.union([z.string(), z.number(), z.array(z.string())]).optional(),
    actual: z.union([z.string(), z.number()]).nullable().optional(),
    level: z.string().optional(),
  })
  .openapi('EligibilityRequirement');

const ProgramRef = z.object({ code: z.string(), name: Names, status: z.enum(programStatuses) });
const LocationRef = z.object({ locationId: z.string(), name: z.string(), country: z.string(), partnerType: z.enum(partnerTypes) });

const IncentiveSummary = z
  .object({
    location: LocationRef.extend({ archived: z.boolean() }),
    program: ProgramRef,
    status: z.enum(displayStatuses).openapi({ description: 'Users who cannot act on the pair see Action required and Validating as `enrolling`' }),
    eligible: z.boolean(),
    canAccept: z.boolean(),
    earningsStart: z.string().nullable(),
    earningsEnd: z.string().nullable(),
    statusChangedAt: iso.nullable(),
  })
  .openapi('IncentiveSummary');

const IncentiveDetail = IncentiveSummary.extend({
  access: z.enum(['manage', 'read']),
  requirements: z.array(Requirement),
  evaluatedOn: z.string().nullable(),
  statusReason: z.string().nullable(),
  nextSteps: z.array(
    z.object({
      step: z.enum(['tax_profile', 'payment_profile']),
      done: z.boolean(),
      status: z.string().openapi({ description: 'The profile status, `missing`, or (payment) `archived`' }),
    }),
  ),
  history: z.array(
    z.object({
      at: iso,
      from: z.enum(displayStatuses).nullable(),
      to: z.enum(displayStatuses),
      event: z.enum(enrollmentEvents),
      reason: z.string(),
      by: z.string().nullable().openapi({ description: "A user of the organization; null for the vendor's staff and the system" }),
    }),
  ),
}).openapi('IncentiveDetail');

const EnrollmentSummary = z
  .object({
    id: z.string().uuid(),
    status: z.enum(enrollmentStatuses),
    statusReason: z.string(),
    statusChangedAt: iso,
    earningsStart: z.string().nullable(),
    earningsEnd: z.string().nullable(),
    partner: z.object({ partnerId: z.string(), legalName: z.string() }),
    location: LocationRef,
    program: ProgramRef,
  })
  .openapi('EnrollmentSummary');

const EnrollmentDetail = EnrollmentSummary.extend({
  profiles: z.object({
    tax: z.string().openapi({ description: "The location's tax profile status, or `missing`" }),
    payment: z.string().openapi({ description: 'The assigned payment profile status, `archived` or `missing`' }),
    reviewed: z.boolean().openapi({ description: 'Both checked by the vendor (tax Valid or Expiring soon, payment Approved): the enrollment may be validated' }),
  }),
  eligible: z.boolean(),
  requirements: z.array(Requirement),
  evaluatedOn: z.string().nullable(),
  history: z.array(
    z.object({ at: iso, from: z.enum(enrollmentStatuses).nullable(), to: z.enum(enrollmentStatuses), event: z.enum(enrollmentEvents), reason: z.string(), by: z.string() }),
  ),
}).openapi('EnrollmentDetail');

/** A (location, program) in a path, by their public ids. */
export const PairParams = z.object({
  locationId: z.string().regex(/^L-[0-9]{1,12}$/).openapi({ param: { name: 'locationId', in: 'path' }, example: 'L-2000317' }),
  programCode: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/).openapi({ param: { name: 'programCode', in: 'path' }, example: 'CSP-DIRECT' }),
});
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const incentives = defineRoute({
  method: 'get',
  path: '/api/v1/incentives',
  tags: ['Incentives'],
  summary: "The organization's incentives per location and program, within the caller's scope",
  access: 'incentives.read',
  responses: { 200: json(z.object({ incentives: z.array(IncentiveSummary) }), 'Incentives') },
});

const incentive = defineRoute({
  method: 'get',
  path: '/api/v1/incentives/{locationId}/{programCode}',
  tags: ['Incentives'],
  summary: 'One location and program: status, each eligibility requirement met or not, and the history',
  access: 'incentives.read',
  request: { params: PairParams },
  responses: { 200: json(IncentiveDetail, 'The incentive') },
});

const accept = defineRoute({
  method: 'post',
  path: '/api/v1/incentives/{locationId}/{programCode}/accept',
  tags: ['Incentives'],
  summary: 'Accept the invitation (Incentive admins of the pair): the enrollment moves to Action required',
  access: 'incentives.manage',
  request: { params: PairParams },
  responses: { 200: json(IncentiveDetail, 'Accepted'), 409: { description: 'The enrollment is not Invited' } },
});

const list = defineRoute({
  method: 'get',
  path: '/api/v1/enrollments',
  tags: ['Enrollments'],
  summary: 'Enrollments of every partner, filtered by status, program and location country',
  access: 'partners.read',
  request: {
    query: z.strictObject({
      status: z.enum(enrollmentStatuses).optional(),
      program: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/).optional(),
      country: z.string().regex(/^[A-Z]{2}$/).optional(),
      q: z.string().trim().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: { 200: json(z.object({ enrollments: z.array(EnrollmentSummary), total: z.number().int() }), 'A page') },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/enrollments/{id}',
  tags: ['Enrollments'],
  summary: 'One enrollment with its eligibility requirements and every transition',
  access: 'partners.read',
  request: { params: IdParam },
  responses: { 200: json(EnrollmentDetail, 'The enrollment') },
});

const validate = defineRoute({
  method: 'post',
  path: '/api/v1/enrollments/{id}/validate',
  tags: ['Enrollments'],
  summary: "Validate an enrollment: Validating → Enrolled (mail to the partner's admins)",
  access: 'enrollments.validate',
  request: { params: IdParam, body: { required: false, content: { 'application/json': { schema: z.strictObject({ note: z.string().trim().max(500).optional() }) } } } },
  responses: { 200: json(EnrollmentDetail, 'Enrolled'), 409: { description: 'The enrollment is not Validating' } },
});

const reject = defineRoute({
  method: 'post',
  path: '/api/v1/enrollments/{id}/reject',
  tags: ['Enrollments'],
  summary: "Send an enrollment back with a reason: Validating → Action required (mail to the partner's admins)",
  access: 'enrollments.validate',
  request: {
    params: IdParam,
    body: { required: true, content: { 'application/json': { schema: z.strictObject({ reason: z.string().trim().min(3).max(500) }) } } },
  },
  responses: { 200: json(EnrollmentDetail, 'Sent back'), 409: { description: 'The enrollment is not Validating' } },
});

const run = defineRoute({
  method: 'post',
  path: '/api/v1/eligibility/run',
  tags: ['Enrollments'],
  summary: 'Evaluate eligibility now (as the daily run does): invitations and lost eligibility follow',
  access: 'programs.manage',
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.strictObject({
            date: z
              .string()
              .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
              .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), { message: 'is not a real date' })
              .optional(),
          }),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({ date: z.string(), evaluated: z.number().int(), eligible: z.number().int(), changed: z.number().int(), invited: z.number().int(), lost: z.number().int(), programEnded: z.number().int() }),
      'The run',
    ),
  },
});

export function enrollmentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(incentives, async (c) => c.json({ incentives: (await listIncentives(c.get('ctx'), c.get('actor')!)).map((i) => IncentiveSummary.parse(i)) }, 200));
  app.openapi(incentive, async (c) => {
    const { locationId, programCode } = c.req.valid('param');
    return c.json(IncentiveDetail.parse(await getIncentive(c.get('ctx'), c.get('actor')!, locationId, programCode)), 200);
  });
  app.openapi(accept, async (c) => {
    const { locationId, programCode } = c.req.valid('param');
    return c.json(IncentiveDetail.parse(await acceptInvitation(c.get('ctx'), c.get('actor')!, locationId, programCode)), 200);
  });
  app.openapi(list, async (c) => {
    const result = await listEnrollments(c.get('ctx'), c.req.valid('query'));
    return c.json({ enrollments: result.enrollments.map((e) => EnrollmentSummary.parse(e)), total: result.total }, 200);
  });
  app.openapi(detail, async (c) => c.json(EnrollmentDetail.parse(await getEnrollment(c.get('ctx'), c.req.valid('param').id)), 200));
  app.openapi(validate, async (c) => {
    const body = c.req.valid('json') ?? {};
    return c.json(EnrollmentDetail.parse(await validateEnrollment(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, body.note)), 200);
  });
  app.openapi(reject, async (c) =>
    c.json(EnrollmentDetail.parse(await rejectEnrollment(c.get('ctx'), c.get('actor')!, c.req.valid('param').id, c.req.valid('json').reason)), 200),
  );
  app.openapi(run, async (c) => {
    const body = (c.req.valid('json') ?? {}) as { date?: string };
    const result = await runEligibility(c.get('ctx'), c.get('actor')!, { ...(body.date ? { date: body.date } : {}), reason: 'run by an operator' });
    return c.json(result, 200);
  });
  return app;
}
