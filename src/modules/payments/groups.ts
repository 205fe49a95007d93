import { sql, type SQL } from 'drizzle-orm';
import { programDelays } from '../earnings/status.ts';
import { holdReasons } from './schema.ts';

/** Each program's payment threshold in USD, from its current version (default 200.00). */
export const programThresholds = sql`(select p.id as program_id, coalesce((v.definition->>'threshold_usd')::numeric, 200.00)::numeric(24,2) as threshold_usd
     from programs p join program_versions v on v.program_id = p.id and v.version = p.current_version)`;

/** The earnings `e` payable in cycle `cycle` (`YYYY-MM-01`): delay over, not in a live payment. */
export function payableEarnings(cycle: string, where: SQL = sql`true`): SQL {
  return sql`(select e.organization_id, e.id, e.location_id, e.program_id, e.currency, e.earning
     from earnings e
     join ${programDelays} d on d.program_id = e.program_id
    where e.billed_month + make_interval(months => d.delay_months) <= ${cycle}::date
      and not exists (select 1 from payment_earnings pe where pe.organization_id = e.organization_id and pe.earning_id = e.id and pe.live)
      and ${where})`;
}

/**
 * The payable earnings of cycle `cycle` summed per (location, program, source currency), with the
 * cycle's FX rate of that currency (null where none was imported; USD is 1): earnings.md §4 step 2.
 */
export function payableSums(cycle: string, where: SQL = sql`true`): SQL {
  return sql`(select s.organization_id, s.location_id, s.program_id, s.currency, s.sum, s.earnings,
          case when s.currency = 'USD' then 1::numeric else r.units_per_usd end as units_per_usd
     from (select organization_id, location_id, program_id, currency, sum(earning) as sum, count(*)::int as earnings
             from ${payableEarnings(cycle, where)} e
            group by organization_id, location_id, program_id, currency) s
     left join fx_rates r on r.month = ${cycle}::date and r.currency = s.currency)`;
}

/**
 * Every (location, program) with payable earnings in cycle `cycle`, checked on `date`
 * (`YYYY-MM-DD`): its USD value `usd = round(Σ_A round(s_A / units_per_usd[A], 10), 2)` (null when
 * a rate is missing), the reasons not to pay in the order of earnings.md §4 step 4, and what a
 * payment would need (assigned profile, payout currency, withholding rate as a fraction).
 * `sums` is `payableSums(…)` or a table holding it.
 */
export function payableGroups(sums: SQL, cycle: string, date: string): SQL {
  const [enrollment, taxProfile, paymentProfile, partnerHold, paymentReturned, negativeBalance, belowThreshold] = holdReasons;
  return sql`(select g.organization_id, g.location_id, g.program_id, g.usd, g.earnings, g.missing_fx, th.threshold_usd,
          a.payment_profile_id, a.payout_currency,
          case when tp.form = 'W-9' then 0::numeric
               when tp.treaty_accepted and tp.treaty_rate is not null then tp.treaty_rate / 100
               else 0.30 end::numeric(7,4) as withholding_rate,
          array_remove(array[
            case when en.status is distinct from 'enrolled' then ${enrollment} end,
            case when tp.id is null or tp.status not in ('valid', 'expiring_soon') or tp.expires_on < ${date}::date then ${taxProfile} end,
            case when pp.id is null or pp.status <> 'approved' or pp.archived_at is not null then ${paymentProfile} end,
            case when coalesce((select hc.hold from hold_changes hc
                                 where hc.organization_id = g.organization_id and hc.location_id = g.location_id and hc.program_id = g.program_id
                                   and hc.effective_from <= ${cycle}::date
                                 order by hc.effective_from desc, hc.at desc limit 1), false) then ${partnerHold} end,
            case when exists (select 1 from payments rp
                               where rp.organization_id = g.organization_id and rp.location_id = g.location_id and rp.program_id = g.program_id
                                 and rp.status = 'reversed'
                                 and rp.payment_profile_id is not distinct from a.payment_profile_id
                                 and not (pp.status = 'approved' and pp.reviewed_at > rp.status_changed_at)) then ${paymentReturned} end,
            case when g.usd < 0 then ${negativeBalance} end,
            case when g.usd >= 0 and g.usd < th.threshold_usd then ${belowThreshold} end
          ]::text[], null) as reasons
     from (select organization_id, location_id, program_id,
                  round(sum(round(sum::numeric(60,20) / units_per_usd, 10)), 2)::numeric(24,2) as usd,
                  sum(earnings)::int as earnings, bool_or(units_per_usd is null) as missing_fx
             from ${sums} s
            group by organization_id, location_id, program_id) g
     join ${programThresholds} th on th.program_id = g.program_id
     left join enrollments en on en.organization_id = g.organization_id and en.location_id = g.location_id and en.program_id = g.program_id
     left join tax_profiles tp on tp.organization_id = g.organization_id and tp.location_id = g.location_id
     left join payout_assignments a on a.organization_id = g.organization_id and a.location_id = g.location_id and a.program_id = g.program_id
     left join payment_profiles pp on pp.organization_id = a.organization_id and pp.id = a.payment_profile_id)`;
}
