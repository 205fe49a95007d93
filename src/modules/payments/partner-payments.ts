import { sql, type SQL } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { plainDecimal } from '../earnings/decimals.ts';
import { earningColumns, earningFrom, toItem, type EarningItem, type EarningRow } from '../earnings/queries.ts';
import { scopeAndFilters, type EarningsReader } from '../earnings/reader.ts';
import { monthOf } from '../earnings/status.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { disputeView, disputeWindow, type DisputeView, type DisputeWindow } from './dispute-rules.ts';
import type { DisputeStatus, PaymentStatus } from './schema.ts';

/** The payment states a partner can filter by (discarded payments are never shown). */
export const visiblePaymentStatuses = ['upcoming', 'in_progress', 'sent', 'rejected', 'reversed'] as const satisfies readonly PaymentStatus[];
export type VisiblePaymentStatus = (typeof visiblePaymentStatuses)[number];

export interface PaymentFilters {
  status?: VisiblePaymentStatus | undefined;
  /** Public location id, `L-2000317`. */
  location?: string | undefined;
  program?: string | undefined;
  /** `YYYY-MM`. */
  cycle?: string | undefined;
}

export interface PaymentItem {
  id: string;
  /** `YYYY-MM`. */
  cycle: string;
  status: VisiblePaymentStatus;
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  payoutCurrency: string;
  /** With exactly the payout currency's minor-unit digits. */
  gross: string;
  withholding: string;
  net: string;
  /** `YYYY-MM-DD`: the day the bank reported it sent. */
  sentOn: string | null;
  /** The state of its dispute, if it has one that is not closed. */
  dispute: Exclude<DisputeStatus, 'closed'> | null;
  statusChangedAt: Date;
  createdAt: Date;
}

interface PaymentRow {
  id: string;
  organization_id: string;
  location_uuid: string;
  cycle: string;
  status: VisiblePaymentStatus;
  location_code: string;
  location_name: string;
  program_code: string;
  program_names: ProgramFile['name'];
  payout_currency: string;
  gross: string;
  withholding: string;
  net: string;
  sent_on: string | null;
  dispute: Exclude<DisputeStatus, 'closed'> | null;
  status_changed_at: Date | string;
  created_at: Date | string;
}

const programName = (names: ProgramFile['name'], locale: Locale) => names[locale] ?? names.en;

function paymentColumns(): SQL {
  return sql`p.id, p.organization_id, p.location_id as location_uuid, to_char(p.cycle, 'YYYY-MM') as cycle, p.status::text as status,
    l.location_id as location_code, l.name as location_name, pr.code as program_code, pv.definition->'name' as program_names,
    p.payout_currency, p.gross::text as gross, p.withholding::text as withholding, p.net::text as net,
    to_char(p.sent_on, 'YYYY-MM-DD') as sent_on,
    (select d.status::text from payment_disputes d where d.organization_id = p.organization_id and d.payment_id = p.id and d.status <> 'closed') as dispute,
    p.status_changed_at, p.created_at`;
}

const paymentJoins = sql`join locations l on l.organization_id = p.organization_id and l.id = p.location_id
    join programs pr on pr.id = p.program_id
    join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version`;

function toPaymentItem(row: PaymentRow, locale: Locale): PaymentItem {
  return {
    id: row.id,
    cycle: row.cycle,
    status: row.status,
    location: { locationId: row.location_code, name: row.location_name },
    program: { code: row.program_code, name: programName(row.program_names, locale) },
    payoutCurrency: row.payout_currency,
    gross: row.gross,
    withholding: row.withholding,
    net: row.net,
    sentOn: row.sent_on,
    dispute: row.dispute,
    statusChangedAt: new Date(row.status_changed_at),
    createdAt: new Date(row.created_at),
  };
}

/** The reader's payments `p` (never those of discarded runs) that the filters select. */
function paymentWhere(reader: EarningsReader, filters: PaymentFilters): SQL {
  return sql`p.status <> 'discarded' and ${scopeAndFilters(reader, { location: filters.location, program: filters.program }, 'p')}
    and ${filters.status ? sql`p.status = ${filters.status}` : sql`true`}
    and ${filters.cycle ? sql`p.cycle = ${`${filters.cycle}-01`}::date` : sql`true`}`;
}

export interface Paging {
  offset: number;
  limit: number;
}

/** A page of the reader's payments, newest cycle first (then by location and program). */
export async function listPayments(ctx: Pick<AppContext, 'db'>, reader: EarningsReader, filters: PaymentFilters, paging: Paging) {
  const where = paymentWhere(reader, filters);
  const rows = rowsOf<PaymentRow>(
    await ctx.db.orm.execute(sql`select ${paymentColumns()} from payments p ${paymentJoins}
       where ${where}
       order by p.cycle desc, l.location_id, pr.code, p.id
       limit ${paging.limit} offset ${paging.offset}`),
  );
  const [count] = rowsOf<{ n: number }>(await ctx.db.orm.execute(sql`select count(*)::int as n from payments p where ${where}`));
  return { payments: rows.map((r) => toPaymentItem(r, reader.locale)), total: count?.n ?? 0, offset: paging.offset, limit: paging.limit };
}

/** One payment the reader may see, as its row; another organization's (or another pair's) is not found. */
async function paymentRow(ctx: Pick<AppContext, 'db'>, reader: EarningsReader, id: string): Promise<PaymentRow> {
  const [row] = rowsOf<PaymentRow>(
    await ctx.db.orm.execute(sql`select ${paymentColumns()} from payments p ${paymentJoins}
       where p.id = ${id} and ${paymentWhere(reader, {})}`),
  );
  if (!row) throw AppError.notFound('payment');
  return row;
}

export interface PaymentDetail extends PaymentItem {
  /** The USD value of its earnings (earnings.md §4 step 3). */
  usd: string;
  /** A fraction: `0.1000` is 10 %. */
  withholdingRate: string;
  /** `YYYY-MM`: the month of the FX rates used. */
  fxMonth: string;
  /** The bank account it is paid to, masked. */
  paymentProfile: { name: string; accountLast4: string } | null;
  /** Why it was rejected in review or returned by the bank. */
  statusReason: string | null;
  returnedOn: string | null;
  /** Per source currency: s_A, the rates and c_A (earnings.md §4 step 5). */
  conversions: { currency: string; sum: string; unitsPerUsd: string; payoutUnitsPerUsd: string; converted: string }[];
  earnings: number;
  /** Every state it went through, oldest first; who moved it is not shown to partners. */
  timeline: { status: PaymentStatus; at: Date; note: string | null }[];
  /** Its disputes, newest first. */
  disputes: DisputeView[];
  disputeWindow: DisputeWindow;
}

/** One of the reader's payments with its amounts per source currency, timeline and disputes. */
export async function getPayment(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader, id: string): Promise<PaymentDetail> {
  const row = await paymentRow(ctx, reader, id);
  const [facts] = rowsOf<{
    usd: string;
    withholding_rate: string;
    fx_month: string;
    status_reason: string | null;
    returned_on: string | null;
    profile_name: string | null;
    account_last4: string | null;
    earnings: number;
    sent_at: Date | string | null;
  }>(
    await ctx.db.orm.execute(sql`select p.usd::text as usd, p.withholding_rate::text as withholding_rate, to_char(p.fx_month, 'YYYY-MM') as fx_month,
        p.status_reason, to_char(p.returned_on, 'YYYY-MM-DD') as returned_on, pp.name as profile_name, pp.account_last4,
        (select count(*)::int from payment_earnings pe where pe.organization_id = p.organization_id and pe.payment_id = p.id) as earnings,
        (select max(ev.at) from payment_events ev where ev.organization_id = p.organization_id and ev.payment_id = p.id and ev.status = 'sent') as sent_at
       from payments p
       left join payment_profiles pp on pp.organization_id = p.organization_id and pp.id = p.payment_profile_id
      where p.organization_id = ${row.organization_id} and p.id = ${id}`),
  );
  const conversions = rowsOf<{ currency: string; sum: string; units_per_usd: string; payout_units_per_usd: string; converted: string }>(
    await ctx.db.orm.execute(sql`select currency, sum::text as sum, units_per_usd::text as units_per_usd, payout_units_per_usd::text as payout_units_per_usd, converted::text as converted
       from payment_amounts where organization_id = ${row.organization_id} and payment_id = ${id} order by currency`),
  );
  const timeline = rowsOf<{ status: PaymentStatus; at: Date | string; note: string | null }>(
    await ctx.db.orm.execute(sql`select status::text as status, at, note from payment_events
       where organization_id = ${row.organization_id} and payment_id = ${id}
       order by at, case status when 'upcoming' then 0 when 'sent' then 2 when 'reversed' then 3 else 1 end, id`),
  );
  const disputes = await disputesOf(ctx, row.organization_id, id, reader.operator);
  const item = toPaymentItem(row, reader.locale);
  return {
    ...item,
    usd: facts!.usd,
    withholdingRate: facts!.withholding_rate,
    fxMonth: facts!.fx_month,
    paymentProfile: facts!.profile_name !== null ? { name: facts!.profile_name, accountLast4: facts!.account_last4! } : null,
    statusReason: facts!.status_reason,
    returnedOn: facts!.returned_on,
    conversions: conversions.map((c) => ({
      currency: c.currency,
      sum: plainDecimal(c.sum),
      unitsPerUsd: plainDecimal(c.units_per_usd, 0),
      payoutUnitsPerUsd: plainDecimal(c.payout_units_per_usd, 0),
      converted: plainDecimal(c.converted),
    })),
    earnings: facts!.earnings,
    timeline: timeline.map((e) => ({ status: e.status, at: new Date(e.at), note: e.note })),
    disputes,
    disputeWindow: disputeWindow(
      { status: item.status, sentOn: item.sentOn, sentAt: facts!.sent_at === null ? null : new Date(facts!.sent_at) },
      disputes.some((d) => d.status !== 'closed'),
      ctx.now(),
    ),
  };
}

async function disputesOf(ctx: Pick<AppContext, 'db'>, organizationId: string, paymentId: string, operator: boolean): Promise<DisputeView[]> {
  const rows = rowsOf<Parameters<typeof disputeView>[0]>(
    await ctx.db.orm.execute(sql`select * from payment_disputes where organization_id = ${organizationId} and payment_id = ${paymentId} order by opened_at desc, id`),
  );
  return rows.map((r) => disputeView(r, operator));
}

/** The earnings a payment pays (or paid, before it was rejected or returned), a page at a time. */
export async function paymentEarnings(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader, id: string, paging: Paging): Promise<{ earnings: EarningItem[]; total: number; offset: number; limit: number }> {
  const row = await paymentRow(ctx, reader, id);
  const month = monthOf(ctx.now());
  const linked = sql`(select e.* from earnings e
      join payment_earnings pe on pe.organization_id = e.organization_id and pe.earning_id = e.id
     where pe.organization_id = ${row.organization_id} and pe.payment_id = ${id}
     order by e.billed_month, e.line_id nulls last, e.lever_code, e.id
     limit ${paging.limit} offset ${paging.offset})`;
  const rows = rowsOf<EarningRow>(
    await ctx.db.orm.execute(sql`select ${earningColumns(month)} from ${earningFrom(linked)} order by e.billed_month, e.line_id nulls last, e.lever_code, e.id`),
  );
  const [count] = rowsOf<{ n: number }>(
    await ctx.db.orm.execute(sql`select count(*)::int as n from payment_earnings where organization_id = ${row.organization_id} and payment_id = ${id}`),
  );
  return { earnings: rows.map((r) => toItem(r, reader.locale)), total: count?.n ?? 0, offset: paging.offset, limit: paging.limit };
}
