import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { earningTypes } from '../programs/schema.ts';
import { maxCommentLength, recordManualAdjustment } from './adjustments.ts';
import { manualAdjustmentReasons } from './schema.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());

const ManualAdjustment = z
  .object({
    id: z.string().uuid(),
    locationId: z.string(),
    programCode: z.string(),
    programVersion: z.number().int(),
    leverCode: z.string(),
    earningType: z.enum(earningTypes),
    billedMonth: z.string(),
    currency: z.string(),
    amount: z.string().openapi({ description: 'Exact decimal, as recorded' }),
    reason: z.enum(manualAdjustmentReasons as unknown as [string, ...string[]]),
    comment: z.string(),
    createdBy: z.string(),
    createdAt: iso,
  })
  .openapi('ManualAdjustment');

// Strings only here: the use case checks each field's rule, so that every bad field is named at once.
const text = (max: number, description: string, example: string) => z.string().max(max).openapi({ description, example });

const record = defineRoute({
  method: 'post',
  path: '/api/v1/earnings/adjustments',
  tags: ['Earnings'],
  summary: "Record an operator's adjustment earning for a location, program lever and billed month, with a reason and a comment",
  access: 'finance.manage',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            locationId: text(20, 'Public location id', 'L-2000317'),
            programCode: text(40, 'Program code', 'CSP-DIRECT'),
            leverCode: text(40, 'A lever of the program', 'CORE'),
            billedMonth: text(20, 'The billed month it is for, YYYY-MM', '2026-09'),
            currency: text(10, 'ISO 4217 code', 'USD'),
            amount: text(40, 'Exact decimal, at most 10 digits after the point, not 0; negative takes earnings away', '-12.50'),
            reason: z.string().max(60).openapi({ enum: [...manualAdjustmentReasons], description: 'The reason code' }),
            comment: z.string().openapi({ maxLength: maxCommentLength, description: 'Why; required' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: ManualAdjustment } } },
    400: { description: 'Each bad field named with its rule; nothing was recorded' },
  },
});

export function adjustmentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(record, async (c) => c.json(ManualAdjustment.parse(await recordManualAdjustment(c.get('ctx'), c.get('actor')!, c.req.valid('json'))), 201));
  return app;
}
