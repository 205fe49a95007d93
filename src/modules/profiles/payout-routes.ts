import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { PairParams } from '../enrollments/routes.ts';
import { getPayout, setHold, setPayout } from './assignments.ts';
import { paymentProfileStatuses } from './schema.ts';

const ProfileOption = z.object({
  id: z.string().uuid(),
  name: z.string(),
  account: z.string().openapi({ description: 'Masked: the last 4 characters only', example: '•••• 7034' }),
  bankCountry: z.string(),
  acceptedCurrencies: z.array(z.string()),
  status: z.enum(paymentProfileStatuses),
  archived: z.boolean(),
});

const Payout = z
  .object({
    access: z.enum(['manage', 'read']),
    paymentProfile: ProfileOption.nullable(),
    payoutCurrency: z.string().nullable(),
    hold: z.boolean().openapi({ description: '"Hold my payment" as last set' }),
    holdEffectiveFrom: z.string().nullable().openapi({ description: 'The first month (YYYY-MM-01) whose payment run follows `hold`' }),
    heldThisMonth: z.boolean().openapi({ description: "Whether this month's payment run holds the pair" }),
    options: z.array(ProfileOption).openapi({ description: 'Profiles an Incentive admin can assign (empty for readers)' }),
  })
  .openapi('Payout');

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const get = defineRoute({
  method: 'get',
  path: '/api/v1/incentives/{locationId}/{programCode}/payout',
  tags: ['Incentives'],
  summary: 'How a location and program is paid: payment profile (masked), payout currency, "hold my payment"',
  access: 'incentives.read',
  request: { params: PairParams },
  responses: { 200: json(Payout, 'The payout'), 409: { description: 'The invitation is not accepted yet' } },
});

const assign = defineRoute({
  method: 'put',
  path: '/api/v1/incentives/{locationId}/{programCode}/payout',
  tags: ['Incentives'],
  summary: 'Assign a payment profile and a payout currency it accepts (Incentive admins of the pair)',
  access: 'incentives.manage',
  request: {
    params: PairParams,
    body: body(z.strictObject({ paymentProfileId: z.string().uuid(), payoutCurrency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code' }) })),
  },
  responses: { 200: json(Payout, 'Assigned'), 409: { description: 'The invitation is not accepted yet' } },
});

const hold = defineRoute({
  method: 'put',
  path: '/api/v1/incentives/{locationId}/{programCode}/hold',
  tags: ['Incentives'],
  summary: 'Set or clear "hold my payment": it applies to payment runs from next month on',
  access: 'incentives.manage',
  request: { params: PairParams, body: body(z.strictObject({ hold: z.boolean() })) },
  responses: { 200: json(Payout, 'Changed'), 409: { description: 'The invitation is not accepted yet' } },
});

export function payoutRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(get, async (c) => {
    const { locationId, programCode } = c.req.valid('param');
    return c.json(Payout.parse(await getPayout(c.get('ctx'), c.get('actor')!, locationId, programCode)), 200);
  });
  app.openapi(assign, async (c) => {
    const { locationId, programCode } = c.req.valid('param');
    return c.json(Payout.parse(await setPayout(c.get('ctx'), c.get('actor')!, locationId, programCode, c.req.valid('json'))), 200);
  });
  app.openapi(hold, async (c) => {
    const { locationId, programCode } = c.req.valid('param');
    return c.json(Payout.parse(await setHold(c.get('ctx'), c.get('actor')!, locationId, programCode, c.req.valid('json').hold)), 200);
  });
  return app;
}
