import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { getPartner, listPartners } from './directory.ts';
import { importPartners } from './import-partners.ts';
import { PartnerDetail, PartnerIdParam, PartnerSummary } from './schemas.ts';

const tags = ['Partners'];
const ImportCounts = z.object({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }).openapi('ImportCounts');

const list = defineRoute({
  method: 'get',
  path: '/api/v1/partners',
  tags,
  summary: 'Partner organizations, searchable by name, partner id or location id',
  access: 'partners.read',
  request: {
    query: z.strictObject({
      q: z.string().trim().max(200).optional(),
      country: z.string().regex(/^[A-Z]{2}$/).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: { 200: { description: 'A page', content: { 'application/json': { schema: z.object({ partners: z.array(PartnerSummary), total: z.number().int() }) } } } },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/partners/{partnerId}',
  tags,
  summary: 'One partner organization with its locations, agreements and competencies',
  access: 'partners.read',
  request: { params: PartnerIdParam },
  responses: { 200: { description: 'The partner', content: { 'application/json': { schema: PartnerDetail } } } },
});

const upload = defineRoute({
  method: 'post',
  path: '/api/v1/partners/import',
  tags,
  summary: 'Import partners.csv (and agreements.csv, competencies.csv): all or nothing; refused rows are listed',
  access: 'partners.manage',
  request: {
    body: {
      required: true,
      content: { 'multipart/form-data': { schema: z.object({ files: z.any().openapi({ type: 'array', items: { type: 'string', format: 'binary' } }) }) } },
    },
  },
  responses: {
    200: { description: 'Imported', content: { 'application/json': { schema: ImportCounts } } },
    400: { description: 'Refused: `rows` names each refused row, column and rule; nothing was changed' },
  },
});

export function partnerRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => {
    const result = await listPartners(c.get('ctx'), c.req.valid('query'));
    return c.json({ partners: result.partners.map((p) => PartnerSummary.parse(p)), total: result.total }, 200);
  });
  app.openapi(detail, async (c) => c.json(PartnerDetail.parse(await getPartner(c.get('ctx'), c.req.valid('param').partnerId)), 200));
  app.openapi(upload, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const files = [body.files ?? []].flat().filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
    if (files.length === 0) {
      throw AppError.validation([{ field: 'body.files', rule: 'required', message: 'needs at least one CSV file' }]);
    }
    const contents = await Promise.all(files.map(async (f) => ({ name: f.name, content: new Uint8Array(await f.arrayBuffer()) })));
    return c.json(ImportCounts.parse(await importPartners(c.get('ctx'), c.get('actor')!, contents)), 200);
  });
  return app;
}
