import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { monthPattern } from '../billing/months.ts';
import { everyOrganization } from '../earnings/reader.ts';
import { programCodePattern } from '../programs/program-file.ts';
import { parseBankResults } from './bank-results.ts';
import { importRefused } from '../billing/runs.ts';
import { holdsCsv, paymentsCsv } from './exports.ts';
import { approveRun, discardRun, maxReasonLength, recordBankResults, rejectPayment } from './lifecycle.ts';
import { downloadPayoutFile, type PayoutFileKind } from './payout-download.ts';
import { runPayments } from './run.ts';
import { findPayment, findRun, getRun, listRunHolds, listRunPayments, listRuns, runPaymentSorts } from './run-queries.ts';
import { holdReasons, paymentRunStatuses, paymentStatuses } from './schema.ts';

const tags = ['Payment runs'];
const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
/** A pattern whose failure names its rule, so the error is in the reader's language. */
const pattern = (re: RegExp, rule: string, message: string) => z.string().refine((value) => re.test(value), { message, params: { rule } });
const isRealDay = (d: string) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const Day = pattern(/^\d{4}-\d{2}-\d{2}$/, 'date', 'must be a date YYYY-MM-DD')
  .refine(isRealDay, { message: 'is not a real date', params: { rule: 'real_date' } })
  .openapi({ example: '2026-11-05' });
const Month = pattern(monthPattern, 'month', 'must be a month YYYY-MM').openapi({ example: '2026-11' });
const Amount = z.string().openapi({ description: "Exact decimal with the payout currency's minor-unit digits", example: '300168' });
const Usd = z.string().openapi({ description: 'Exact decimal, 2 digits', example: '240.77' });
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const pageFields = {
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

const RunTotal = z
  .object({ currency: z.string(), payments: z.number().int(), gross: Amount, withholding: Amount, net: Amount })
  .openapi('PaymentRunTotal', { description: 'What the run pays in one payout currency: its payments Upcoming, In progress or Sent' });

const PaymentRun = z
  .object({
    id: z.string().uuid(),
    cycle: z.string().openapi({ example: '2026-11' }),
    status: z.enum(paymentRunStatuses),
    runDate: z.string().openapi({ description: 'The day the reasons not to pay were checked on' }),
    payments: z.number().int().openapi({ description: 'Payments the run created' }),
    holds: z.number().int().openapi({ description: '(location, program) groups it did not pay' }),
    totals: z.array(RunTotal),
    createdBy: z.string(),
    createdAt: iso,
    approvedBy: z.string().nullable(),
    approvedAt: iso.nullable(),
    discardedBy: z.string().nullable(),
    discardedAt: iso.nullable(),
  })
  .openapi('PaymentRun');

const PaymentRunDetail = PaymentRun.extend({
  statusCounts: z.record(z.enum(paymentStatuses), z.number().int()).openapi({ description: 'How many of its payments are in each state' }),
  canApprove: z.boolean().openapi({ description: 'Whether the caller may approve it: it waits for approval, the caller manages payments and did not create it' }),
  approvalBlockedBy: z.enum(['own_run', 'permission']).nullable(),
  payoutFiles: z
    .object({ sepa: z.number().int(), csv: z.number().int() })
    .openapi({ description: 'Transfers in each payout file of an approved run; a file with none is not offered' }),
}).openapi('PaymentRunDetail');

const Ref = { partner: z.object({ partnerId: z.string(), legalName: z.string() }), location: z.object({ locationId: z.string(), name: z.string() }), program: z.object({ code: z.string(), name: z.string() }) };

const RunPayment = z
  .object({
    id: z.string().uuid(),
    ...Ref,
    payoutCurrency: z.string(),
    usd: Usd.openapi({ description: "The group's USD value (earnings.md §4 step 3)" }),
    gross: Amount,
    withholdingRate: z.string().openapi({ description: 'A fraction: 0.1000 is 10 %', example: '0.1000' }),
    withholding: Amount,
    net: Amount,
    status: z.enum(paymentStatuses),
    statusReason: z.string().nullable().openapi({ description: 'Why it was rejected or returned' }),
    sentOn: z.string().nullable(),
    returnedOn: z.string().nullable(),
    account: z.object({
      name: z.string(),
      bankCountry: z.string(),
      masked: z.string().regex(/^•••• [0-9A-Za-z]{0,4}$/).openapi({ description: 'The last 4 characters only', example: '•••• 3000' }),
    }),
    sepa: z.boolean().openapi({ description: 'Whether it goes in the SEPA file (EUR to a SEPA IBAN); otherwise in the CSV' }),
  })
  .openapi('PaymentRunPayment');

const RunHold = z
  .object({
    ...Ref,
    reasons: z.array(z.enum(holdReasons)).openapi({ description: 'Every reason not to pay, in the order of earnings.md §4 step 4' }),
    usd: Usd.openapi({ description: "The group's USD value" }),
    thresholdUsd: Usd.openapi({ description: "The program's payment threshold" }),
    earnings: z.number().int(),
  })
  .openapi('PaymentRunHold');

const RunRequest = z.strictObject({
  cycle: Month.openapi({ description: 'The cycle month Y' }),
  date: Day.optional().openapi({ description: 'The day reasons not to pay are checked on (default today)' }),
});
const Reason = z.string().trim().min(3).max(maxReasonLength);
const BankResultRequest = z
  .strictObject({
    result: z.enum(['sent', 'returned']),
    date: Day.openapi({ description: 'The day the bank sent or returned it' }),
    reason: z
      .string()
      .trim()
      .max(200)
      .refine((r) => !/\p{Cc}/u.test(r), { message: 'must be one line without control characters', params: { rule: 'control_character' } })
      .optional()
      .openapi({ description: "The bank's reason; required when returned" }),
  })
  .superRefine((value, issue) => {
    if (value.result === 'returned' && !value.reason) {
      issue.addIssue({ code: 'custom', path: ['reason'], message: 'is required when the payment was returned', params: { rule: 'required' } });
    }
  });
const ExportQuery = z.strictObject({
  cycle: Month.optional(),
  location: pattern(/^L-[0-9]{1,12}$/, 'location_id_format', 'must be a location id such as L-2000317').optional(),
  program: pattern(programCodePattern, 'program_code_format', 'must be 2 to 40 upper-case letters, digits and dashes').optional(),
});
const fileTypes = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'];
/** A bank's answer file is a row per payment: 5 MiB is far more than any run needs. */
const bankResultsMaxBytes = 5 * 1024 * 1024;

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/payment-runs',
    tags,
    summary: 'Payment runs, newest cycle first, with their counts and the totals they pay per payout currency',
    access: 'payments.read',
    request: { query: z.strictObject(pageFields) },
    responses: { 200: json(z.object({ runs: z.array(PaymentRun), total: z.number().int() }), 'A page of runs') },
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/v1/payment-runs',
    tags,
    summary: "Run the payments of a cycle (earnings.md §4), or get the run the cycle already has",
    description: 'All or nothing: a missing FX rate of the cycle month for a currency the run needs refuses it (400, naming the currencies and the month).',
    access: 'payments.manage',
    request: { body: body(RunRequest) },
    responses: {
      201: json(PaymentRunDetail.extend({ created: z.literal(true) }), 'Created'),
      200: json(PaymentRunDetail.extend({ created: z.literal(false) }), 'The cycle already had this run'),
    },
  }),
  detail: defineRoute({
    method: 'get',
    path: '/api/v1/payment-runs/{id}',
    tags,
    summary: 'One run: its facts, totals, payments per state, payout files, and whether the caller may approve it',
    access: 'payments.read',
    request: { params: IdParam },
    responses: { 200: json(PaymentRunDetail, 'The run') },
  }),
  payments: defineRoute({
    method: 'get',
    path: '/api/v1/payment-runs/{id}/payments',
    tags,
    summary: "A page of the run's payments, bank accounts masked",
    access: 'payments.read',
    request: {
      params: IdParam,
      query: z.strictObject({ status: z.enum(paymentStatuses).optional(), sort: z.enum(runPaymentSorts).default('location'), direction: z.enum(['asc', 'desc']).default('asc'), ...pageFields }),
    },
    responses: { 200: json(z.object({ payments: z.array(RunPayment), total: z.number().int() }), 'A page of payments') },
  }),
  holds: defineRoute({
    method: 'get',
    path: '/api/v1/payment-runs/{id}/holds',
    tags,
    summary: 'A page of the (location, program) groups the run did not pay, with every reason',
    access: 'payments.read',
    request: {
      params: IdParam,
      query: z.strictObject({ reason: z.enum(holdReasons).optional(), sort: z.enum(runPaymentSorts).default('location'), direction: z.enum(['asc', 'desc']).default('asc'), ...pageFields }),
    },
    responses: { 200: json(z.object({ holds: z.array(RunHold), total: z.number().int() }), 'A page of held groups') },
  }),
  approve: defineRoute({
    method: 'post',
    path: '/api/v1/payment-runs/{id}/approve',
    tags,
    summary: 'Approve a run: by a Finance operator other than its creator, who confirmed their password within 10 minutes',
    description: 'Its Upcoming payments move to In progress and its payout files can be downloaded. Needs a browser session (POST /api/v1/auth/reauthenticate first).',
    access: 'payments.manage',
    request: { params: IdParam },
    responses: {
      200: json(PaymentRunDetail, 'Approved'),
      403: { description: 'The creator of the run (forbidden), or reauthentication_required' },
      409: { description: 'Not waiting for approval' },
    },
  }),
  discard: defineRoute({
    method: 'post',
    path: '/api/v1/payment-runs/{id}/discard',
    tags,
    summary: 'Discard a run while all its payments are Upcoming; its earnings are payable again',
    access: 'payments.manage',
    request: { params: IdParam },
    responses: { 200: json(PaymentRunDetail, 'Discarded'), 409: { description: 'Not discardable' } },
  }),
  reject: defineRoute({
    method: 'post',
    path: '/api/v1/payments/{id}/reject',
    tags,
    summary: 'Reject an Upcoming payment of a run in review, with a reason; its earnings are payable again',
    access: 'payments.manage',
    request: { params: IdParam, body: body(z.strictObject({ reason: Reason })) },
    responses: { 200: json(RunPayment, 'Rejected'), 409: { description: 'Not an Upcoming payment of a run in review' } },
  }),
  bankResult: defineRoute({
    method: 'post',
    path: '/api/v1/payments/{id}/bank-result',
    tags,
    summary: "Record the bank's answer for one payment: sent, or returned (Reversed, with the payment_returned hold)",
    access: 'payments.manage',
    request: { params: IdParam, body: body(BankResultRequest) },
    responses: { 200: json(RunPayment, 'Recorded'), 409: { description: 'The payment cannot take this answer in its state' } },
  }),
  bankResults: defineRoute({
    method: 'post',
    path: '/api/v1/payment-runs/{id}/bank-results',
    tags,
    summary: "Upload the bank's answer file for a run (payment_id, result, date, reason), all or nothing",
    description: 'The body is the CSV file itself (at most 5 MiB). A file with any refused row changes nothing; the answer lists every refused row.',
    access: 'payments.manage',
    request: {
      params: IdParam,
      query: z.strictObject({ fileName: z.string().trim().min(1).max(300).optional() }),
      body: { required: true, content: Object.fromEntries(fileTypes.map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])) },
    },
    responses: {
      200: json(z.object({ sent: z.number().int(), returned: z.number().int(), unchanged: z.number().int() }), 'Recorded'),
      400: { description: 'Refused rows (problem+json with rows), or an empty file' },
      413: { description: 'Larger than 5 MiB' },
      415: { description: 'Not the file itself' },
    },
  }),
  sepa: defineRoute({
    method: 'get',
    path: '/api/v1/payment-runs/{id}/payout-files/sepa.xml',
    tags,
    summary: 'The SEPA credit transfer (pain.001.001.09) of an approved run: its EUR payments to SEPA IBANs (audited)',
    access: 'payments.manage',
    request: { params: IdParam },
    responses: { 200: { description: 'pain.001.001.09', content: { 'application/xml': { schema: z.string() } } }, 404: { description: 'No such run, or no SEPA transfer in it' }, 409: { description: 'Not approved' } },
  }),
  transfers: defineRoute({
    method: 'get',
    path: '/api/v1/payment-runs/{id}/payout-files/transfers.csv',
    tags,
    summary: 'The payout CSV of an approved run: every payment that is not a SEPA transfer (audited)',
    access: 'payments.manage',
    request: { params: IdParam },
    responses: { 200: { description: 'The payout CSV', content: { 'text/csv': { schema: z.string() } } }, 404: { description: 'No such run, or no such transfer in it' }, 409: { description: 'Not approved' } },
  }),
  paymentsCsv: defineRoute({
    method: 'get',
    path: '/api/v1/exports/payments.csv',
    tags,
    summary: 'payments.csv (formats.md): the payments of every run not discarded, or of one cycle, location or program',
    access: 'payments.read',
    request: { query: ExportQuery },
    responses: { 200: { description: 'payments.csv', content: { 'text/csv': { schema: z.string() } } } },
  }),
  holdsCsv: defineRoute({
    method: 'get',
    path: '/api/v1/exports/holds.csv',
    tags,
    summary: 'holds.csv (formats.md): the groups runs did not pay, with every reason, of every cycle or one',
    access: 'payments.read',
    request: { query: ExportQuery },
    responses: { 200: { description: 'holds.csv', content: { 'text/csv': { schema: z.string() } } } },
  }),
};

function fileResponse(c: Context<AppEnv>, content: string, contentType: string, fileName: string): Response {
  return c.body(content, 200, { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' });
}

/** A refusal of a run request names its field in the body. */
function inBody(error: unknown): unknown {
  if (!(error instanceof AppError) || !error.details.fields) return error;
  const fields = error.details.fields.map((f) => (f.field.startsWith('body.') ? f : { ...f, field: `body.${f.field}` }));
  return new AppError(error.code, error.message, { ...error.details, fields });
}

/**
 * The operators' side of payment runs (Finance): run a cycle, review its payments and held groups,
 * reject, approve by a second operator, download the payout files, record the bank's answers, and
 * export payments.csv and holds.csv.
 */
export function paymentRunRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.use(
    '/api/v1/payment-runs/:id/bank-results',
    bodyLimit({
      maxSize: bankResultsMaxBytes,
      onError: () => {
        throw new AppError('payload_too_large', 'The file is larger than 5 MiB.');
      },
    }),
  );

  const detailOf = (c: Context<AppEnv>, id: string) => getRun(c.get('ctx'), c.get('actor')!, id);
  const paymentOf = async (c: Context<AppEnv>, paymentId: string) => RunPayment.parse(await findPayment(c.get('ctx'), paymentId, c.get('locale')));

  app.openapi(routes.list, async (c) => {
    const result = await listRuns(c.get('ctx'), c.req.valid('query'));
    return c.json({ runs: result.runs.map((r) => PaymentRun.parse(r)), total: result.total }, 200);
  });
  app.openapi(routes.create, async (c) => {
    const input = c.req.valid('json');
    let result;
    try {
      result = await runPayments(c.get('ctx'), c.get('actor')!, input);
    } catch (error) {
      throw inBody(error);
    }
    const detail = await detailOf(c, result.run.id);
    c.header('Location', `/api/v1/payment-runs/${result.run.id}`);
    return result.created
      ? c.json(PaymentRunDetail.extend({ created: z.literal(true) }).parse({ ...detail, created: true }), 201)
      : c.json(PaymentRunDetail.extend({ created: z.literal(false) }).parse({ ...detail, created: false }), 200);
  });
  app.openapi(routes.detail, async (c) => c.json(PaymentRunDetail.parse(await detailOf(c, c.req.valid('param').id)), 200));
  app.openapi(routes.payments, async (c) => {
    const { status, sort, direction, offset, limit } = c.req.valid('query');
    const result = await listRunPayments(c.get('ctx'), c.req.valid('param').id, { status }, { sort, direction, offset, limit }, c.get('locale'));
    return c.json({ payments: result.payments.map((p) => RunPayment.parse(p)), total: result.total }, 200);
  });
  app.openapi(routes.holds, async (c) => {
    const { reason, sort, direction, offset, limit } = c.req.valid('query');
    const result = await listRunHolds(c.get('ctx'), c.req.valid('param').id, { reason }, { sort, direction, offset, limit }, c.get('locale'));
    return c.json({ holds: result.holds.map((h) => RunHold.parse(h)), total: result.total }, 200);
  });
  app.openapi(routes.approve, async (c) => {
    const { id } = c.req.valid('param');
    await approveRun(c.get('ctx'), c.get('actor')!, c.get('session') ?? null, id);
    return c.json(PaymentRunDetail.parse(await detailOf(c, id)), 200);
  });
  app.openapi(routes.discard, async (c) => {
    const { id } = c.req.valid('param');
    await discardRun(c.get('ctx'), c.get('actor')!, id);
    return c.json(PaymentRunDetail.parse(await detailOf(c, id)), 200);
  });
  app.openapi(routes.reject, async (c) => {
    const { id } = c.req.valid('param');
    await rejectPayment(c.get('ctx'), c.get('actor')!, id, c.req.valid('json').reason);
    return c.json(await paymentOf(c, id), 200);
  });
  app.openapi(routes.bankResult, async (c) => {
    const { id } = c.req.valid('param');
    const answer = c.req.valid('json');
    try {
      await recordBankResults(c.get('ctx'), c.get('actor')!, [{ paymentId: id, result: answer.result, date: answer.date, reason: answer.reason ?? null }], 'portal');
    } catch (error) {
      const row = error instanceof AppError ? error.details.rows?.[0] : undefined;
      if (row?.rule === 'unknown_payment') throw AppError.notFound('payment');
      if (row?.rule === 'payment_state') {
        throw new AppError('conflict', `The payment ${row.message}.`, { messageKey: 'payruns:error.bankResultState' });
      }
      throw error;
    }
    return c.json(await paymentOf(c, id), 200);
  });
  app.openapi(routes.bankResults, async (c) => {
    const type = (c.req.header('content-type') ?? 'text/csv').split(';')[0]!.trim().toLowerCase();
    if (!fileTypes.includes(type)) {
      throw new AppError('unsupported_media_type', `Send the CSV file itself as the body (Content-Type: text/csv), not ${type}.`);
    }
    const { id } = c.req.valid('param');
    const ctx = c.get('ctx');
    await findRun(ctx, id);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw AppError.validation([{ field: 'body', rule: 'file_empty', message: 'is an empty file' }]);
    const fileName = c.req.valid('query').fileName?.replace(/\p{Cc}/gu, ' ') || 'bank-results.csv';
    const { rows, problems } = parseBankResults(bytes, fileName);
    if (problems.length) throw importRefused(problems);
    const counts = await recordBankResults(ctx, c.get('actor')!, rows, fileName, id);
    return c.json(counts, 200);
  });
  const payoutFile = async (c: Context<AppEnv>, kind: PayoutFileKind) => {
    const file = await downloadPayoutFile(c.get('ctx'), c.get('actor')!, c.req.param('id')!, kind);
    return fileResponse(c, file.content, file.contentType, file.fileName);
  };
  app.openapi(routes.sepa, async (c) => payoutFile(c, 'sepa.xml') as never);
  app.openapi(routes.transfers, async (c) => payoutFile(c, 'transfers.csv') as never);

  const exportCsv = async (c: Context<AppEnv>, kind: 'payments' | 'holds', query: z.infer<typeof ExportQuery>) => {
    const write = kind === 'payments' ? paymentsCsv : holdsCsv;
    const content = await write(c.get('ctx'), everyOrganization(), query);
    const name = [kind, query.cycle, query.location, query.program].filter(Boolean).join('-');
    return fileResponse(c, content, 'text/csv; charset=utf-8', `${name}.csv`);
  };
  app.openapi(routes.paymentsCsv, async (c) => exportCsv(c, 'payments', c.req.valid('query')) as never);
  app.openapi(routes.holdsCsv, async (c) => exportCsv(c, 'holds', c.req.valid('query')) as never);
  return app;
}
