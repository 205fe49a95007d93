import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { checkRange, requestCalculation } from './calculate.ts';
import { getCalculation, listCalculations } from './calculations.ts';
import { calculationStatuses } from './schema.ts';

const tags = ['Earnings'];
const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** `2026-09-01` as the month it stands for. */
const month = z
  .string()
  .nullable()
  .transform((d) => (d ? d.slice(0, 7) : null))
  .pipe(z.string().nullable());

const Calculation = z
  .object({
    id: z.string().uuid(),
    status: z.enum(calculationStatuses),
    from: month.openapi({ description: 'First billed month calculated (YYYY-MM); null: no bound' }),
    to: month.openapi({ description: 'Last billed month calculated (YYYY-MM); null: no bound' }),
    calculated: z.number().int().openapi({ description: 'Earnings recorded for keys that had none' }),
    adjusted: z.number().int().openapi({ description: 'Adjustments recorded (reason Recalculation)' }),
    error: z.string().nullable(),
    actorLabel: z.string(),
    createdAt: iso,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
  })
  .openapi('Calculation');

const toResponse = (row: Awaited<ReturnType<typeof getCalculation>>) => Calculation.parse({ ...row, from: row.fromMonth, to: row.toMonth });

const request = defineRoute({
  method: 'post',
  path: '/api/v1/calculations',
  tags,
  summary: 'Queue a calculation of the earnings owed, over every billed month or a range (earnings.md §2–3)',
  access: 'finance.manage',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.strictObject({
            from: z.string().max(20).optional().openapi({ description: 'First billed month, YYYY-MM', example: '2026-09' }),
            to: z.string().max(20).optional().openapi({ description: 'Last billed month, YYYY-MM', example: '2026-09' }),
          }),
        },
      },
    },
  },
  responses: {
    202: json(z.object({ id: z.string().uuid(), status: z.literal('queued'), statusUrl: z.string() }).openapi('CalculationAccepted'), 'Queued'),
  },
});

const list = defineRoute({
  method: 'get',
  path: '/api/v1/calculations',
  tags,
  summary: 'Calculations, most recent first, with their status and counts',
  access: 'partners.read',
  request: {
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: { 200: json(z.object({ calculations: z.array(Calculation), total: z.number().int() }), 'A page') },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/calculations/{id}',
  tags,
  summary: 'One calculation: its status and what it recorded',
  access: 'partners.read',
  request: { params: z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: json(Calculation, 'The calculation') },
});

export function calculationRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(request, async (c) => {
    const range = c.req.valid('json');
    // Checked here too, so that a bad month is named as the body's field.
    checkRange(range, { from: 'body.from', to: 'body.to' });
    const id = await requestCalculation(c.get('ctx'), c.get('actor')!, range);
    const statusUrl = `/api/v1/calculations/${id}`;
    c.header('Location', statusUrl);
    return c.json({ id, status: 'queued' as const, statusUrl }, 202);
  });
  app.openapi(list, async (c) => {
    const result = await listCalculations(c.get('ctx'), c.req.valid('query'));
    return c.json({ calculations: result.calculations.map(toResponse), total: result.total }, 200);
  });
  app.openapi(detail, async (c) => c.json(toResponse(await getCalculation(c.get('ctx'), c.req.valid('param').id)), 200));
  return app;
}
