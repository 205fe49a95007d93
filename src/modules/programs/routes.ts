import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { readProgramFile } from './program-file.ts';
import { getProgram, importProgram, listPrograms } from './programs.ts';
import { programStatuses } from './schema.ts';

const tags = ['Programs'];
const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const Names = z.object({ en: z.string(), 'zh-TW': z.string(), 'ko-KR': z.string() });

const ProgramSummary = z
  .object({ code: z.string(), status: z.enum(programStatuses), version: z.number().int(), name: Names, fiscalYear: z.object({ start: z.string(), end: z.string() }), updatedAt: iso })
  .openapi('ProgramSummary');

const ProgramDetail = z
  .object({
    code: z.string(),
    status: z.enum(programStatuses),
    version: z.number().int(),
    definition: z.record(z.string(), z.unknown()).openapi({ description: 'The current program file, as formats.md describes it' }),
    versions: z.array(z.object({ version: z.number().int(), status: z.enum(programStatuses), createdAt: iso, createdBy: z.string() })),
  })
  .openapi('ProgramDetail');

const list = defineRoute({
  method: 'get',
  path: '/api/v1/programs',
  tags,
  summary: 'Programs with their current version',
  access: 'programs.read',
  responses: { 200: { description: 'Programs', content: { 'application/json': { schema: z.object({ programs: z.array(ProgramSummary) }) } } } },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{code}',
  tags,
  summary: "A program's current definition and the history of its versions",
  access: 'programs.read',
  request: { params: z.object({ code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/).openapi({ param: { name: 'code', in: 'path' }, example: 'CSP-REBATE' }) }) },
  responses: { 200: { description: 'The program', content: { 'application/json': { schema: ProgramDetail } } } },
});

const upload = defineRoute({
  method: 'post',
  path: '/api/v1/programs/import',
  tags,
  summary: 'Create a program, or record a new version, from a program file (JSON body, or YAML as text/yaml)',
  access: 'programs.manage',
  request: {
    body: {
      required: true,
      content: {
        'application/json': { schema: z.record(z.string(), z.unknown()) },
        'text/yaml': { schema: z.string() },
      },
    },
  },
  responses: {
    200: {
      description: 'Imported',
      content: { 'application/json': { schema: z.object({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }) } },
    },
  },
});

export function programRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => c.json({ programs: (await listPrograms(c.get('ctx'))).map((p) => ProgramSummary.parse(p)) }, 200));
  app.openapi(detail, async (c) => c.json(ProgramDetail.parse(await getProgram(c.get('ctx'), c.req.valid('param').code)), 200));
  app.openapi(upload, async (c) => {
    const yaml = (c.req.header('content-type') ?? '').includes('yaml');
    const text = yaml ? await c.req.text() : JSON.stringify(await c.req.json());
    const definition = readProgramFile(yaml ? 'program.yaml' : 'program.json', text);
    return c.json(await importProgram(c.get('ctx'), c.get('actor')!, definition), 200);
  });
  return app;
}
