import Decimal from 'decimal.js';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { plainDecimal } from '../earnings/decimals.ts';
import { scopeAndFilters, type EarningsReader } from '../earnings/reader.ts';
import { monthOf, programDelays } from '../earnings/status.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { payableGroups, payableSums } from './groups.ts';
import { currentRunOf } from './run.ts';
import type { HoldReason, PaymentStatus } from './schema.ts';

/** What clears a reason not to pay, as the portal offers it. */
export const holdActions = ['openEnrollment', 'openTaxProfile', 'choosePaymentProfile', 'openPaymentProfiles', 'clearHold', 'confirmBankDetails', 'seeEarnings'] as const;
export type HoldAction = (typeof holdActions)[number];

export interface HoldReasonView {
  code: HoldReason;
  /**
   * What exactly: the enrollment's status; the tax profile `missing`, its status, or `expired`;
   * the payment profile `unassigned`, `archived` or its status; the hold `set` or `cleared`.
   */
  detail: string | null;
  action: HoldAction;
  /** The portal page where it is done. */
  link: string;
  /** For `partner_hold`: `YYYY-MM`, the first run the pair is no longer held in once the hold is cleared (or was). */
  month?: string | null;
}

export const nextPaymentRules = ['next_run', 'after_hold', 'when_threshold_reached', 'blocked', 'nothing_due', 'unknown'] as const;
export type NextPaymentRule = (typeof nextPaymentRules)[number];

export interface PairStatus {
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  payable: {
    earnings: number;
    /** Per source currency, exact. */
    amounts: { currency: string; amount: string }[];
    /** The USD value as the run computes it; null when no FX rate is known for a currency. */
    usd: string | null;
    thresholdUsd: string;
    /** `usd / threshold` between 0 and 1, for the progress bar. */
    progress: number;
    /** True when the cycle's FX rates are not imported yet and the latest earlier ones were used. */
    fxEstimated: boolean;
  };
  /** Earnings not yet payable in the cycle, and the month the earliest becomes payable. */
  pending: { earnings: number; amounts: { currency: string; amount: string }[]; firstPayableMonth: string | null };
  /** Every reason the run of the cycle would not pay the pair, in the order the run checks them. */
  reasons: HoldReasonView[];
  /** The pair in the latest run (not discarded): its payment, or its recorded hold. */
  lastRun: {
    cycle: string;
    payment: { id: string; status: PaymentStatus; net: string; currency: string } | null;
    hold: { reasons: HoldReason[]; usd: string; thresholdUsd: string } | null;
  } | null;
  /**
   * The next month a payment is expected (`YYYY-MM`) and the rule that gives it:
   * `next_run` (no reason: the cycle's run pays it), `after_hold` (only a cleared hold still in
   * effect: the first run after it), `when_threshold_reached` (below the threshold only: the first
   * run where the balance reaches it; `month` is when the pending earnings alone would get there,
   * null when they would not), `blocked` (another reason: none until it is cleared), `nothing_due`
   * (no earnings payable or pending), `unknown` (no FX rate to value the balance).
   */
  nextPayment: { rule: NextPaymentRule; month: string | null };
}

export interface PayoutStatus {
  /** `YYYY-MM`: the run previewed (this month if it has no run yet, else next month). */
  cycle: string;
  /** `YYYY-MM-DD`: the reasons are checked as of today. */
  checkedOn: string;
  latestRun: { cycle: string; status: string } | null;
  pairs: PairStatus[];
}

/** Exact enough for a USD value: a quotient is rounded to 10 places, as the run does. */
const Exact = Decimal.clone({ precision: 80, rounding: Decimal.ROUND_HALF_UP });

const addMonths = (month: string, n: number) => {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 7);
};

interface GroupRow {
  location_code: string;
  location_name: string;
  program_code: string;
  program_names: ProgramFile['name'];
  usd: string | null;
  earnings: number;
  missing_fx: boolean;
  threshold_usd: string;
  reasons: HoldReason[];
  estimated: boolean;
  amounts: { currency: string; amount: string }[] | null;
  enrollment_status: string | null;
  tax_status: string | null;
  tax_expired: boolean;
  assigned: boolean;
  profile_status: string | null;
  profile_archived: boolean;
  hold_set: boolean;
  hold_effective_from: string | null;
  location_uuid: string;
  program_id: string;
}

/**
 * "Why wasn't I paid", live: for each (location, program) the reader sees (enrolled, or with
 * earnings), what the next run would do with it, by the same SQL the run uses
 * (`payableGroups(payableSums(…))`), with every reason's action and where it is done, progress
 * toward the threshold, the pending earnings and the next month a payment is expected.
 * Where the cycle's FX rates are not imported yet, the latest earlier rates value the balance.
 */
export async function payoutStatus(ctx: Pick<AppContext, 'db' | 'now'>, reader: EarningsReader): Promise<PayoutStatus> {
  const now = ctx.now();
  const today = now.toISOString().slice(0, 10);
  const thisMonth = monthOf(now);
  const cycle = (await currentRunOf(ctx.db.orm, thisMonth)) ? `${addMonths(thisMonth.slice(0, 7), 1)}-01` : thisMonth;
  const month = cycle.slice(0, 7);
  const nextMonth = addMonths(today.slice(0, 7), 1);

  const visible = sql`(select distinct organization_id, location_id, program_id from (
      select organization_id, location_id, program_id from enrollments where status = 'enrolled'
      union select organization_id, location_id, program_id from earning_totals) v
     where ${scopeAndFilters(reader, {}, 'v')})`;
  const latestRate = (currency: ReturnType<typeof sql.raw>) =>
    sql`(select r.units_per_usd from fx_rates r where r.currency = ${currency} and r.month <= ${cycle}::date order by r.month desc limit 1)`;
  const groups = rowsOf<GroupRow>(
    await ctx.db.orm.execute(sql`
      with sums as (
        select s.organization_id, s.location_id, s.program_id, s.currency, s.sum, s.earnings,
               coalesce(s.units_per_usd, ${latestRate(sql.raw('s.currency'))}) as units_per_usd,
               s.units_per_usd is null as estimated
          from ${payableSums(cycle, scopeAndFilters(reader, {}, 'e'))} s
        union all
        -- every visible pair, so one with nothing payable is checked too (a zero adds nothing)
        select organization_id, location_id, program_id, 'USD', 0, 0, 1, false from ${visible} v
      )
      select g.usd::text as usd, g.earnings, g.missing_fx, g.threshold_usd::text as threshold_usd, g.reasons,
             l.location_id as location_code, l.name as location_name, l.id as location_uuid, pr.id as program_id,
             pr.code as program_code, pv.definition->'name' as program_names,
             coalesce((select bool_or(s.estimated) from sums s where s.organization_id = g.organization_id and s.location_id = g.location_id and s.program_id = g.program_id), false) as estimated,
             (select json_agg(json_build_object('currency', x.currency, 'amount', x.sum::text) order by x.currency)
                from (select s.currency, sum(s.sum) as sum from sums s
                       where s.organization_id = g.organization_id and s.location_id = g.location_id and s.program_id = g.program_id and s.earnings > 0
                       group by s.currency) x) as amounts,
             en.status::text as enrollment_status, tp.status::text as tax_status, coalesce(tp.expires_on < ${today}::date, false) as tax_expired,
             a.payment_profile_id is not null as assigned, pp.status::text as profile_status, pp.archived_at is not null as profile_archived,
             coalesce(a.hold, false) as hold_set, to_char(a.hold_effective_from, 'YYYY-MM') as hold_effective_from
        from ${payableGroups(sql`sums`, cycle, today)} g
        join locations l on l.organization_id = g.organization_id and l.id = g.location_id
        join programs pr on pr.id = g.program_id
        join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version
        left join enrollments en on en.organization_id = g.organization_id and en.location_id = g.location_id and en.program_id = g.program_id
        left join tax_profiles tp on tp.organization_id = g.organization_id and tp.location_id = g.location_id
        left join payout_assignments a on a.organization_id = g.organization_id and a.location_id = g.location_id and a.program_id = g.program_id
        left join payment_profiles pp on pp.organization_id = a.organization_id and pp.id = a.payment_profile_id
       order by l.location_id, pr.code`),
  );

  // Not yet payable in the cycle, per pair, currency and the month each becomes payable.
  const pending = rowsOf<{ location_id: string; program_id: string; currency: string; month: string; sum: string; earnings: number }>(
    await ctx.db.orm.execute(sql`
      select t.location_id, t.program_id, t.currency, to_char(t.billed_month + make_interval(months => d.delay_months), 'YYYY-MM') as month,
             sum(t.earning)::text as sum, sum(t.earnings)::int as earnings
        from earning_totals t join ${programDelays} d on d.program_id = t.program_id
       where ${scopeAndFilters(reader, {}, 't')} and t.billed_month + make_interval(months => d.delay_months) > ${cycle}::date
       group by 1, 2, 3, 4
       order by 4`),
  );
  const rates = new Map(
    rowsOf<{ currency: string; units: string }>(
      await ctx.db.orm.execute(sql`select distinct on (currency) currency, units_per_usd::text as units from fx_rates where month <= ${cycle}::date order by currency, month desc`),
    ).map((r) => [r.currency, r.units]),
  );
  rates.set('USD', '1');

  const [latest] = rowsOf<{ id: string; cycle: string; status: string }>(
    await ctx.db.orm.execute(sql`select id, to_char(cycle, 'YYYY-MM') as cycle, status::text as status from payment_runs where status <> 'discarded' order by cycle desc limit 1`),
  );
  const lastPayments = latest
    ? rowsOf<{ location_id: string; program_id: string; id: string; status: PaymentStatus; net: string; currency: string }>(
        await ctx.db.orm.execute(sql`select p.location_id, p.program_id, p.id, p.status::text as status, p.net::text as net, p.payout_currency as currency
           from payments p where p.run_id = ${latest.id} and ${scopeAndFilters(reader, {}, 'p')}`),
      )
    : [];
  const lastHolds = latest
    ? rowsOf<{ location_id: string; program_id: string; reasons: HoldReason[]; usd: string; threshold_usd: string }>(
        await ctx.db.orm.execute(sql`select h.location_id, h.program_id, h.reasons, h.usd::text as usd, h.threshold_usd::text as threshold_usd
           from payment_holds h where h.run_id = ${latest.id} and ${scopeAndFilters(reader, {}, 'h')}`),
      )
    : [];
  const samePair = (g: GroupRow) => (r: { location_id: string; program_id: string }) => r.location_id === g.location_uuid && r.program_id === g.program_id;

  const pairs = groups.map((g): PairStatus => {
    const pairPending = pending.filter(samePair(g));
    const reasons = g.reasons.map((code) => reasonView(code, g, nextMonth));
    const payment = lastPayments.find(samePair(g));
    const hold = lastHolds.find(samePair(g));
    const usd = g.missing_fx ? null : g.usd;
    return {
      location: { locationId: g.location_code, name: g.location_name },
      program: { code: g.program_code, name: g.program_names[reader.locale as Locale] ?? g.program_names.en },
      payable: {
        earnings: g.earnings,
        amounts: (g.amounts ?? []).map((a) => ({ currency: a.currency, amount: plainDecimal(a.amount) })),
        usd,
        thresholdUsd: g.threshold_usd,
        progress: usd === null ? 0 : Math.min(1, Math.max(0, new Exact(usd).div(g.threshold_usd).toNumber())),
        fxEstimated: g.estimated,
      },
      pending: {
        earnings: pairPending.reduce((n, p) => n + p.earnings, 0),
        amounts: sumByCurrency(pairPending),
        firstPayableMonth: pairPending[0]?.month ?? null,
      },
      reasons,
      lastRun: latest
        ? {
            cycle: latest.cycle,
            payment: payment ? { id: payment.id, status: payment.status, net: payment.net, currency: payment.currency } : null,
            hold: hold ? { reasons: hold.reasons, usd: hold.usd, thresholdUsd: hold.threshold_usd } : null,
          }
        : null,
      nextPayment: nextPayment(g, reasons, usd, pairPending, rates, month),
    };
  });
  return { cycle: month, checkedOn: today, latestRun: latest ? { cycle: latest.cycle, status: latest.status } : null, pairs };
}

function sumByCurrency(rows: { currency: string; sum: string }[]): { currency: string; amount: string }[] {
  const sums = new Map<string, Decimal>();
  for (const r of rows) sums.set(r.currency, (sums.get(r.currency) ?? new Exact(0)).plus(r.sum));
  return [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, sum]) => ({ currency, amount: plainDecimal(sum.toFixed()) }));
}

function reasonView(code: HoldReason, g: GroupRow, nextMonth: string): HoldReasonView {
  const pair = `/incentives/${encodeURIComponent(g.location_code)}/${encodeURIComponent(g.program_code)}`;
  const earnings = `/earnings?location=${encodeURIComponent(g.location_code)}&program=${encodeURIComponent(g.program_code)}`;
  switch (code) {
    case 'enrollment':
      return { code, detail: g.enrollment_status ?? 'none', action: 'openEnrollment', link: pair };
    case 'tax_profile':
      return {
        code,
        detail: g.tax_status === null ? 'missing' : g.tax_expired ? 'expired' : g.tax_status,
        action: 'openTaxProfile',
        link: `/tax-profiles#location-${encodeURIComponent(g.location_code)}`,
      };
    case 'payment_profile':
      return g.assigned
        ? { code, detail: g.profile_archived ? 'archived' : g.profile_status, action: 'openPaymentProfiles', link: '/payment-profiles' }
        : { code, detail: 'unassigned', action: 'choosePaymentProfile', link: `${pair}#payout` };
    case 'partner_hold':
      // Set: clearing it now frees the runs from next month. Cleared: it still holds until its month.
      return g.hold_set
        ? { code, detail: 'set', action: 'clearHold', link: `${pair}#payout`, month: nextMonth }
        : { code, detail: 'cleared', action: 'clearHold', link: `${pair}#payout`, month: g.hold_effective_from };
    case 'payment_returned':
      return { code, detail: null, action: 'confirmBankDetails', link: '/payment-profiles' };
    case 'negative_balance':
    case 'below_threshold':
      return { code, detail: null, action: 'seeEarnings', link: earnings };
  }
}

function nextPayment(
  g: GroupRow,
  reasons: HoldReasonView[],
  usd: string | null,
  pending: { currency: string; month: string; sum: string }[],
  rates: Map<string, string>,
  cycle: string,
): PairStatus['nextPayment'] {
  const blocking = reasons.filter((r) => r.code !== 'below_threshold');
  if (blocking.length === 1 && blocking[0]!.code === 'partner_hold' && blocking[0]!.detail === 'cleared' && !reasons.some((r) => r.code === 'below_threshold')) {
    return { rule: 'after_hold', month: blocking[0]!.month ?? null };
  }
  if (blocking.length > 0) return { rule: 'blocked', month: null };
  if (usd === null) return { rule: 'unknown', month: null };
  if (reasons.length === 0) return { rule: 'next_run', month: cycle };
  if (g.earnings === 0 && pending.length === 0) return { rule: 'nothing_due', month: null };
  // Below the threshold: the first month the pending earnings, added as they become payable,
  // bring the balance to it (valued as the run does, at the rates known today).
  const sums = new Map<string, Decimal>();
  for (const a of g.amounts ?? []) sums.set(a.currency, new Exact(a.amount));
  const months = [...new Set(pending.map((p) => p.month))];
  for (const m of months) {
    for (const p of pending.filter((x) => x.month === m)) sums.set(p.currency, (sums.get(p.currency) ?? new Exact(0)).plus(p.sum));
    let total = new Exact(0);
    for (const [currency, sum] of sums) {
      const rate = rates.get(currency);
      if (!rate) return { rule: 'when_threshold_reached', month: null };
      total = total.plus(sum.div(rate).toDecimalPlaces(10, Exact.ROUND_HALF_UP));
    }
    if (total.toDecimalPlaces(2, Exact.ROUND_HALF_UP).gte(g.threshold_usd)) return { rule: 'when_threshold_reached', month: m };
  }
  return { rule: 'when_threshold_reached', month: null };
}

