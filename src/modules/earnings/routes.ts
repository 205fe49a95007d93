import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { earningTypes } from '../programs/schema.ts';
import { programCodePattern } from '../programs/program-file.ts';
import { getEarning } from './detail.ts';
import { earningsCsv } from './earnings-csv.ts';
import {
  assertExportDone,
  earningsExportFile,
  exportView,
  findEarningsExport,
  listEarningsExports,
  requestEarningsExport,
} from './exports.ts';
import { earningSorts, listEarnings } from './queries.ts';
import { checkFilters, operatorReader, partnerReader, type EarningFilters, type EarningsReader } from './reader.ts';
import { earningKinds, exportStatuses } from './schema.ts';
import { earningStatuses } from './status.ts';
import { earningsSummary } from './summary.ts';
import { monthPattern } from '../billing/months.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const csv = (description: string) => ({ description, content: { 'text/csv': { schema: z.string().openapi({ description: 'earnings.csv (formats.md)' }) } } });
/** A pattern whose failure names its rule, so the error is in the reader's language. */
const pattern = (re: RegExp, rule: string, message: string) => z.string().refine((value) => re.test(value), { message, params: { rule } });

const Month = pattern(monthPattern, 'month', 'must be a month YYYY-MM').openapi({ example: '2026-09' });
const filterFields = {
  location: pattern(/^L-[0-9]{1,12}$/, 'location_id_format', 'must be a location id such as L-2000317').optional().openapi({ description: 'Public location id', example: 'L-2000317' }),
  program: pattern(programCodePattern, 'program_code_format', 'must be 2 to 40 upper-case letters, digits and dashes').optional().openapi({ description: 'Program code' }),
  lever: pattern(/^[A-Z0-9][A-Z0-9_-]{0,39}$/, 'lever_code_format', 'must be upper-case letters, digits, _ and -').optional().openapi({ description: 'Lever code' }),
  from: Month.optional().openapi({ description: 'First billed month, YYYY-MM' }),
  to: Month.optional().openapi({ description: 'Last billed month, YYYY-MM' }),
  customer: z.string().trim().min(1).max(100).optional().openapi({ description: "Part of the billing line's customer id or name, any case" }),
  status: z.enum(earningStatuses).optional(),
  kind: z.enum(earningKinds).optional(),
};
const FilterQuery = z.strictObject(filterFields);
const ListQuery = z.strictObject({
  ...filterFields,
  sort: z.enum(earningSorts).default('billed_month'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
const ExportBody = z.strictObject(filterFields).openapi('EarningsExportRequest');

const Money = z.object({ currency: z.string(), amount: z.string().openapi({ description: 'Exact decimal', example: '240.765424' }) }).openapi('Money');
const Amount = z.string().openapi({ description: 'Exact decimal, trailing zeros removed down to 2 digits', example: '98.765424' });

export const Earning = z
  .object({
    id: z.string().uuid(),
    lineId: z.string().nullable().openapi({ description: 'Null for a manual adjustment' }),
    lineVersion: z.number().int().nullable(),
    location: z.object({ locationId: z.string(), name: z.string() }),
    program: z.object({ code: z.string(), name: z.string().openapi({ description: "In the reader's language" }) }),
    leverCode: z.string(),
    earningType: z.enum(earningTypes),
    billedMonth: z.string().openapi({ example: '2026-09' }),
    currency: z.string(),
    amount: Amount.nullable().openapi({ description: "The billing line's amount" }),
    rate: z.string().nullable().openapi({ example: '0.08' }),
    earning: Amount,
    kind: z.enum(earningKinds),
    reason: z.string().nullable(),
    status: z.enum(earningStatuses),
    customerId: z.string().nullable(),
    customerName: z.string().nullable(),
    paymentId: z.string().uuid().nullable(),
    createdAt: iso,
  })
  .openapi('Earning');

const EarningPage = z
  .object({
    earnings: z.array(Earning),
    total: z.number().int().openapi({ description: 'Earnings matching the filters' }),
    page: z.number().int(),
    pageSize: z.number().int(),
  })
  .openapi('EarningPage');

const EarningDetail = Earning.extend({
  comment: z.string().nullable(),
  programVersion: z.object({ version: z.number().int(), name: z.string(), paymentDelayMonths: z.number().int() }).openapi({ description: 'The program version whose rate the earning used' }),
  calculation: z.object({ id: z.string().uuid(), at: iso.nullable() }).nullable(),
  recordedBy: z
    .object({ name: z.string().nullable(), email: z.string() })
    .nullable()
    .openapi({ description: 'The operator who recorded a manual adjustment; shown to operators only' }),
  line: z
    .object({
      lineId: z.string(),
      version: z.number().int(),
      versions: z.number().int().openapi({ description: 'How many versions the line has' }),
      currentVersion: z.number().int().nullable().openapi({ description: "The line's current version; null when it now belongs to another organization" }),
      locationId: z.string(),
      customerId: z.string().nullable(),
      customerName: z.string().nullable(),
      productSku: z.string().nullable(),
      productCategory: z.string(),
      billedMonth: z.string(),
      currency: z.string(),
      amount: Amount,
      quantity: z.string().nullable(),
      importedAt: iso,
    })
    .nullable()
    .openapi({ description: 'The billing line version the earning was calculated from (for a reversal, the version that moved the line)' }),
  history: z
    .array(
      z.object({
        id: z.string().uuid(),
        kind: z.enum(earningKinds),
        reason: z.string().nullable(),
        locationId: z.string(),
        billedMonth: z.string(),
        currency: z.string(),
        earning: Amount,
        runningSum: Amount.openapi({ description: 'Sum of this and the earlier ones of the same currency' }),
        lineVersion: z.number().int().nullable(),
        createdAt: iso,
      }),
    )
    .openapi({ description: 'Every earning of the same line, program and lever, oldest first' }),
}).openapi('EarningDetail');

const EarningsSummary = z
  .object({
    month: z.string().openapi({ description: 'The current month, YYYY-MM' }),
    thisMonth: z.array(Money).openapi({ description: 'Earnings billed in the current month' }),
    fiscalYear: z.object({
      totals: z.array(Money).openapi({ description: "Earnings billed in their own program's current fiscal year" }),
      programs: z.array(z.object({ code: z.string(), name: z.string(), from: z.string(), to: z.string(), totals: z.array(Money) })),
    }),
    notYetPaid: z.array(Money).openapi({ description: 'Pending, payable and in payment' }),
    paid: z.array(Money),
    byStatus: z.object({ pending: z.array(Money), payable: z.array(Money), in_payment: z.array(Money), paid: z.array(Money) }),
    chart: z.object({
      from: z.string(),
      to: z.string(),
      months: z.array(z.string()),
      programs: z.array(z.object({ code: z.string(), name: z.string() })),
      series: z.array(z.object({ month: z.string(), program: z.string(), lever: z.string(), currency: z.string(), amount: Amount })),
    }),
  })
  .openapi('EarningsSummary');

const EarningsExport = z
  .object({
    id: z.string().uuid(),
    status: z.enum(exportStatuses),
    filters: z.record(z.string(), z.string()),
    rowsTotal: z.number().int().nullable(),
    rowsWritten: z.number().int(),
    progress: z.number().min(0).max(1).nullable().openapi({ description: 'Share of the rows written, 0 to 1; null before the count is known' }),
    bytes: z.number().int(),
    error: z.string().nullable(),
    createdAt: iso,
    finishedAt: iso.nullable(),
    expiresAt: iso,
    statusUrl: z.string(),
    downloadUrl: z.string().nullable(),
  })
  .openapi('EarningsExport');

const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const PartnerParam = z.object({
  partnerId: z.string().regex(/^P-[0-9]{1,12}$/).openapi({ param: { name: 'partnerId', in: 'path' }, example: 'P-1000317' }),
});

type Audience = 'partner' | 'operator';

/**
 * The earnings routes of one audience: partners read their own organization's earnings
 * (`incentives.read`, within their pairs) under `/api/v1/earnings`; operators read one partner's
 * (`partners.read`) under `/api/v1/partners/{partnerId}/earnings`. Same handlers, same answers.
 */
function earningsRoutesFor(audience: Audience) {
  const operator = audience === 'operator';
  const base = operator ? '/api/v1/partners/{partnerId}/earnings' : '/api/v1/earnings';
  const access = operator ? ('partners.read' as const) : ('incentives.read' as const);
  const tags = ['Earnings'];
  const whose = operator ? "The partner's" : "Your organization's";
  const params = (extra?: typeof IdParam) => (operator ? (extra ? PartnerParam.extend(extra.shape) : PartnerParam) : extra);
  const request = <T extends object>(fields: T) => {
    const p = params();
    return p ? { ...fields, params: p } : fields;
  };
  const withId = <T extends object>(fields: T) => ({ ...fields, params: params(IdParam)! });

  const routes = {
    list: defineRoute({
      method: 'get',
      path: base,
      tags,
      summary: `${whose} earnings, filtered, sorted and a page at a time${operator ? '' : ' (within your locations and programs)'}`,
      access,
      request: request({ query: ListQuery }),
      responses: { 200: json(EarningPage, 'A page of earnings') },
    }),
    summary: defineRoute({
      method: 'get',
      path: `${base}/summary`,
      tags,
      summary: `${whose} earnings in sums per currency: this month, this fiscal year, not yet paid, paid, and per month for the chart`,
      access,
      request: request({ query: FilterQuery }),
      responses: { 200: json(EarningsSummary, 'The summary') },
    }),
    csv: defineRoute({
      method: 'get',
      path: `${base}.csv`,
      tags,
      summary: `${whose} earnings that the filters select, as earnings.csv, streamed`,
      access,
      request: request({ query: FilterQuery }),
      responses: { 200: csv('earnings.csv') },
    }),
    exports: defineRoute({
      method: 'get',
      path: `${base}/exports`,
      tags,
      summary: 'Your exports of these earnings that can still be downloaded, newest first',
      access,
      request: request({}),
      responses: { 200: json(z.object({ exports: z.array(EarningsExport) }), 'Exports') },
    }),
    requestExport: defineRoute({
      method: 'post',
      path: `${base}/exports`,
      tags,
      summary: 'Ask for an export of the earnings the filters select, made in the background and kept 7 days',
      access,
      request: request({ body: { required: false, content: { 'application/json': { schema: ExportBody } } } }),
      responses: {
        202: { ...json(EarningsExport, 'Queued; follow the Location header'), headers: z.object({ Location: z.string() }) },
        409: { description: 'Too many of your exports are in progress' },
      },
    }),
    exportStatus: defineRoute({
      method: 'get',
      path: `${base}/exports/{id}`,
      tags,
      summary: 'One of your exports: its status and progress',
      access,
      request: withId({}),
      responses: { 200: json(EarningsExport, 'The export') },
    }),
    exportDownload: defineRoute({
      method: 'get',
      path: `${base}/exports/{id}/download`,
      tags,
      summary: 'The file of one of your exports, once done',
      access,
      request: withId({}),
      responses: { 200: csv('earnings.csv'), 409: { description: 'Not done (yet)' } },
    }),
    detail: defineRoute({
      method: 'get',
      path: `${base}/{id}`,
      tags,
      summary: 'One earning with its billing line version, the rate it used and every earning of the same line, program and lever',
      access,
      request: withId({}),
      responses: { 200: json(EarningDetail, 'The earning') },
    }),
  };

  const readerOf = async (c: Context<AppEnv>): Promise<EarningsReader> =>
    operator ? operatorReader(c.get('ctx'), c.req.param('partnerId')!, c.get('locale')) : partnerReader(c.get('actor')!, c.get('locale'));
  const exportsBase = (c: Context<AppEnv>) => (operator ? `/api/v1/partners/${c.req.param('partnerId')}/earnings/exports` : '/api/v1/earnings/exports');
  const filtersOf = (query: Record<string, unknown>, prefix = 'query.'): EarningFilters =>
    checkFilters(
      Object.fromEntries(Object.keys(filterFields).map((key) => [key, query[key]]).filter(([, v]) => v !== undefined)) as EarningFilters,
      prefix,
    );

  const app = new OpenAPIHono<AppEnv>();
  // Fixed paths before `{id}`, so `summary` and `exports` are never taken for an id.
  app.openapi(routes.summary, async (c) => {
    const reader = await readerOf(c);
    return c.json(EarningsSummary.parse(await earningsSummary(c.get('ctx'), reader, filtersOf(c.req.valid('query')))), 200);
  });
  app.openapi(routes.csv, async (c) => {
    const reader = await readerOf(c);
    const filters = filtersOf(c.req.valid('query'));
    const ctx = c.get('ctx');
    const name = `earnings${operator ? `-${c.req.param('partnerId')}` : ''}-${ctx.now().toISOString().slice(0, 10)}.csv`;
    return csvResponse(c, earningsCsv(ctx, reader, filters), name) as never;
  });
  app.openapi(routes.exports, async (c) => {
    const reader = await readerOf(c);
    const rows = await listEarningsExports(c.get('ctx'), c.get('actor')!, reader);
    return c.json({ exports: rows.map((row) => EarningsExport.parse(exportView(row, exportsBase(c)))) }, 200);
  });
  app.openapi(routes.requestExport, async (c) => {
    const reader = await readerOf(c);
    const body = (c.req.valid('json') ?? {}) as Record<string, unknown>;
    const row = await requestEarningsExport(c.get('ctx'), c.get('actor')!, reader, filtersOf(body, 'body.'));
    const view = EarningsExport.parse(exportView(row, exportsBase(c)));
    return c.json(view, 202, { Location: view.statusUrl });
  });
  app.openapi(routes.exportStatus, async (c) => {
    const reader = await readerOf(c);
    const row = await findEarningsExport(c.get('ctx'), c.get('actor')!, reader, c.req.param('id')!);
    return c.json(EarningsExport.parse(exportView(row, exportsBase(c))), 200);
  });
  app.openapi(routes.exportDownload, async (c) => {
    const reader = await readerOf(c);
    const ctx = c.get('ctx');
    const row = await findEarningsExport(ctx, c.get('actor')!, reader, c.req.param('id')!);
    assertExportDone(row);
    const name = `earnings-${row.createdAt.toISOString().slice(0, 10)}-${row.id.slice(0, 8)}.csv`;
    return csvResponse(c, earningsExportFile(ctx, row), name, row.bytes) as never;
  });
  app.openapi(routes.list, async (c) => {
    const reader = await readerOf(c);
    const query = c.req.valid('query');
    const page = await listEarnings(c.get('ctx'), reader, filtersOf(query), { sort: query.sort, direction: query.direction, page: query.page, pageSize: query.pageSize });
    return c.json(EarningPage.parse(page), 200);
  });
  app.openapi(routes.detail, async (c) => {
    const reader = await readerOf(c);
    return c.json(EarningDetail.parse(await getEarning(c.get('ctx'), reader, c.req.param('id')!)), 200);
  });
  return app;
}

/** A CSV file streamed as its parts come, so its size never sits in memory. */
function csvResponse(c: Context<AppEnv>, parts: AsyncGenerator<string>, fileName: string, length?: number): Response {
  const encoder = new TextEncoder();
  const logger = c.get('ctx').logger;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await parts.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        logger.error({ err: error, requestId: c.get('requestId') }, 'CSV stream failed');
        controller.error(error);
      }
    },
    async cancel() {
      await parts.return(undefined);
    },
  });
  return c.body(stream, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
    ...(length !== undefined ? { 'Content-Length': String(length) } : {}),
  });
}

export function earningsRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', earningsRoutesFor('partner'));
  app.route('/', earningsRoutesFor('operator'));
  return app;
}
