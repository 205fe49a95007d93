import { count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Actor } from '../identity/actor.ts';
import { ibanCountryOf, maskTail } from '../profiles/validators.ts';
import { sepaIbanCountries } from './payout-files.ts';
import { holdReasons, paymentRuns, paymentStatuses, type HoldReason, type PaymentStatus } from './schema.ts';

type Db = Pick<AppContext, 'db'>;
type PaymentRunRow = typeof paymentRuns.$inferSelect;

/** What a run pays in one payout currency: its payments that still hold their earnings. */
export interface RunTotal {
  currency: string;
  payments: number;
  gross: string;
  withholding: string;
  net: string;
}

export interface RunSummary {
  id: string;
  /** `YYYY-MM`. */
  cycle: string;
  status: PaymentRunRow['status'];
  runDate: string;
  payments: number;
  holds: number;
  totals: RunTotal[];
  createdBy: string;
  createdAt: Date;
  approvedBy: string | null;
  approvedAt: Date | null;
  discardedBy: string | null;
  discardedAt: Date | null;
}

export interface RunDetail extends RunSummary {
  /** How many of its payments are in each state. */
  statusCounts: Record<PaymentStatus, number>;
  /** Whether the caller may approve it: waiting, they may manage payments and did not create it. */
  canApprove: boolean;
  /** Why the caller may not approve a run that waits for approval. */
  approvalBlockedBy: 'own_run' | 'permission' | null;
  /** Transfers in each payout file (approved runs only; 0 means that file is not offered). */
  payoutFiles: { sepa: number; csv: number };
}

/** The payments of a run that are paid out (and so in its payout files). */
export const transferStatuses = ['in_progress', 'sent'] as const satisfies readonly PaymentStatus[];
/** The payments of a run that still hold their earnings: what the run pays. */
const paidStatuses = ['upcoming', 'in_progress', 'sent'] as const satisfies readonly PaymentStatus[];

const inList = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/** Whether a payment goes in the SEPA file: EUR to an IBAN of a SEPA country (as `isSepaTransfer`, without opening the IBAN). */
export function goesBySepa(currency: string, scheme: string, bankCountry: string): boolean {
  return currency === 'EUR' && scheme === 'iban' && sepaIbanCountries.has(ibanCountryOf(bankCountry.toUpperCase()));
}

async function totalsOf(ctx: Db, runIds: string[]): Promise<Map<string, RunTotal[]>> {
  const totals = new Map<string, RunTotal[]>();
  if (runIds.length === 0) return totals;
  const rows = rowsOf<RunTotal & { run_id: string }>(
    await ctx.db.orm.execute(sql`
      select run_id, payout_currency as currency, count(*)::int as payments,
             sum(gross)::text as gross, sum(withholding)::text as withholding, sum(net)::text as net
        from payments
       where run_id in (${inList(runIds)}) and status in (${inList(paidStatuses)})
       group by run_id, payout_currency
       order by run_id, payout_currency`),
  );
  for (const { run_id: runId, ...total } of rows) totals.set(runId, [...(totals.get(runId) ?? []), total]);
  return totals;
}

function summaryOf(run: PaymentRunRow, totals: RunTotal[]): RunSummary {
  return {
    id: run.id,
    cycle: run.cycle.slice(0, 7),
    status: run.status,
    runDate: run.runDate,
    payments: run.payments,
    holds: run.holds,
    totals,
    createdBy: run.createdBy,
    createdAt: run.createdAt,
    approvedBy: run.approvedBy,
    approvedAt: run.approvedAt,
    discardedBy: run.discardedBy,
    discardedAt: run.discardedAt,
  };
}

/** Payment runs, newest cycle first (a discarded run after the run that replaced it). */
export async function listRuns(ctx: Db, page: { offset: number; limit: number }): Promise<{ runs: RunSummary[]; total: number }> {
  const runs = await ctx.db.orm
    .select()
    .from(paymentRuns)
    .orderBy(desc(paymentRuns.cycle), sql`${paymentRuns.status} = 'discarded'`, desc(paymentRuns.createdAt))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await ctx.db.orm.select({ n: count() }).from(paymentRuns);
  const totals = await totalsOf(ctx, runs.map((r) => r.id));
  return { runs: runs.map((r) => summaryOf(r, totals.get(r.id) ?? [])), total: total?.n ?? 0 };
}

/** The run itself, or not found. */
export async function findRun(ctx: Db, runId: string): Promise<PaymentRunRow> {
  const [run] = await ctx.db.orm.select().from(paymentRuns).where(eq(paymentRuns.id, runId));
  if (!run) throw AppError.notFound('payment run');
  return run;
}

/** One run as its page shows it, with what the caller may do with it. */
export async function getRun(ctx: Db, actor: Actor, runId: string): Promise<RunDetail> {
  const run = await findRun(ctx, runId);
  const totals = (await totalsOf(ctx, [run.id])).get(run.id) ?? [];
  const counts = rowsOf<{ status: PaymentStatus; n: number }>(
    await ctx.db.orm.execute(sql`select status::text as status, count(*)::int as n from payments where run_id = ${run.id} group by status`),
  );
  const manages = actor.permissions.has('payments.manage');
  const own = actor.userId !== null && actor.userId === run.createdByUserId;
  const payoutFiles = { sepa: 0, csv: 0 };
  if (run.status === 'approved') {
    const kinds = rowsOf<{ currency: string; scheme: string; bank_country: string; n: number }>(
      await ctx.db.orm.execute(sql`
        select p.payout_currency as currency, pp.scheme, pp.bank_country, count(*)::int as n
          from payments p
          join payment_profiles pp on pp.organization_id = p.organization_id and pp.id = p.payment_profile_id
         where p.run_id = ${run.id} and p.status in (${inList(transferStatuses)})
         group by 1, 2, 3`),
    );
    for (const k of kinds) payoutFiles[goesBySepa(k.currency, k.scheme, k.bank_country) ? 'sepa' : 'csv'] += k.n;
  }
  return {
    ...summaryOf(run, totals),
    statusCounts: Object.fromEntries(paymentStatuses.map((s) => [s, counts.find((c) => c.status === s)?.n ?? 0])) as Record<PaymentStatus, number>,
    canApprove: run.status === 'upcoming' && manages && !own,
    approvalBlockedBy: run.status !== 'upcoming' ? null : !manages ? 'permission' : own ? 'own_run' : null,
    payoutFiles,
  };
}

export const runPaymentSorts = ['location', 'partner', 'usd'] as const;
export type RunPaymentSort = (typeof runPaymentSorts)[number];

interface Page<S extends string> {
  offset: number;
  limit: number;
  sort: S;
  direction: 'asc' | 'desc';
}

const orderOf = (sort: RunPaymentSort, direction: 'asc' | 'desc', alias: string): SQL => {
  const dir = sql.raw(direction);
  const column = { location: sql`l.location_id`, partner: sql`o.legal_name`, usd: sql.raw(`${alias}.usd`) }[sort];
  return sql`${column} ${dir}, l.location_id, pr.code`;
};

const programName = (names: Record<string, string> | null, code: string, locale: Locale) => names?.[locale] ?? names?.en ?? code;

export interface RunPayment {
  id: string;
  partner: { partnerId: string; legalName: string };
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  payoutCurrency: string;
  usd: string;
  gross: string;
  withholdingRate: string;
  withholding: string;
  net: string;
  status: PaymentStatus;
  statusReason: string | null;
  sentOn: string | null;
  returnedOn: string | null;
  account: { name: string; bankCountry: string; masked: string };
  sepa: boolean;
}

type PaymentRow = {
  id: string; partner_id: string; legal_name: string; location_id: string; location_name: string; code: string; names: Record<string, string> | null;
  currency: string; usd: string; gross: string; rate: string; withholding: string; net: string; status: PaymentStatus; status_reason: string | null;
  sent_on: string | null; returned_on: string | null; profile_name: string; bank_country: string; scheme: string; last4: string;
};

async function paymentRows(ctx: Db, where: SQL, order: SQL, limit: number, offset: number): Promise<PaymentRow[]> {
  return rowsOf<PaymentRow>(
    await ctx.db.orm.execute(sql`
      select p.id, o.partner_id, o.legal_name, l.location_id, l.name as location_name, pr.code, pv.definition->'name' as names,
             p.payout_currency as currency, p.usd::text as usd, p.gross::text as gross, p.withholding_rate::text as rate,
             p.withholding::text as withholding, p.net::text as net, p.status::text as status, p.status_reason,
             to_char(p.sent_on, 'YYYY-MM-DD') as sent_on, to_char(p.returned_on, 'YYYY-MM-DD') as returned_on,
             pp.name as profile_name, pp.bank_country, pp.scheme, pp.account_last4 as last4
        from payments p
        join organizations o on o.id = p.organization_id
        join locations l on l.organization_id = p.organization_id and l.id = p.location_id
        join programs pr on pr.id = p.program_id
        join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version
        join payment_profiles pp on pp.organization_id = p.organization_id and pp.id = p.payment_profile_id
       where ${where}
       order by ${order}, p.id
       limit ${limit} offset ${offset}`),
  );
}

function paymentOf(r: PaymentRow, locale: Locale): RunPayment {
  return {
    id: r.id,
    partner: { partnerId: r.partner_id, legalName: r.legal_name },
    location: { locationId: r.location_id, name: r.location_name },
    program: { code: r.code, name: programName(r.names, r.code, locale) },
    payoutCurrency: r.currency,
    usd: r.usd,
    gross: r.gross,
    withholdingRate: r.rate,
    withholding: r.withholding,
    net: r.net,
    status: r.status,
    statusReason: r.status_reason,
    sentOn: r.sent_on,
    returnedOn: r.returned_on,
    account: { name: r.profile_name, bankCountry: r.bank_country, masked: maskTail(r.last4) },
    sepa: goesBySepa(r.currency, r.scheme, r.bank_country),
  };
}

/** A page of the run's payments, optionally of one status; bank accounts masked to their last 4. */
export async function listRunPayments(
  ctx: Db,
  runId: string,
  filters: { status?: PaymentStatus | undefined },
  page: Page<RunPaymentSort>,
  locale: Locale,
): Promise<{ payments: RunPayment[]; total: number }> {
  await findRun(ctx, runId);
  const where = sql`p.run_id = ${runId} ${filters.status ? sql`and p.status = ${filters.status}` : sql``}`;
  const rows = await paymentRows(ctx, where, orderOf(page.sort, page.direction, 'p'), page.limit, page.offset);
  const [total] = rowsOf<{ n: number }>(await ctx.db.orm.execute(sql`select count(*)::int as n from payments p where ${where}`));
  return { payments: rows.map((r) => paymentOf(r, locale)), total: total?.n ?? 0 };
}

/** One payment of any run, as the run's list shows it; not found when there is none. */
export async function findPayment(ctx: Db, paymentId: string, locale: Locale): Promise<RunPayment> {
  const [row] = await paymentRows(ctx, sql`p.id = ${paymentId}`, sql`p.id`, 1, 0);
  if (!row) throw AppError.notFound('payment');
  return paymentOf(row, locale);
}

export interface RunHold {
  partner: { partnerId: string; legalName: string };
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  /** In the order of earnings.md §4 step 4. */
  reasons: HoldReason[];
  usd: string;
  thresholdUsd: string;
  earnings: number;
}

/** A page of the groups the run did not pay, optionally those held for one reason. */
export async function listRunHolds(
  ctx: Db,
  runId: string,
  filters: { reason?: HoldReason | undefined },
  page: Page<RunPaymentSort>,
  locale: Locale,
): Promise<{ holds: RunHold[]; total: number }> {
  await findRun(ctx, runId);
  const where = sql`h.run_id = ${runId} ${filters.reason ? sql`and ${filters.reason} = any(h.reasons)` : sql``}`;
  const rows = rowsOf<{
    partner_id: string; legal_name: string; location_id: string; location_name: string; code: string; names: Record<string, string> | null;
    reasons: string; usd: string; threshold: string; earnings: number;
  }>(
    await ctx.db.orm.execute(sql`
      select o.partner_id, o.legal_name, l.location_id, l.name as location_name, pr.code, pv.definition->'name' as names,
             array_to_string(h.reasons, ',') as reasons, h.usd::text as usd, h.threshold_usd::text as threshold, h.earnings
        from payment_holds h
        join organizations o on o.id = h.organization_id
        join locations l on l.organization_id = h.organization_id and l.id = h.location_id
        join programs pr on pr.id = h.program_id
        join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version
       where ${where}
       order by ${orderOf(page.sort, page.direction, 'h')}
       limit ${page.limit} offset ${page.offset}`),
  );
  const [total] = rowsOf<{ n: number }>(await ctx.db.orm.execute(sql`select count(*)::int as n from payment_holds h where ${where}`));
  return {
    holds: rows.map((r) => ({
      partner: { partnerId: r.partner_id, legalName: r.legal_name },
      location: { locationId: r.location_id, name: r.location_name },
      program: { code: r.code, name: programName(r.names, r.code, locale) },
      reasons: r.reasons.split(',').filter((reason): reason is HoldReason => (holdReasons as readonly string[]).includes(reason)),
      usd: r.usd,
      thresholdUsd: r.threshold,
      earnings: r.earnings,
    })),
    total: total?.n ?? 0,
  };
}
