import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { checkReadiness } from './status.ts';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      database: z.enum(['ok', 'unreachable', 'migrations_pending']),
    }),
  })
  .openapi('Readiness');

const SystemStatusSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    version: z.string(),
    database: z.object({
      kind: z.enum(['pglite', 'postgres']),
      reachable: z.boolean(),
      latencyMs: z.number().nullable(),
    }),
    migrations: z
      .object({ applied: z.number().int(), known: z.number().int(), latest: z.string().nullable() })
      .nullable(),
    checkedAt: z.iso.datetime(),
  })
  .openapi('SystemStatus');

const healthRoute = defineRoute({
  method: 'get',
  path: '/healthz',
  tags: ['System'],
  summary: 'Liveness: the process answers',
  access: 'public',
  responses: {
    200: { description: 'The process is alive', content: { 'application/json': { schema: HealthSchema } } },
  },
});

const readyRoute = defineRoute({
  method: 'get',
  path: '/readyz',
  tags: ['System'],
  summary: 'Readiness: the database answers and is migrated',
  access: 'public',
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: ReadinessSchema } } },
    503: { description: 'Not ready', content: { 'application/json': { schema: ReadinessSchema } } },
  },
});

const statusRoute = defineRoute({
  method: 'get',
  path: '/api/v1/system/status',
  tags: ['System'],
  summary: 'Version, database and migration state of this server',
  access: 'public',
  responses: {
    200: { description: 'Current status', content: { 'application/json': { schema: SystemStatusSchema } } },
  },
});

export function systemRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(healthRoute, (c) => c.json(HealthSchema.parse({ status: 'ok' }), 200));

  app.openapi(readyRoute, async (c) => {
    const readiness = await checkReadiness(c.get('ctx').db);
    const body = ReadinessSchema.parse({
      status: readiness.ready ? 'ready' : 'not_ready',
      checks: {
        database: !readiness.database.reachable
          ? 'unreachable'
          : readiness.ready
            ? 'ok'
            : 'migrations_pending',
      },
    });
    c.header('Cache-Control', 'no-store');
    return readiness.ready ? c.json(body, 200) : c.json(body, 503);
  });

  app.openapi(statusRoute, async (c) => {
    const { db, version } = c.get('ctx');
    const readiness = await checkReadiness(db);
    c.header('Cache-Control', 'no-store');
    return c.json(
      SystemStatusSchema.parse({
        status: readiness.ready ? 'ready' : 'not_ready',
        version,
        database: { kind: db.kind, ...readiness.database },
        migrations: readiness.migrations,
        checkedAt: new Date().toISOString(),
      }),
      200,
    );
  });

  return app;
}
