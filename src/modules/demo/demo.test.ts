import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { calculateEarnings } from '../earnings/calculate.ts';
import { manualAdjustmentReasons } from '../earnings/schema.ts';
import { systemActor } from '../identity/actor.ts';
import { holdReasons } from '../payments/schema.ts';
import { organizationsWithOpenEnrollments, syncEnrollmentsWithProfiles } from '../profiles/completion.ts';
import { checkInvariants } from '../system/check.ts';
import { demoBillingMonthCount, monthBefore } from './demo-billing.ts';
import { loadDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date());
  await loadDemo(t.ctx);
}, 120_000);
afterAll(() => t.close());

describe('the demo data set', () => {
  it('has tax profiles and payment profiles in every status', async () => {
    const tax = await t.db.query<{ status: string }>('select distinct status::text as status from tax_profiles order by 1');
    const month = new Date().getUTCMonth();
    // A form signed three years ago is Expiring soon in the last quarter of the year, Valid before.
    const expected = ['action_required', 'expired', ...(month >= 9 ? ['expiring_soon'] : []), 'pending_validation', 'valid'];
    expect(tax.map((r) => r.status)).toEqual(expected);
    const payment = await t.db.query<{ status: string; archived: boolean }>(
      'select distinct status::text as status, archived_at is not null as archived from payment_profiles order by 1, 2',
    );
    expect(payment).toEqual([
      { status: 'action_required', archived: false },
      { status: 'approved', archived: false },
      { status: 'approved', archived: true },
      { status: 'pending_validation', archived: false },
    ]);
    expect(await t.db.query("select 1 from bank_change_requests where status = 'pending'")).toHaveLength(1);
    expect(await t.db.query('select 1 from hold_changes')).toHaveLength(1);
  });

  it('keeps enrollments and profiles consistent: a sync moves nothing', async () => {
    let moved = 0;
    for (const organizationId of await organizationsWithOpenEnrollments(t.db.orm)) {
      moved += await t.db.orm.transaction((tx) => syncEnrollmentsWithProfiles(t.ctx, tx, systemActor(), organizationId, { reason: 'check' }));
    }
    expect(moved).toBe(0);
  });

  it('stores no account number or tax id in the clear', async () => {
    const rows = await t.db.query<{ row: string }>(
      "select t::text as row from tax_profiles t union all select p::text from payment_profiles p union all select b::text from bank_change_requests b",
    );
    const dump = rows.map((r) => r.row).join('\n');
    for (const secret of ['124-81-00998', '1248100998', '483920175', 'DE89370400440532013000', '9876543210', '04-3187265']) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain('v1.');
  });

  it('has 18 months of billing lines up to last month in USD, KRW and TWD, with credits, through the real imports', async () => {
    const today = new Date();
    const perCurrency = await t.db.query<{ currency: string; months: number; first: string; last: string; credits: number; decimals: boolean }>(
      `select currency, count(distinct billed_month)::int as months, to_char(min(billed_month), 'YYYY-MM') as first,
              to_char(max(billed_month), 'YYYY-MM') as last, count(distinct billed_month) filter (where amount < 0)::int as credits,
              bool_or(amount <> trunc(amount)) as decimals
         from billing_lines group by currency order by currency`,
    );
    const span = { months: demoBillingMonthCount, first: monthBefore(today, demoBillingMonthCount), last: monthBefore(today, 1) };
    expect(perCurrency).toEqual([
      // Credits in every month somewhere; won and New Taiwan dollars whole, dollars with cents.
      { currency: 'KRW', ...span, credits: expect.any(Number), decimals: false },
      { currency: 'TWD', ...span, credits: expect.any(Number), decimals: false },
      { currency: 'USD', ...span, credits: expect.any(Number), decimals: true },
    ]);
    const [credits] = await t.db.query<{ months: number }>('select count(distinct billed_month)::int as months from billing_lines where amount < 0');
    expect(credits!.months).toBe(demoBillingMonthCount);
    const [size] = await t.db.query<{ lines: number; most: number }>(
      'select sum(n)::int as lines, max(n)::int as most from (select count(*) as n from billing_lines group by location_id, billed_month) x',
    );
    expect(size!.lines).toBeGreaterThan(3000);
    expect(size!.most).toBeLessThanOrEqual(60);
    // Customers named in their own language.
    const names = await t.db.query<{ currency: string; name: string }>("select distinct currency, customer_name as name from billing_lines where currency <> 'USD'");
    expect(names.some((n) => n.currency === 'KRW' && /\p{Script=Hangul}/u.test(n.name))).toBe(true);
    expect(names.some((n) => n.currency === 'TWD' && /\p{Script=Han}/u.test(n.name))).toBe(true);
    // Every month's file and the corrections went through the billing import.
    const [runs] = await t.db.query<{ billing: number; fx: number }>(
      "select count(*) filter (where kind = 'billing' and status = 'done')::int as billing, count(*) filter (where kind = 'fx' and status = 'done')::int as fx from import_runs",
    );
    expect(runs).toEqual({ billing: demoBillingMonthCount + 1, fx: demoBillingMonthCount });
  });

  it('has FX rates for KRW, TWD and EUR in every billed month', async () => {
    const rates = await t.db.query<{ currency: string; missing: number; low: string; high: string }>(
      `select f.currency, (select count(distinct b.billed_month) from billing_lines b
                             where not exists (select 1 from fx_rates g where g.month = b.billed_month and g.currency = f.currency))::int as missing,
              min(units_per_usd)::text as low, max(units_per_usd)::text as high
         from fx_rates f group by f.currency order by f.currency`,
    );
    expect(rates.map((r) => [r.currency, r.missing])).toEqual([['EUR', 0], ['KRW', 0], ['TWD', 0]]);
    const range = Object.fromEntries(rates.map((r) => [r.currency, [Number(r.low), Number(r.high)]]));
    expect(range.KRW![0]).toBeGreaterThanOrEqual(1300);
    expect(range.KRW![1]).toBeLessThanOrEqual(1450);
    expect(range.TWD![0]).toBeGreaterThanOrEqual(30);
    expect(range.TWD![1]).toBeLessThanOrEqual(33);
  });

  it('takes the revenue of the billed months from the billing lines, converted at their FX rates', async () => {
    const [check] = await t.db.query<{ months: number; differ: number; before: number }>(
      `with billed as (
         select b.location_id, b.billed_month as month,
                round(sum(case when b.currency = 'USD' then b.amount else b.amount::numeric(38, 14) / f.units_per_usd end), 4) as usd
           from billing_lines b left join fx_rates f on f.month = b.billed_month and f.currency = b.currency
          group by 1, 2
       )
       select count(*)::int as months,
              count(*) filter (where r.usd is distinct from b.usd)::int as differ,
              (select count(*) from location_revenue where month < (select min(billed_month) from billing_lines))::int as before
         from billed b full join location_revenue r on r.location_id = b.location_id and r.month = b.month
        where b.month is not null or r.month >= (select min(billed_month) from billing_lines)`,
    );
    // Ten locations bill; the months before the billing are kept only for the indirect providers.
    expect(check).toEqual({ months: 10 * demoBillingMonthCount, differ: 0, before: 3 * 12 });
  });

  it('corrects lines with new versions and settles them, and a retroactive rate change, by Recalculation adjustments', async () => {
    const corrected = await t.db.query<{ line_id: string; version: number; versions: number }>(
      'select b.line_id, b.version, (select count(*) from billing_line_versions v where v.line_id = b.line_id)::int as versions from billing_lines b where b.version > 1 order by 1',
    );
    expect(corrected).toHaveLength(5);
    expect(corrected.every((c) => c.version === 2 && c.versions === 2)).toBe(true);

    const adjustments = await t.db.query<{ currency: string; program_version: number; code: string; n: number }>(
      `select e.currency, e.program_version, p.code, count(*)::int as n from earnings e join programs p on p.id = e.program_id
        where e.kind = 'adjustment' and e.reason = 'Recalculation' group by 1, 2, 3 order by 1, 2, 3`,
    );
    expect(new Set(adjustments.map((a) => a.currency))).toEqual(new Set(['KRW', 'USD']));
    // CSP-DIRECT's second version raised azure for three past months: its adjustments use it.
    expect(adjustments.some((a) => a.code === 'CSP-DIRECT' && a.program_version === 2 && a.n > 3)).toBe(true);

    // The line moved to the next month: its old month's earnings are reversed in full.
    const reversed = await t.db.query<{ code: string; lever: string; left: string }>(
      `select p.code, e.lever_code as lever, sum(e.earning)::text as left from earnings e
         join billing_lines b on b.line_id = e.line_id join programs p on p.id = e.program_id
        where e.billed_month <> b.billed_month group by 1, 2 order by 1, 2`,
    );
    expect(reversed).toEqual([
      { code: 'CSP-COOP-PILOT', lever: 'COOP', left: '0.0000000000' },
      { code: 'CSP-INDIRECT', lever: 'COOP', left: '0.0000000000' },
      { code: 'CSP-INDIRECT', lever: 'CORE', left: '0.0000000000' },
    ]);
    const [reversal] = await t.db.query<{ n: number }>(
      `select count(*)::int as n from earnings e join billing_lines b on b.line_id = e.line_id
        where e.billed_month <> b.billed_month and e.kind = 'adjustment' and e.reason = 'Recalculation' and e.earning < 0 and e.amount is null`,
    );
    expect(reversal!.n).toBe(3);
  });

  it('has manual adjustments with a reason code and a comment, and credits that earn negative amounts', async () => {
    const manual = await t.db.query<{ reason: string; comment: string; currency: string; earning: string }>(
      "select reason, comment, currency, earning::text from earnings where line_id is null order by currency, reason, earning",
    );
    expect(manual.map((m) => [m.currency, m.reason, m.earning])).toEqual([
      ['KRW', 'Policy exception', '450000.0000000000'],
      ['USD', 'Ops adjustment', '-312.5000000000'],
      ['USD', 'Previous period earnings', '-480.0000000000'],
      ['USD', 'Previous period earnings', '150.0000000000'],
    ]);
    expect(manual.every((m) => (manualAdjustmentReasons as readonly string[]).includes(m.reason) && m.comment.length > 10)).toBe(true);
    expect(await t.db.query("select 1 from audit_events where action = 'earnings.adjusted'")).toHaveLength(4);
    expect((await t.db.query("select 1 from earnings where kind = 'calculated' and earning < 0")).length).toBeGreaterThan(0);
  });

  it('owes, for every key, amount × rate of the current line version and program version', async () => {
    const [keys] = await t.db.query<{ keys: number; off: number; gone: number }>(`
      with target as (
        select b.line_id, e.program_id, r.lever_code, b.location_id, b.billed_month, b.currency, b.amount * r.rate as earning
          from billing_lines b
          join enrollments e on e.organization_id = b.organization_id and e.location_id = b.location_id
               and e.earnings_start <= b.billed_month and (e.earnings_end is null or b.billed_month <= e.earnings_end)
          join programs p on p.id = e.program_id
          join program_rates r on r.program_id = p.id and r.version = p.current_version and r.product_category = b.product_category
               and r.from_month <= b.billed_month and (r.to_month is null or b.billed_month <= r.to_month)
      ),
      recorded as (
        select line_id, program_id, lever_code, location_id, billed_month, currency, sum(earning) as earning
          from earnings where line_id is not null group by 1, 2, 3, 4, 5, 6
      )
      select count(*)::int as keys,
             count(*) filter (where coalesce(t.earning, 0) <> coalesce(r.earning, 0))::int as off,
             count(*) filter (where t.earning is null)::int as gone
        from target t full join recorded r using (line_id, program_id, lever_code, location_id, billed_month, currency)`);
    expect(keys!.keys).toBeGreaterThan(1000);
    expect(keys).toMatchObject({ off: 0, gone: 3 });
  });

  it('is calculated: a second calculation records nothing', async () => {
    const again = await calculateEarnings(t.ctx, systemActor());
    expect(again).toMatchObject({ calculated: 0, adjusted: 0 });
    const [calculations] = await t.db.query<{ n: number }>("select count(*)::int as n from calculations where status = 'done' and (calculated > 0 or adjusted > 0)");
    expect(calculations!.n).toBeGreaterThan(10);
  });

  it('has two payment runs: last month\'s approved by a second Finance operator, paid and one payment returned; this month\'s Upcoming', async () => {
    const today = new Date();
    const runs = await t.db.query<{ cycle: string; status: string; created_by: string; approved_by: string | null; payments: number; holds: number }>(
      "select to_char(cycle, 'YYYY-MM') as cycle, status::text, created_by, approved_by, payments, holds from payment_runs order by cycle",
    );
    expect(runs).toEqual([
      { cycle: monthBefore(today, 2), status: 'approved', created_by: 'finance@accrue.example', approved_by: 'finance.approver@accrue.example', payments: 2, holds: expect.any(Number) },
      { cycle: monthBefore(today, 1), status: 'upcoming', created_by: 'finance@accrue.example', approved_by: null, payments: 1, holds: expect.any(Number) },
    ]);
    const paid = await t.db.query<{ cycle: string; location: string; code: string; status: string; currency: string }>(
      `select to_char(p.cycle, 'YYYY-MM') as cycle, l.location_id as location, pr.code, p.status::text, p.payout_currency as currency
         from payments p join locations l on l.id = p.location_id join programs pr on pr.id = p.program_id order by 1, 2`,
    );
    expect(paid).toEqual([
      { cycle: monthBefore(today, 2), location: 'L-2000003', code: 'CSP-INDIRECT', status: 'reversed', currency: 'USD' },
      { cycle: monthBefore(today, 2), location: 'L-2000317', code: 'CSP-DIRECT', status: 'sent', currency: 'KRW' },
      { cycle: monthBefore(today, 1), location: 'L-2000317', code: 'CSP-DIRECT', status: 'upcoming', currency: 'KRW' },
    ]);
    // An open dispute of the Sent payment, opened within the 30 days after it was sent.
    const [dispute] = await t.db.query<{ status: string; payment: string; within: boolean }>(
      `select d.status::text, p.status::text as payment, d.opened_at < p.sent_on + 30 as within
         from payment_disputes d join payments p on p.id = d.payment_id`,
    );
    expect(dispute).toEqual({ status: 'open', payment: 'sent', within: true });
  });

  it("holds groups in this month's run for every reason not to pay", async () => {
    const reasons = await t.db.query<{ reason: string }>(
      `select distinct unnest(h.reasons) as reason from payment_holds h join payment_runs r on r.id = h.run_id where r.status = 'upcoming' order by 1`,
    );
    expect(reasons.map((r) => r.reason)).toEqual([...holdReasons].sort());
  });

  it('keeps every invariant that accrue check verifies', async () => {
    const report = await checkInvariants(t.ctx);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });
});
