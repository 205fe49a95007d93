import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { getImportRun, listImportRuns } from './import-runs.ts';
import { importKinds, importStatuses, type ImportKind } from './schema.ts';
import { receiveUpload } from './uploads.ts';

const tags = ['Imports'];
const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const ImportRunSummary = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(importKinds),
    fileName: z.string(),
    status: z.enum(importStatuses).openapi({
      description: 'queued (a null `bytesTotal`: the file is still arriving) → loading (read and checked) → applying → done | refused | failed',
    }),
    bytesTotal: z.number().int().nullable(),
    bytesRead: z.number().int(),
    rowsRead: z.number().int(),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    problemCount: z.number().int().openapi({ description: 'Refused rows in all; `problems` lists the first 1,000' }),
    error: z.string().nullable().openapi({ description: 'Why the import failed, or why its last attempt did (it is tried again while queued)' }),
    actorLabel: z.string(),
    createdAt: iso,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
  })
  .openapi('ImportRunSummary');

const RowProblem = z
  .object({ file: z.string(), row: z.number().int(), column: z.string().nullable(), rule: z.string(), message: z.string() })
  .openapi('ImportRowProblem');

const ImportRunDetail = ImportRunSummary.extend({ problems: z.array(RowProblem) }).openapi('ImportRunDetail');

const Accepted = z
  .object({ id: z.string().uuid(), kind: z.enum(importKinds), status: z.literal('queued'), bytesTotal: z.number().int(), statusUrl: z.string() })
  .openapi('ImportAccepted');

/** Media types a CSV file may arrive as (browsers differ); a form post is refused with a hint. */
const fileTypes = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'];

const uploadRoute = (kind: ImportKind) =>
  defineRoute({
    method: 'post',
    path: `/api/v1/imports/${kind}`,
    tags,
    summary: `Upload ${kind}.csv and queue its import (all or nothing); follow its progress at the status URL`,
    description:
      'The body is the file itself (not a form), streamed: it may be as large as `ACCRUE_IMPORT_MAX_MB`. ' +
      'The answer comes once the file is stored; the import runs as a background job.',
    access: 'finance.manage',
    request: {
      query: z.strictObject({
        fileName: z
          .string()
          .trim()
          .min(1)
          .max(300)
          .optional()
          .openapi({ description: `The file's name, as the list of imports shows it (default ${kind}.csv)` }),
      }),
      body: { required: true, content: Object.fromEntries(fileTypes.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])) },
    },
    responses: {
      202: json(Accepted, 'Stored and queued'),
      400: { description: 'An empty file' },
      413: { description: 'Larger than the limit; nothing was kept' },
      415: { description: 'Not the file itself (a form post, JSON)' },
    },
  });

const list = defineRoute({
  method: 'get',
  path: '/api/v1/imports',
  tags,
  summary: 'Billing and FX imports, most recent first, with their progress and counts',
  access: 'partners.read',
  request: {
    query: z.strictObject({
      kind: z.enum(importKinds).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
  },
  responses: { 200: json(z.object({ imports: z.array(ImportRunSummary), total: z.number().int() }), 'A page') },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/imports/{id}',
  tags,
  summary: 'One import: its progress, counts and refused rows (the first 1,000)',
  access: 'partners.read',
  request: { params: z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: json(ImportRunDetail, 'The import') },
});

export function importRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  for (const kind of importKinds) {
    app.openapi(uploadRoute(kind), async (c) => {
      const type = (c.req.header('content-type') ?? 'text/csv').split(';')[0]!.trim().toLowerCase();
      if (!fileTypes.includes(type)) {
        throw new AppError('unsupported_media_type', `Send the CSV file itself as the body (Content-Type: text/csv), not ${type}.`);
      }
      const body = c.req.raw.body;
      if (!body) throw AppError.validation([{ field: 'body', rule: 'file_empty', message: 'is an empty file' }]);
      const length = c.req.header('content-length');
      const { fileName } = c.req.valid('query');
      const stored = await receiveUpload(c.get('ctx'), c.get('actor')!, {
        kind,
        fileName: fileName?.replace(/\p{Cc}/gu, ' ') || `${kind}.csv`,
        declaredBytes: length && /^\d+$/.test(length) ? Number(length) : undefined,
        body,
      });
      const statusUrl = `/api/v1/imports/${stored.id}`;
      c.header('Location', statusUrl);
      return c.json(Accepted.parse({ id: stored.id, kind, status: 'queued', bytesTotal: stored.bytesTotal, statusUrl }), 202);
    });
  }
  app.openapi(list, async (c) => {
    const result = await listImportRuns(c.get('ctx'), c.req.valid('query'));
    return c.json({ imports: result.imports.map((r) => ImportRunSummary.parse(r)), total: result.total }, 200);
  });
  app.openapi(detail, async (c) => c.json(ImportRunDetail.parse(await getImportRun(c.get('ctx'), c.req.valid('param').id)), 200));
  return app;
}
