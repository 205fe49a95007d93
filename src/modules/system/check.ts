import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { minorUnits } from '../money/currency.ts';

/** One row that breaks an invariant: its table, its id (or key), and what is wrong with it. */
export interface Problem {
  table: string;
  id: string;
  detail: string;
}

export interface InvariantCheck {
  name: string;
  description: string;
  ok: boolean;
  /** How many rows break it; `problems` lists the first `maxProblems` of them. */
  count: number;
  problems: Problem[];
}

export interface CheckReport {
  ok: boolean;
  checks: InvariantCheck[];
}

/** The most offending rows listed per check; all of them are counted. */
export const maxProblems = 1000;

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/**
 * A check: queries that each select the offending rows as `(tbl, id, detail)`. `minor` is a
 * relation `(currency, minor)` of the minor-unit digits of every payout currency in use.
 */
interface Invariant {
  name: string;
  description: string;
  rules: (minor: SQL) => SQL[];
}

const live = sql`('upcoming', 'in_progress', 'sent')`;

/** A payment's linked earnings per source currency, from the earnings themselves. */
const linkedSums = sql`(select pe.organization_id, pe.payment_id, e.currency, sum(e.earning) as sum
     from payment_earnings pe join earnings e on e.organization_id = pe.organization_id and e.id = pe.earning_id
    group by pe.organization_id, pe.payment_id, e.currency)`;

const invariants: Invariant[] = [
  {
    name: 'earning_in_one_live_payment',
    description: 'An earning is in at most one live payment, and each link says whether its payment is live',
    rules: () => [
      sql`select 'earnings' as tbl, pe.earning_id::text as id,
                 'is in ' || count(distinct p.id) || ' live payments: ' || string_agg(distinct p.id::text, ', ') as detail
            from payment_earnings pe join payments p on p.organization_id = pe.organization_id and p.id = pe.payment_id
           where pe.live or p.status in ${live}
           group by pe.organization_id, pe.earning_id
          having count(distinct p.id) > 1`,
      sql`select 'payment_earnings' as tbl, pe.payment_id || '/' || pe.earning_id as id,
                 case when p.id is null then 'links a payment that does not exist'
                      else 'is ' || case when pe.live then 'live' else 'not live' end || ' but its payment is ' || p.status end as detail
            from payment_earnings pe left join payments p on p.organization_id = pe.organization_id and p.id = pe.payment_id
           where p.id is null or pe.live <> (p.status in ${live})`,
      sql`select 'payment_earnings' as tbl, pe.payment_id || '/' || pe.earning_id as id,
                 'links an earning that does not exist in the payment''s organization' as detail
            from payment_earnings pe
           where not exists (select 1 from earnings e where e.organization_id = pe.organization_id and e.id = pe.earning_id)`,
    ],
  },
  {
    name: 'payment_equals_its_earnings',
    description:
      'Each payment equals its linked earnings of its location and program, converted and rounded as earnings.md §4 says',
    rules: (minor) => [
      sql`select 'payment_earnings' as tbl, pe.payment_id || '/' || pe.earning_id as id,
                 'links an earning of another ' ||
                 concat_ws(' and ', case when e.location_id <> p.location_id then 'location' end, case when e.program_id <> p.program_id then 'program' end) ||
                 ' than its payment''s' as detail
            from payment_earnings pe
            join payments p on p.organization_id = pe.organization_id and p.id = pe.payment_id
            join earnings e on e.organization_id = pe.organization_id and e.id = pe.earning_id
           where e.location_id <> p.location_id or e.program_id <> p.program_id`,
      sql`select 'payment_amounts' as tbl, coalesce(a.payment_id, l.payment_id) || '/' || coalesce(a.currency, l.currency) as id,
                 case when a.payment_id is null then 'is missing: its linked earnings in ' || l.currency || ' sum to ' || l.sum
                      when l.payment_id is null then 'sum ' || a.sum || ', but no linked earning is in ' || a.currency
                      else 'sum ' || a.sum || ', but its linked earnings sum to ' || l.sum end as detail
            from payment_amounts a
            full join ${linkedSums} l on l.organization_id = a.organization_id and l.payment_id = a.payment_id and l.currency = a.currency
           where a.sum is distinct from l.sum`,
      sql`select 'payment_amounts' as tbl, a.payment_id || '/' || a.currency as id,
                 concat_ws('; ',
                   case when a.converted <> round((a.sum * a.payout_units_per_usd)::numeric(60, 20) / a.units_per_usd, 10)
                        then 'converted ' || a.converted || ', but sum × rate of ' || p.payout_currency || ' / rate of ' || a.currency || ' = '
                             || round((a.sum * a.payout_units_per_usd)::numeric(60, 20) / a.units_per_usd, 10) end,
                   case when a.currency = 'USD' and a.units_per_usd <> 1 then 'the US dollar at ' || a.units_per_usd || ' per dollar' end,
                   case when p.payout_currency = 'USD' and a.payout_units_per_usd <> 1 then 'the US dollar payout at ' || a.payout_units_per_usd || ' per dollar' end,
                   case when a.currency = p.payout_currency and a.units_per_usd <> a.payout_units_per_usd
                        then 'two rates of ' || a.currency || ': ' || a.units_per_usd || ' and ' || a.payout_units_per_usd end) as detail
            from payment_amounts a join payments p on p.organization_id = a.organization_id and p.id = a.payment_id
           where a.converted <> round((a.sum * a.payout_units_per_usd)::numeric(60, 20) / a.units_per_usd, 10)
              or (a.currency = 'USD' and a.units_per_usd <> 1)
              or (p.payout_currency = 'USD' and a.payout_units_per_usd <> 1)
              or (a.currency = p.payout_currency and a.units_per_usd <> a.payout_units_per_usd)`,
      sql`select 'payments' as tbl, id::text as id, detail from (
            select p.id, concat_ws('; ',
                     case when x.amounts = 0 then 'has no amounts' end,
                     case when x.rates > 1 then 'its amounts use ' || x.rates || ' different rates of ' || p.payout_currency end,
                     case when p.gross is distinct from x.gross then 'gross ' || p.gross || ', but its amounts give ' || coalesce(x.gross::text, 'nothing') end,
                     case when scale(p.gross) <> m.minor or scale(p.withholding) <> m.minor or scale(p.net) <> m.minor
                          then 'gross, withholding and net need exactly ' || m.minor || ' decimals in ' || p.payout_currency end,
                     case when p.withholding <> round(p.gross * p.withholding_rate, m.minor)
                          then 'withholding ' || p.withholding || ', but gross × ' || p.withholding_rate || ' = ' || round(p.gross * p.withholding_rate, m.minor) end,
                     case when p.net <> p.gross - p.withholding then 'net ' || p.net || ', but gross − withholding = ' || (p.gross - p.withholding) end,
                     case when p.usd is distinct from x.usd then 'USD value ' || p.usd || ', but its amounts give ' || coalesce(x.usd::text, 'nothing') end
                   ) as detail
              from payments p
              left join ${minor} m on m.currency = p.payout_currency
              cross join lateral (
                select count(*) as amounts, count(distinct a.payout_units_per_usd) as rates,
                       round(sum(a.converted), m.minor) as gross,
                       round(sum(round(a.sum::numeric(60, 20) / a.units_per_usd, 10)), 2) as usd
                  from payment_amounts a where a.organization_id = p.organization_id and a.payment_id = p.id) x
          ) q where detail <> ''`,
    ],
  },
  {
    name: 'append_only_tables',
    description: 'The triggers that keep tables append-only (and earning totals current) exist and are enabled',
    rules: () => [
      sql`select 'pg_trigger' as tbl, v.tbl || '.' || v.trigger as id,
                 case when t.oid is null then 'is missing' else 'is disabled' end as detail
            from (values ('earnings', 'earnings_no_update_delete'), ('earnings', 'earnings_add_to_totals'),
                         ('billing_line_versions', 'billing_line_versions_no_update_delete'),
                         ('payment_amounts', 'payment_amounts_no_update_delete'), ('payment_events', 'payment_events_no_update_delete'),
                         ('audit_events', 'audit_events_no_update_delete'), ('audit_events', 'audit_events_no_truncate'),
                         ('enrollment_transitions', 'enrollment_transitions_no_update_delete'),
                         ('hold_changes', 'hold_changes_no_update_delete')) as v(tbl, trigger)
            left join (pg_class c join pg_namespace n on n.oid = c.relnamespace and n.nspname = current_schema()) on c.relname = v.tbl
            left join pg_trigger t on t.tgrelid = c.oid and t.tgname = v.trigger
           where t.oid is null or t.tgenabled not in ('O', 'A')`,
    ],
  },
  {
    name: 'earnings_unchanged',
    description:
      'Earnings never changed: totals equal their sums, calculated earnings their line versions, lines their latest version',
    rules: () => [
      sql`select 'earning_totals' as tbl,
                 coalesce(l.location_id, k.location_id::text) || ' ' || coalesce(pr.code, k.program_id::text) || ' ' || k.lever_code || ' '
                   || to_char(k.billed_month, 'YYYY-MM') || ' ' || k.currency || ' ' || k.kind as id,
                 'total ' || coalesce(t.earning::text, 'none') || ' of ' || coalesce(t.earnings, 0) || ' earnings, but the earnings sum to '
                   || coalesce(s.earning::text, 'nothing') || ' over ' || coalesce(s.earnings, 0) as detail
            from earning_totals t
            full join (select organization_id, location_id, program_id, lever_code, billed_month, currency, kind, sum(earning) as earning, count(*) as earnings
                         from earnings group by 1, 2, 3, 4, 5, 6, 7) s
              on s.organization_id = t.organization_id and s.location_id = t.location_id and s.program_id = t.program_id and s.lever_code = t.lever_code
             and s.billed_month = t.billed_month and s.currency = t.currency and s.kind = t.kind
            cross join lateral (select coalesce(t.location_id, s.location_id) as location_id, coalesce(t.program_id, s.program_id) as program_id,
                                       coalesce(t.lever_code, s.lever_code) as lever_code, coalesce(t.billed_month, s.billed_month) as billed_month,
                                       coalesce(t.currency, s.currency) as currency, coalesce(t.kind, s.kind) as kind) k
            left join locations l on l.id = k.location_id
            left join programs pr on pr.id = k.program_id
           where t.earning is distinct from s.earning or t.earnings is distinct from s.earnings`,
      sql`select 'earnings' as tbl, e.id::text as id,
                 case when v.line_id is null then 'its billing line ' || e.line_id || ' has no version ' || coalesce(e.line_version::text, '(none)')
                 else concat_ws('; ',
                   case when e.amount is distinct from v.amount then 'amount ' || coalesce(e.amount::text, 'none') || ', but line version ' || v.version || ' has ' || v.amount end,
                   case when e.earning is distinct from e.amount * e.rate then 'earning ' || e.earning || ', but amount × rate = ' || coalesce((e.amount * e.rate)::text, 'nothing') end,
                   case when (e.location_id, e.billed_month, e.currency) is distinct from (v.location_id, v.billed_month, v.currency)
                        then 'location, billed month or currency differs from line version ' || v.version end) end as detail
            from earnings e
            left join billing_line_versions v on v.organization_id = e.organization_id and v.line_id = e.line_id and v.version = e.line_version
           where e.kind = 'calculated'
             and (v.line_id is null or e.amount is distinct from v.amount or e.earning is distinct from e.amount * e.rate
                  or (e.location_id, e.billed_month, e.currency) is distinct from (v.location_id, v.billed_month, v.currency))`,
      sql`select 'earnings' as tbl, string_agg(e.id::text, ', ' order by e.id) as id,
                 count(*) || ' calculated earnings for one key: line ' || e.line_id || ', lever ' || e.lever_code || ', ' || to_char(e.billed_month, 'YYYY-MM') || ' ' || e.currency as detail
            from earnings e
           where e.kind = 'calculated'
           group by e.organization_id, e.line_id, e.program_id, e.lever_code, e.location_id, e.billed_month, e.currency
          having count(*) > 1`,
      sql`select 'billing_lines' as tbl, b.line_id as id,
                 case when v.line_id is null then 'its version ' || b.version || ' is not among its versions'
                      when b.version <> v.latest then 'is version ' || b.version || ', but version ' || v.latest || ' is the latest'
                      else 'differs from its version ' || b.version end as detail
            from billing_lines b
            left join (select *, max(version) over (partition by line_id) as latest from billing_line_versions) v on v.line_id = b.line_id and v.version = b.version
           where v.line_id is null or b.version <> v.latest
              or (b.organization_id, b.location_id, b.customer_id, b.customer_name, b.product_sku, b.product_category, b.billed_month, b.currency, b.amount, b.quantity, b.import_id)
                 is distinct from
                 (v.organization_id, v.location_id, v.customer_id, v.customer_name, v.product_sku, v.product_category, v.billed_month, v.currency, v.amount, v.quantity, v.import_id)`,
      sql`select 'billing_line_versions' as tbl, v.line_id as id, 'has versions but no current line' as detail
            from billing_line_versions v
           where not exists (select 1 from billing_lines b where b.line_id = v.line_id)
           group by v.line_id`,
    ],
  },
  {
    name: 'payment_runs',
    description: "Payment runs agree with their payments and held groups; one run per cycle",
    rules: () => [
      sql`select 'payment_runs' as tbl, r.id::text as id,
                 concat_ws('; ',
                   case when r.payments <> x.payments then 'counts ' || r.payments || ' payments, but has ' || x.payments end,
                   case when r.holds <> x.holds then 'counts ' || r.holds || ' held groups, but has ' || x.holds end,
                   case when r.status = 'approved' and (r.approved_by_user_id is null or r.approved_at is null) then 'is approved by nobody' end) as detail
            from payment_runs r
            cross join lateral (select (select count(*) from payments p where p.run_id = r.id) as payments,
                                       (select count(*) from payment_holds h where h.run_id = r.id) as holds) x
           where r.payments <> x.payments or r.holds <> x.holds or (r.status = 'approved' and (r.approved_by_user_id is null or r.approved_at is null))`,
      sql`select 'payment_runs' as tbl, to_char(cycle, 'YYYY-MM') as id,
                 count(*) || ' runs are not discarded: ' || string_agg(id::text, ', ' order by id) as detail
            from payment_runs where status <> 'discarded' group by cycle having count(*) > 1`,
      sql`select 'payments' as tbl, p.id::text as id,
                 concat_ws('; ',
                   case when p.cycle <> r.cycle then 'is of cycle ' || to_char(p.cycle, 'YYYY-MM') || ', its run of ' || to_char(r.cycle, 'YYYY-MM') end,
                   case when not (case r.status when 'upcoming' then p.status in ('upcoming', 'rejected')
                                               when 'discarded' then p.status in ('discarded', 'rejected')
                                               else p.status in ('in_progress', 'sent', 'reversed', 'rejected') end)
                        then 'is ' || p.status || ' in a run that is ' || r.status end) as detail
            from payments p join payment_runs r on r.id = p.run_id
           where p.cycle <> r.cycle
              or not (case r.status when 'upcoming' then p.status in ('upcoming', 'rejected')
                                    when 'discarded' then p.status in ('discarded', 'rejected')
                                    else p.status in ('in_progress', 'sent', 'reversed', 'rejected') end)`,
      sql`select 'payment_holds' as tbl, h.run_id || '/' || coalesce(l.location_id, h.location_id::text) || '/' || coalesce(pr.code, h.program_id::text) as id,
                 concat_ws('; ',
                   case when h.cycle <> r.cycle then 'is of cycle ' || to_char(h.cycle, 'YYYY-MM') || ', its run of ' || to_char(r.cycle, 'YYYY-MM') end,
                   case when exists (select 1 from payments p where p.run_id = h.run_id and p.organization_id = h.organization_id
                                        and p.location_id = h.location_id and p.program_id = h.program_id)
                        then 'the group is also paid in the same run' end) as detail
            from payment_holds h join payment_runs r on r.id = h.run_id
            left join locations l on l.id = h.location_id
            left join programs pr on pr.id = h.program_id
           where h.cycle <> r.cycle
              or exists (select 1 from payments p where p.run_id = h.run_id and p.organization_id = h.organization_id
                            and p.location_id = h.location_id and p.program_id = h.program_id)`,
    ],
  },
  {
    name: 'payment_states',
    description: "Payment states agree with their timelines and bank days; only payments that were sent are disputed",
    rules: () => [
      sql`select 'payments' as tbl, p.id::text as id,
                 concat_ws('; ',
                   case when not exists (select 1 from payment_events ev where ev.organization_id = p.organization_id and ev.payment_id = p.id and ev.status = p.status)
                        then 'is ' || p.status || ', but its timeline never says so' end,
                   case when p.status = 'sent' and p.sent_on is null then 'is sent on no day' end,
                   case when p.status = 'reversed' and p.returned_on is null then 'is reversed, returned on no day' end) as detail
            from payments p
           where not exists (select 1 from payment_events ev where ev.organization_id = p.organization_id and ev.payment_id = p.id and ev.status = p.status)
              or (p.status = 'sent' and p.sent_on is null)
              or (p.status = 'reversed' and p.returned_on is null)`,
      sql`select 'payment_disputes' as tbl, d.id::text as id, 'disputes payment ' || d.payment_id || ', which was never sent' as detail
            from payment_disputes d
           where not exists (select 1 from payment_events ev where ev.organization_id = d.organization_id and ev.payment_id = d.payment_id and ev.status = 'sent')`,
    ],
  },
];

/** The names of the checks `checkInvariants` runs, in order. */
export const invariantNames = invariants.map((i) => i.name);

async function minorUnitsInUse(tx: Tx): Promise<SQL> {
  const currencies = rowsOf<{ currency: string }>(await tx.execute(sql`select distinct payout_currency as currency from payments order by 1`)).map((r) => r.currency);
  const rows = currencies.length ? sql.join(currencies.map((c) => sql`(${c}::text, ${minorUnits(c)}::int)`), sql`, `) : sql`(null::text, null::int)`;
  return sql`(select * from (values ${rows}) as v(currency, minor))`;
}

/**
 * Verifies the invariants of earnings.md on the live database, set-based, in one read-only
 * snapshot: every check with the rows that break it (the first `maxProblems`) and their count.
 */
export async function checkInvariants(ctx: Pick<AppContext, 'db'>): Promise<CheckReport> {
  return ctx.db.orm.transaction(
    async (tx) => {
      const minor = await minorUnitsInUse(tx);
      const checks: InvariantCheck[] = [];
      for (const invariant of invariants) {
        let count = 0;
        const problems: Problem[] = [];
        for (const rule of invariant.rules(minor)) {
          const rows = rowsOf<{ tbl: string; id: string; detail: string; total: string | number }>(
            await tx.execute(sql`select r.tbl, r.id, r.detail, count(*) over () as total from (${rule}) r order by r.tbl, r.id limit ${maxProblems}`),
          );
          count += Number(rows[0]?.total ?? 0);
          for (const row of rows) if (problems.length < maxProblems) problems.push({ table: row.tbl, id: row.id, detail: row.detail });
        }
        checks.push({ name: invariant.name, description: invariant.description, ok: count === 0, count, problems });
      }
      return { ok: checks.every((c) => c.ok), checks };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
