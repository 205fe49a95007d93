import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { parseProgramDefinition, programCodePattern, readProgramFile } from './program-file.ts';
import { createProgram, editProgram, getProgram, getProgramVersion, importProgram, listPrograms } from './programs.ts';
import { programStatuses } from './schema.ts';

const tags = ['Programs'];
const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const Names = z.object({ en: z.string(), 'zh-TW': z.string(), 'ko-KR': z.string() });
const Definition = z.record(z.string(), z.unknown()).openapi({ description: 'A program file, as formats.md describes it' });

const ProgramSummary = z
  .object({ code: z.string(), status: z.enum(programStatuses), version: z.number().int(), name: Names, fiscalYear: z.object({ start: z.string(), end: z.string() }), updatedAt: iso })
  .openapi('ProgramSummary');

const ProgramDetail = z
  .object({
    code: z.string(),
    status: z.enum(programStatuses),
    version: z.number().int(),
    definition: Definition.openapi({ description: 'The current program file, as formats.md describes it' }),
    versions: z.array(z.object({ version: z.number().int(), status: z.enum(programStatuses), createdAt: iso, createdBy: z.string() })),
  })
  .openapi('ProgramDetail');

const ProgramVersion = z
  .object({
    code: z.string(),
    version: z.number().int(),
    current: z.boolean(),
    status: z.enum(programStatuses),
    createdAt: iso,
    createdBy: z.string(),
    definition: Definition,
    changes: z
      .array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }))
      .openapi({ description: 'The fields that differ from the version before (none for the first), with their values; null where absent' }),
  })
  .openapi('ProgramVersion');

const ProgramSaved = z
  .object({
    code: z.string(),
    result: z.enum(['created', 'versioned', 'unchanged']).openapi({ description: '`unchanged`: the definition was the current one; nothing was recorded' }),
    version: z.number().int().openapi({ description: 'The current version after the request' }),
  })
  .openapi('ProgramSaved');

const codeParam = z.string().regex(programCodePattern).openapi({ param: { name: 'code', in: 'path' }, example: 'CSP-REBATE' });
const json = <S extends z.ZodType>(schema: S, description: string) => ({ description, content: { 'application/json': { schema } } });

const list = defineRoute({
  method: 'get',
  path: '/api/v1/programs',
  tags,
  summary: 'Programs with their current version',
  access: 'programs.read',
  responses: { 200: json(z.object({ programs: z.array(ProgramSummary) }), 'Programs') },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{code}',
  tags,
  summary: "A program's current definition and the history of its versions",
  access: 'programs.read',
  request: { params: z.object({ code: codeParam }) },
  responses: { 200: json(ProgramDetail, 'The program') },
});

const version = defineRoute({
  method: 'get',
  path: '/api/v1/programs/{code}/versions/{version}',
  tags,
  summary: 'One version of a program as recorded, and what it changed from the version before',
  access: 'programs.read',
  request: {
    params: z.object({
      code: codeParam,
      version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 2 }),
    }),
  },
  responses: { 200: json(ProgramVersion, 'The version') },
});

const create = defineRoute({
  method: 'post',
  path: '/api/v1/programs',
  tags,
  summary: 'Create a program from its definition (a program file as JSON); its code must be new',
  access: 'programs.manage',
  request: { body: { required: true, content: { 'application/json': { schema: Definition } } } },
  responses: { 201: json(ProgramSaved, 'Created as version 1') },
});

const edit = defineRoute({
  method: 'put',
  path: '/api/v1/programs/{code}',
  tags,
  summary: "Save a program's whole new definition as a new version (nothing is recorded when it is unchanged)",
  access: 'programs.manage',
  request: {
    params: z.object({ code: codeParam }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              expectedVersion: z
                .number()
                .int()
                .min(1)
                .optional()
                .openapi({ description: 'The version the change was made from; refused (409) when a newer one was saved meanwhile' }),
            })
            .catchall(z.unknown())
            .openapi({ description: 'A program file, as formats.md describes it, with the same code, and optionally expectedVersion' }),
        },
      },
    },
  },
  responses: { 200: json(ProgramSaved, 'Saved (or unchanged)') },
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
    200: json(z.object({ inserted: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }), 'Imported'),
  },
});

export function programRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => c.json({ programs: (await listPrograms(c.get('ctx'))).map((p) => ProgramSummary.parse(p)) }, 200));
  app.openapi(detail, async (c) => c.json(ProgramDetail.parse(await getProgram(c.get('ctx'), c.req.valid('param').code)), 200));
  app.openapi(version, async (c) => {
    const { code, version: number } = c.req.valid('param');
    return c.json(ProgramVersion.parse(await getProgramVersion(c.get('ctx'), code, number)), 200);
  });
  app.openapi(create, async (c) => {
    const definition = parseProgramDefinition(c.req.valid('json'), 'body');
    return c.json(ProgramSaved.parse(await createProgram(c.get('ctx'), c.get('actor')!, definition)), 201);
  });
  app.openapi(edit, async (c) => {
    const { expectedVersion, ...body } = c.req.valid('json');
    const definition = parseProgramDefinition(body, 'body');
    return c.json(ProgramSaved.parse(await editProgram(c.get('ctx'), c.get('actor')!, c.req.valid('param').code, definition, expectedVersion)), 200);
  });
  app.openapi(upload, async (c) => {
    const yaml = (c.req.header('content-type') ?? '').includes('yaml');
    const text = yaml ? await c.req.text() : JSON.stringify(await c.req.json());
    const definition = readProgramFile(yaml ? 'program.yaml' : 'program.json', text);
    return c.json(await importProgram(c.get('ctx'), c.get('actor')!, definition), 200);
  });
  return app;
}
