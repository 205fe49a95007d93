import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { auditActions, auditAreas, searchAudit } from './audit.ts';

const AuditEventSchema = z
  .object({
    id: z.coerce.string(),
    occurredAt: z.date().transform((d) => d.toISOString()).pipe(z.string()),
    organizationId: z.string().nullable(),
    actorUserId: z.string().nullable(),
    actorLabel: z.string(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .openapi('AuditEvent');

const filters = {
  action: z.enum([...auditActions, ...auditAreas.map((a) => `${a}.` as const)]).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  targetId: z.string().trim().min(1).max(200).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

const Page = z.object({ events: z.array(AuditEventSchema), nextCursor: z.string().nullable() }).openapi('AuditPage');

const operatorSearch = defineRoute({
  method: 'get',
  path: '/api/v1/audit',
  tags: ['Audit log'],
  summary: 'Search the whole audit log, newest first',
  access: 'audit.read',
  request: { query: z.strictObject({ ...filters, organizationId: z.uuid().optional() }) },
  responses: { 200: { description: 'A page of events', content: { 'application/json': { schema: Page } } } },
});

const organizationSearch = defineRoute({
  method: 'get',
  path: '/api/v1/organization/audit',
  tags: ['Audit log'],
  summary: "Your organization's part of the audit log, newest first",
  access: 'audit.read_own_organization',
  request: { query: z.strictObject(filters) },
  responses: { 200: { description: 'A page of events', content: { 'application/json': { schema: Page } } } },
});

type Query = z.infer<z.ZodObject<typeof filters>> & { organizationId?: string };

async function search(c: Context<AppEnv>, query: Query) {
  const result = await searchAudit(c.get('ctx').db.orm, c.get('actor')!, {
    ...(query.organizationId ? { organizationId: query.organizationId } : {}),
    ...(query.action ? { action: query.action } : {}),
    ...(query.actor ? { actorLabel: query.actor } : {}),
    ...(query.targetId ? { targetId: query.targetId } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
    limit: query.limit,
  });
  return Page.parse(result);
}

export function auditRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(operatorSearch, async (c) => c.json(await search(c, c.req.valid('query')), 200));
  app.openapi(organizationSearch, async (c) => c.json(await search(c, c.req.valid('query')), 200));
  return app;
}
