import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { monthPattern } from '../billing/months.ts';
import { Earning } from '../earnings/routes.ts';
import { operatorReader, partnerReader } from '../earnings/reader.ts';
import { programCodePattern } from '../programs/program-file.ts';
import { disputeText } from './dispute-rules.ts';
import { answerDispute, closeDispute, getDispute, listDisputes, openDispute } from './disputes.ts';
import { holdsCsv, paymentsCsv } from './exports.ts';
import { getPayment, listPayments, paymentEarnings, visiblePaymentStatuses } from './partner-payments.ts';
import { holdActions, nextPaymentRules, payoutStatus } from './payout-status.ts';
import { disputeStatuses, holdReasons, paymentStatuses } from './schema.ts';
import { statementCsv } from './statement-csv.ts';
import { loadStatement } from './statement-load.ts';
import { renderStatementPdf } from './statement-pdf.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const csv = (description: string) => ({ description, content: { 'text/csv': { schema: z.string().openapi({ description }) } } });
/** A pattern whose failure names its rule, so the error is in the reader's language. */
const pattern = (re: RegExp, rule: string, message: string) => z.string().refine((value) => re.test(value), { message, params: { rule } });

const Month = pattern(monthPattern, 'month', 'must be a month YYYY-MM').openapi({ example: '2026-11' });
const Location = pattern(/^L-[0-9]{1,12}$/, 'location_id_format', 'must be a location id such as L-2000317').openapi({ description: 'Public location id', example: 'L-2000317' });
const Program = pattern(programCodePattern, 'program_code_format', 'must be 2 to 40 upper-case letters, digits and dashes').openapi({ description: 'Program code' });
const paging = {
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(25),
};
const IdParam = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const PartnerParam = z.object({
  partnerId: z.string().regex(/^P-[0-9]{1,12}$/).openapi({ param: { name: 'partnerId', in: 'path' }, example: 'P-1000317' }),
});

const Amount = z.string().openapi({ description: 'Exact decimal', example: '240.765424' });
const PaymentAmount = z.string().openapi({ description: "Exact, with the payout currency's minor-unit digits", example: '333520' });
const Pair = {
  location: z.object({ locationId: z.string(), name: z.string() }),
  program: z.object({ code: z.string(), name: z.string().openapi({ description: "In the reader's language" }) }),
};

const PaymentItem = z
  .object({
    id: z.string().uuid(),
    cycle: z.string().openapi({ example: '2026-11' }),
    status: z.enum(visiblePaymentStatuses),
    ...Pair,
    payoutCurrency: z.string(),
    gross: PaymentAmount,
    withholding: PaymentAmount,
    net: PaymentAmount,
    sentOn: z.string().nullable().openapi({ description: 'The day the bank reported it sent, YYYY-MM-DD' }),
    dispute: z.enum(['open', 'answered']).nullable().openapi({ description: 'Its dispute that is not closed, if any' }),
    statusChangedAt: iso,
    createdAt: iso,
  })
  .openapi('Payment');
const PaymentPage = z
  .object({ payments: z.array(PaymentItem), total: z.number().int(), offset: z.number().int(), limit: z.number().int() })
  .openapi('PaymentPage');

const Dispute = z
  .object({
    id: z.string().uuid(),
    paymentId: z.string().uuid(),
    status: z.enum(disputeStatuses),
    message: z.string(),
    openedBy: z.string(),
    openedAt: iso,
    answer: z.string().nullable(),
    answeredBy: z.string().nullable().optional().openapi({ description: 'The operator who answered; shown to operators only' }),
    answeredAt: iso.nullable(),
    closedBy: z.string().nullable(),
    closedAt: iso.nullable(),
  })
  .openapi('PaymentDispute');

const PaymentDetail = PaymentItem.extend({
  usd: z.string().openapi({ description: 'The USD value of its earnings (earnings.md §4 step 3)' }),
  withholdingRate: z.string().openapi({ description: 'A fraction: 0.1000 is 10 %', example: '0.1000' }),
  fxMonth: z.string().openapi({ description: 'The month of the FX rates used, YYYY-MM' }),
  paymentProfile: z.object({ name: z.string(), accountLast4: z.string() }).nullable().openapi({ description: 'The bank account, masked' }),
  statusReason: z.string().nullable().openapi({ description: 'Why it was rejected in review or returned by the bank' }),
  returnedOn: z.string().nullable(),
  conversions: z.array(
    z.object({
      currency: z.string(),
      sum: Amount.openapi({ description: 's_A: its earnings in this currency, exact' }),
      unitsPerUsd: z.string(),
      payoutUnitsPerUsd: z.string(),
      converted: Amount.openapi({ description: 'c_A: in the payout currency, to 10 places' }),
    }),
  ),
  earnings: z.number().int().openapi({ description: 'How many earnings it pays' }),
  timeline: z.array(z.object({ status: z.enum(paymentStatuses), at: iso, note: z.string().nullable() })).openapi({ description: 'Oldest first' }),
  disputes: z.array(Dispute).openapi({ description: 'Newest first' }),
  disputeWindow: z.object({
    open: z.boolean().openapi({ description: 'Whether a dispute may be opened now' }),
    until: z.string().nullable().openapi({ description: 'The last day a dispute may be opened (30 days after it was sent), YYYY-MM-DD' }),
    refusal: z.enum(['not_sent', 'expired', 'active_dispute']).nullable(),
  }),
}).openapi('PaymentDetail');

const PaymentEarnings = z
  .object({ earnings: z.array(Earning), total: z.number().int(), offset: z.number().int(), limit: z.number().int() })
  .openapi('PaymentEarnings');

const Money = z.object({ currency: z.string(), amount: Amount });
const PayoutStatus = z
  .object({
    cycle: z.string().openapi({ description: 'The run previewed: this month if it has no run yet, else next month (YYYY-MM)' }),
    checkedOn: z.string().openapi({ description: 'The day the reasons are checked on, YYYY-MM-DD' }),
    latestRun: z.object({ cycle: z.string(), status: z.string() }).nullable(),
    pairs: z.array(
      z.object({
        ...Pair,
        payable: z.object({
          earnings: z.number().int(),
          amounts: z.array(Money),
          usd: z.string().nullable().openapi({ description: 'The USD value as the run computes it; null without an FX rate' }),
          thresholdUsd: z.string(),
          progress: z.number().min(0).max(1).openapi({ description: 'usd / threshold, 0 to 1' }),
          fxEstimated: z.boolean().openapi({ description: "The cycle's FX rates are not imported yet: valued at the latest earlier ones" }),
        }),
        pending: z.object({
          earnings: z.number().int(),
          amounts: z.array(Money),
          firstPayableMonth: z.string().nullable().openapi({ description: 'The month the earliest pending earning becomes payable' }),
        }),
        reasons: z.array(
          z.object({
            code: z.enum(holdReasons),
            detail: z.string().nullable(),
            action: z.enum(holdActions),
            link: z.string().openapi({ description: 'The portal page where it is done' }),
            month: z.string().nullable().optional(),
          }),
        ),
        lastRun: z
          .object({
            cycle: z.string(),
            payment: z.object({ id: z.string().uuid(), status: z.enum(paymentStatuses), net: z.string(), currency: z.string() }).nullable(),
            hold: z.object({ reasons: z.array(z.enum(holdReasons)), usd: z.string(), thresholdUsd: z.string() }).nullable(),
          })
          .nullable(),
        nextPayment: z.object({ rule: z.enum(nextPaymentRules), month: z.string().nullable() }),
      }),
    ),
  })
  .openapi('PayoutStatus');

const OperatorDispute = Dispute.extend({
  partner: z.object({ partnerId: z.string(), legalName: z.string() }),
  payment: z.object({
    id: z.string().uuid(),
    cycle: z.string(),
    status: z.enum(paymentStatuses),
    ...Pair,
    payoutCurrency: z.string(),
    gross: PaymentAmount,
    withholding: PaymentAmount,
    net: PaymentAmount,
    sentOn: z.string().nullable(),
  }),
}).openapi('OperatorPaymentDispute');

const tags = ['Payments'];
const ListQuery = z.strictObject({
  status: z.enum(visiblePaymentStatuses).optional(),
  program: Program.optional(),
  location: Location.optional(),
  cycle: Month.optional(),
  ...paging,
});
const ExportQuery = z.strictObject({ cycle: Month.optional(), location: Location.optional(), program: Program.optional() });

const routes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/payments',
    tags,
    summary: "Your organization's payments (within your locations and programs), newest cycle first",
    access: 'incentives.read',
    request: { query: ListQuery },
    responses: { 200: json(PaymentPage, 'A page of payments') },
  }),
  paymentsCsv: defineRoute({
    method: 'get',
    path: '/api/v1/payments.csv',
    tags,
    summary: 'Your payments as payments.csv (formats.md)',
    access: 'incentives.read',
    request: { query: ExportQuery },
    responses: { 200: csv('payments.csv') },
  }),
  holdsCsv: defineRoute({
    method: 'get',
    path: '/api/v1/holds.csv',
    tags,
    summary: 'The groups of yours that a run did not pay, with every reason, as holds.csv (formats.md)',
    access: 'incentives.read',
    request: { query: ExportQuery },
    responses: { 200: csv('holds.csv') },
  }),
  status: defineRoute({
    method: 'get',
    path: '/api/v1/payouts/status',
    tags,
    summary: "Why wasn't I paid: per location and program, what the next run would do, every reason with the action that clears it, progress toward the threshold and the next month a payment is expected",
    access: 'incentives.read',
    responses: { 200: json(PayoutStatus, 'The status of each location and program') },
  }),
  detail: defineRoute({
    method: 'get',
    path: '/api/v1/payments/{id}',
    tags,
    summary: 'One of your payments: amounts per source currency, timeline, disputes',
    access: 'incentives.read',
    request: { params: IdParam },
    responses: { 200: json(PaymentDetail, 'The payment') },
  }),
  earnings: defineRoute({
    method: 'get',
    path: '/api/v1/payments/{id}/earnings',
    tags,
    summary: 'The earnings one of your payments pays, a page at a time',
    access: 'incentives.read',
    request: { params: IdParam, query: z.strictObject(paging) },
    responses: { 200: json(PaymentEarnings, 'A page of its earnings') },
  }),
  statementCsv: defineRoute({
    method: 'get',
    path: '/api/v1/payments/{id}/statement.csv',
    tags,
    summary: 'The payment statement as CSV: its earnings, conversions and totals, which reconcile with them',
    access: 'incentives.read',
    request: { params: IdParam },
    responses: { 200: csv('The statement') },
  }),
  statementPdf: defineRoute({
    method: 'get',
    path: '/api/v1/payments/{id}/statement.pdf',
    tags,
    summary: "The payment statement as an A4 PDF in the reader's language",
    access: 'incentives.read',
    request: { params: IdParam },
    responses: { 200: { description: 'The statement', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } } },
  }),
  openDispute: defineRoute({
    method: 'post',
    path: '/api/v1/payments/{id}/disputes',
    tags,
    summary: 'Dispute a Sent payment, within 30 days of its sending; one dispute at a time (Incentive admins)',
    access: 'incentives.manage',
    request: { params: IdParam, body: body(z.strictObject({ message: z.string().trim().min(disputeText.min).max(disputeText.max) })) },
    responses: { 201: json(Dispute, 'The dispute, open'), 409: { description: 'Not Sent, past 30 days, or a dispute is already open' } },
  }),
  closeDispute: defineRoute({
    method: 'post',
    path: '/api/v1/disputes/{id}/close',
    tags,
    summary: 'Close your dispute, answered or not (Incentive admins)',
    access: 'incentives.manage',
    request: { params: IdParam },
    responses: { 200: json(Dispute, 'The dispute, closed'), 409: { description: 'Already closed' } },
  }),
  disputes: defineRoute({
    method: 'get',
    path: '/api/v1/disputes',
    tags,
    summary: "Partners' payment disputes: open ones oldest first, then answered and closed ones",
    access: 'disputes.answer',
    request: { query: z.strictObject({ status: z.enum(disputeStatuses).optional(), ...paging }) },
    responses: { 200: json(z.object({ disputes: z.array(OperatorDispute), total: z.number().int(), offset: z.number().int(), limit: z.number().int() }).openapi('DisputePage'), 'A page of disputes') },
  }),
  dispute: defineRoute({
    method: 'get',
    path: '/api/v1/disputes/{id}',
    tags,
    summary: 'One dispute with its partner and payment',
    access: 'disputes.answer',
    request: { params: IdParam },
    responses: { 200: json(OperatorDispute, 'The dispute') },
  }),
  answer: defineRoute({
    method: 'post',
    path: '/api/v1/disputes/{id}/answer',
    tags,
    summary: 'Answer an open dispute; the partner user who opened it is mailed the answer',
    access: 'disputes.answer',
    request: { params: IdParam, body: body(z.strictObject({ answer: z.string().trim().min(disputeText.min).max(disputeText.max) })) },
    responses: { 200: json(OperatorDispute, 'The dispute, answered'), 409: { description: 'Not open' } },
  }),
  partnerPayments: defineRoute({
    method: 'get',
    path: '/api/v1/partners/{partnerId}/payments',
    tags,
    summary: "One partner's payments, newest cycle first",
    access: 'payments.read',
    request: { params: PartnerParam, query: ListQuery },
    responses: { 200: json(PaymentPage, 'A page of payments') },
  }),
};

const readerOf = (c: Context<AppEnv>) => partnerReader(c.get('actor')!, c.get('locale'));
const day = (c: Context<AppEnv>) => c.get('ctx').now().toISOString().slice(0, 10);

/** `statement-2026-11-L-2000317-CSP-DIRECT`: one payment per cycle, location and program. */
const statementName = (s: { cycle: string; locationCode: string; programCode: string }) => `statement-${s.cycle}-${s.locationCode}-${s.programCode}`;

function csvFile(c: Context<AppEnv>, text: string, fileName: string): Response {
  return c.body(text, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
}

/** Partners' payments, statements, "why wasn't I paid" and disputes; operators' dispute answers. */
export function partnerPaymentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(routes.list, async (c) => {
    const { offset, limit, ...filters } = c.req.valid('query');
    return c.json(PaymentPage.parse(await listPayments(c.get('ctx'), readerOf(c), filters, { offset, limit })), 200);
  });
  app.openapi(routes.paymentsCsv, async (c) => csvFile(c, await paymentsCsv(c.get('ctx'), readerOf(c), c.req.valid('query')), `payments-${day(c)}.csv`) as never);
  app.openapi(routes.holdsCsv, async (c) => csvFile(c, await holdsCsv(c.get('ctx'), readerOf(c), c.req.valid('query')), `holds-${day(c)}.csv`) as never);
  app.openapi(routes.status, async (c) => c.json(PayoutStatus.parse(await payoutStatus(c.get('ctx'), readerOf(c))), 200));
  app.openapi(routes.detail, async (c) => c.json(PaymentDetail.parse(await getPayment(c.get('ctx'), readerOf(c), c.req.valid('param').id)), 200));
  app.openapi(routes.earnings, async (c) => {
    const { offset, limit } = c.req.valid('query');
    return c.json(PaymentEarnings.parse(await paymentEarnings(c.get('ctx'), readerOf(c), c.req.valid('param').id, { offset, limit })), 200);
  });
  app.openapi(routes.statementCsv, async (c) => {
    const statement = await loadStatement(c.get('ctx'), readerOf(c), c.req.valid('param').id);
    return csvFile(c, statementCsv(statement, c.get('locale')), `${statementName(statement)}.csv`) as never;
  });
  app.openapi(routes.statementPdf, async (c) => {
    const statement = await loadStatement(c.get('ctx'), readerOf(c), c.req.valid('param').id);
    const pdf = await renderStatementPdf(statement, c.get('locale'));
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${statementName(statement)}.pdf"`,
      'Cache-Control': 'no-store',
    }) as never;
  });
  app.openapi(routes.openDispute, async (c) => {
    const dispute = await openDispute(c.get('ctx'), c.get('actor')!, readerOf(c), c.req.valid('param').id, c.req.valid('json').message);
    return c.json(Dispute.parse(dispute), 201);
  });
  app.openapi(routes.closeDispute, async (c) => c.json(Dispute.parse(await closeDispute(c.get('ctx'), c.get('actor')!, readerOf(c), c.req.valid('param').id)), 200));
  app.openapi(routes.disputes, async (c) => {
    const page = await listDisputes(c.get('ctx'), c.get('locale'), c.req.valid('query'));
    return c.json({ ...page, disputes: page.disputes.map((d) => OperatorDispute.parse(d)) }, 200);
  });
  app.openapi(routes.dispute, async (c) => c.json(OperatorDispute.parse(await getDispute(c.get('ctx'), c.get('locale'), c.req.valid('param').id)), 200));
  app.openapi(routes.answer, async (c) => {
    const dispute = await answerDispute(c.get('ctx'), c.get('actor')!, c.get('locale'), c.req.valid('param').id, c.req.valid('json').answer);
    return c.json(OperatorDispute.parse(dispute), 200);
  });
  app.openapi(routes.partnerPayments, async (c) => {
    const reader = await operatorReader(c.get('ctx'), c.req.valid('param').partnerId, c.get('locale'));
    const { offset, limit, ...filters } = c.req.valid('query');
    return c.json(PaymentPage.parse(await listPayments(c.get('ctx'), reader, filters, { offset, limit })), 200);
  });
  return app;
}
