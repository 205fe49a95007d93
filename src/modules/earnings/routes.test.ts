import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { addLocation, calculate, earningsProgram, enroll, importLines, recordProgram, seedEarnings, type BillingLine } from '../../../test/helpers/earnings.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/**
 * The worked example's lines and a few more, seen on 2026-11-20 with a payment delay of 2:
 * September is payable, October and November are pending.
 */
const lines = (): BillingLine[] => [
  { lineId: 'A-1', customerId: 'C-1', customerName: 'Customer One', category: 'modern-work', month: '2026-09', amount: '2500.00' },
  { lineId: 'A-2', customerId: 'C-2', customerName: 'Customer Two', category: 'azure', month: '2026-09', amount: '1234.5678' },
  { lineId: 'A-3', customerId: 'C-2', customerName: 'Customer Two', category: 'azure', month: '2026-09', amount: '-100.00' },
  { lineId: 'B-1', customerId: 'C-3', customerName: 'Customer Three', category: 'azure', month: '2026-10', amount: '500.00' },
  { lineId: 'B-2', customerId: 'C-4', customerName: 'Customer Four', category: 'azure', month: '2026-11', currency: 'KRW', amount: '10000' },
  // A line no rate matches earns nothing.
  { lineId: 'X-1', customerId: 'C-5', customerName: 'Customer Five', category: 'dynamics', month: '2026-09', amount: '999.00' },
];

async function partnerAdmin(organizationId: string): Promise<Browser> {
  return signedIn(t, await seedUser(t, { organizationId, roles: ['global_admin'] }));
}

async function get<T = Record<string, unknown>>(b: Browser, path: string, status = 200): Promise<T> {
  const res = await b.request(path);
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body as T;
}

type Page = { earnings: Record<string, unknown>[]; total: number; page: number; pageSize: number };
const lineIds = (page: Page) => page.earnings.map((e) => e.lineId);

describe('the earnings list', () => {
  it("lists the organization's earnings newest billed month first, each with its line's customer, its status and exact amounts", async () => {
    const seeded = await seedEarnings(t, lines);
    expect(seeded.calculation).toMatchObject({ calculated: 5, adjusted: 0 });
    const b = await partnerAdmin(seeded.organizationId);
    const page = await get<Page>(b, '/api/v1/earnings');
    expect(page.total).toBe(5);
    expect(lineIds(page).slice(0, 2)).toEqual(['B-2', 'B-1']);
    expect(new Set(lineIds(page).slice(2))).toEqual(new Set(['A-1', 'A-2', 'A-3']));
    const a2 = page.earnings.find((e) => e.lineId === 'A-2')!;
    expect(a2).toEqual({
      id: expect.any(String),
      lineId: 'A-2',
      lineVersion: 1,
      location: { locationId: seeded.publicLocationId, name: expect.any(String) },
      program: { code: seeded.programCode, name: 'Test rebate' },
      leverCode: 'CORE',
      earningType: 'REBATE',
      billedMonth: '2026-09',
      currency: 'USD',
      amount: '1234.5678',
      rate: '0.08',
      earning: '98.765424',
      kind: 'calculated',
      reason: null,
      status: 'payable',
      customerId: 'C-2',
      customerName: 'Customer Two',
      paymentId: null,
      createdAt: expect.any(String),
    });
    expect(page.earnings.map((e) => [e.lineId, e.earning, e.currency, e.status])).toEqual(
      expect.arrayContaining([
        ['A-1', '150.00', 'USD', 'payable'],
        ['A-3', '-8.00', 'USD', 'payable'],
        ['B-1', '40.00', 'USD', 'pending'],
        ['B-2', '800.00', 'KRW', 'pending'],
      ]),
    );
  });
});

const ids = async (b: Browser, query: string) => {
  const page = await get<Page>(b, `/api/v1/earnings?pageSize=200&${query}`);
  // The total (from earning_totals, or counted where a customer is asked for) matches the rows.
  expect(page.total, query).toBe(page.earnings.length);
  return lineIds(page);
};
const problem = async (b: Browser, path: string) => {
  const body = await get<{ errors: { field: string; rule: string }[] }>(b, path, 400);
  return body.errors.map((e) => `${e.field} ${e.rule}`);
};

describe('filters, sorting and pages', () => {
  it('filters by location, program, lever, months, customer, status and kind, and refuses bad filters by field and rule', async () => {
    const seeded = await seedEarnings(t, lines);
    const b = await partnerAdmin(seeded.organizationId);
    const sorted = async (query: string) => (await ids(b, query)).sort();
    expect(await sorted(`location=${seeded.publicLocationId}`)).toEqual(['A-1', 'A-2', 'A-3', 'B-1', 'B-2']);
    expect(await sorted('location=L-999999999')).toEqual([]);
    expect(await sorted(`program=${seeded.programCode}`)).toHaveLength(5);
    expect(await sorted('program=NO-SUCH')).toEqual([]);
    expect(await sorted('lever=CORE')).toHaveLength(5);
    expect(await sorted('lever=BONUS')).toEqual([]);
    expect(await sorted('from=2026-10')).toEqual(['B-1', 'B-2']);
    expect(await sorted('to=2026-09')).toEqual(['A-1', 'A-2', 'A-3']);
    expect(await sorted('from=2026-10&to=2026-10')).toEqual(['B-1']);
    expect(await sorted('customer=customer%20two')).toEqual(['A-2', 'A-3']);
    expect(await sorted('customer=C-4')).toEqual(['B-2']);
    expect(await sorted('customer=%25')).toEqual([]);
    expect(await sorted('status=pending')).toEqual(['B-1', 'B-2']);
    expect(await sorted('status=payable')).toEqual(['A-1', 'A-2', 'A-3']);
    expect(await sorted('status=paid')).toEqual([]);
    expect(await sorted('kind=calculated')).toHaveLength(5);
    expect(await sorted('kind=adjustment')).toEqual([]);
    expect(await sorted('status=payable&customer=two&to=2026-09')).toEqual(['A-2', 'A-3']);

    expect(await problem(b, '/api/v1/earnings?from=2026-13')).toEqual(['query.from month']);
    expect(await problem(b, '/api/v1/earnings?from=2026-10&to=2026-09')).toEqual(['query.to before_from']);
    expect(await problem(b, '/api/v1/earnings?sort=amount')).toEqual(['query.sort invalid_value']);
    expect(await problem(b, '/api/v1/earnings?status=sent')).toEqual(['query.status invalid_value']);
    expect(await problem(b, '/api/v1/earnings?location=2000317')).toEqual(['query.location location_id_format']);
    expect(await problem(b, '/api/v1/earnings?pageSize=500')).toEqual(['query.pageSize too_big']);
    expect(await problem(b, '/api/v1/earnings?month=2026-09')).toEqual(['query.month unrecognized_keys']);
    expect(await problem(b, '/api/v1/earnings/summary?to=2026-9')).toEqual(['query.to month']);
  });

  it('sorts by each column both ways, the id breaking ties, and pages through every earning once', async () => {
    const seeded = await seedEarnings(t, lines);
    const b = await partnerAdmin(seeded.organizationId);
    expect(await ids(b, 'sort=earning&direction=asc')).toEqual(['A-3', 'B-1', 'A-2', 'A-1', 'B-2']);
    expect(await ids(b, 'sort=earning&direction=desc')).toEqual(['B-2', 'A-1', 'A-2', 'B-1', 'A-3']);
    const customers = await ids(b, 'sort=customer&direction=asc');
    expect(customers.slice(0, 3)).toEqual(['B-2', 'A-1', 'B-1']);
    expect(new Set(customers.slice(3))).toEqual(new Set(['A-2', 'A-3']));
    expect((await ids(b, 'sort=billed_month&direction=asc')).slice(3)).toEqual(['B-1', 'B-2']);
    expect(await ids(b, 'sort=location&direction=asc')).toHaveLength(5);
    expect(await ids(b, 'sort=program&direction=desc')).toHaveLength(5);

    // A later calculation's earnings come first by time recorded.
    t.clock.advance(60_000);
    await importLines(t, seeded.publicLocationId, [{ lineId: 'C-1', category: 'azure', month: '2026-09', amount: '10.00' }]);
    await calculate(t);
    expect((await ids(b, 'sort=created_at&direction=desc'))[0]).toBe('C-1');
    expect((await ids(b, 'sort=created_at&direction=asc'))[5]).toBe('C-1');

    const all = await ids(b, '');
    const pages = [];
    for (let page = 1; page <= 4; page++) {
      const result = await get<Page>(b, `/api/v1/earnings?pageSize=2&page=${page}`);
      expect(result).toMatchObject({ total: 6, page, pageSize: 2 });
      pages.push(...lineIds(result));
    }
    expect(pages).toEqual(all);
  });
});

describe('who reads which earnings', () => {
  it('shows an Incentive user only the earnings of the (location, program) pairs in their scope', async () => {
    const seeded = await seedEarnings(t, () => []);
    const second = await addLocation(t, seeded.organizationId, 'Annex');
    await enroll(t, seeded.organizationId, second.id, seeded.programId);
    await importLines(t, seeded.publicLocationId, [
      { lineId: 'M-1', customerName: 'Main One', category: 'azure', month: '2026-09', amount: '100.00' },
      { lineId: 'M-2', customerName: 'Main Two', category: 'modern-work', month: '2026-10', amount: '200.00' },
      { lineId: 'S-1', location: second.locationId, customerName: 'Annex One', category: 'azure', month: '2026-09', amount: '1000.00' },
    ]);
    await calculate(t);

    const admin = await partnerAdmin(seeded.organizationId);
    expect((await ids(admin, '')).sort()).toEqual(['M-1', 'M-2', 'S-1']);
    const mainFirst = seeded.publicLocationId < second.locationId;
    expect((await ids(admin, 'sort=location&direction=asc'))[mainFirst ? 2 : 0]).toBe('S-1');

    const scoped = await signedIn(
      t,
      await seedUser(t, { organizationId: seeded.organizationId, roles: ['incentive_user'], scopes: [{ locationId: seeded.locationId, programCode: seeded.programCode }] }),
    );
    expect((await ids(scoped, '')).sort()).toEqual(['M-1', 'M-2']);
    expect(await ids(scoped, `location=${second.locationId}`)).toEqual([]);
    expect(await ids(scoped, 'customer=annex')).toEqual([]);
    const summary = await get<{ notYetPaid: unknown }>(scoped, '/api/v1/earnings/summary');
    expect(summary.notYetPaid).toEqual([{ currency: 'USD', amount: '20.00' }]);
    const annexEarning = (await get<Page>(admin, `/api/v1/earnings?location=${second.locationId}`)).earnings[0]!;
    await get(scoped, `/api/v1/earnings/${annexEarning.id}`, 404);
    const csv = await get<string>(scoped, '/api/v1/earnings.csv');
    expect(csv.split('\r\n').filter(Boolean).map((line) => line.split(',')[1])).toEqual(['line_id', 'M-1', 'M-2']);

    const otherProgram = await signedIn(
      t,
      await seedUser(t, { organizationId: seeded.organizationId, roles: ['incentive_user'], scopes: [{ locationId: seeded.locationId, programCode: 'OTHER-PROGRAM' }] }),
    );
    expect(await ids(otherProgram, '')).toEqual([]);
    expect((await get<{ notYetPaid: unknown }>(otherProgram, '/api/v1/earnings/summary')).notYetPaid).toEqual([]);
  });

  it("lets operators read a partner's earnings under the partner's id, and nobody else's under their own", async () => {
    const seeded = await seedEarnings(t, lines);
    const other = await seedEarnings(t, (p) => [{ lineId: 'O-1', location: p.publicLocationId, category: 'azure', month: '2026-09', amount: '1.00' }]);
    const support = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['support'] }));
    const base = `/api/v1/partners/${seeded.partnerId}/earnings`;
    const page = await get<Page>(support, base);
    expect(page.total).toBe(5);
    const otherEarning = (await get<Page>(support, `/api/v1/partners/${other.partnerId}/earnings`)).earnings[0]!;
    await get(support, `${base}/${otherEarning.id}`, 404);
    await get(support, `${base}/${page.earnings[0]!.id}`, 200);
    expect((await get<{ notYetPaid: unknown }>(support, `${base}/summary`)).notYetPaid).toEqual([
      { currency: 'KRW', amount: '800.00' },
      { currency: 'USD', amount: '280.765424' },
    ]);
    await get(support, '/api/v1/partners/P-999999999/earnings', 404);
    await get(support, '/api/v1/earnings', 403);

    const partner = await partnerAdmin(seeded.organizationId);
    await get(partner, base, 403);
    await get(partner, `/api/v1/earnings/${otherEarning.id}`, 404);
  });
});

describe('the summary', () => {
  it("sums this month, each program's own fiscal year, not yet paid and paid per currency, exactly, with the chart per month, program and lever", async () => {
    const core = earningsProgram({
      levers: [
        {
          code: 'CORE',
          earning_type: 'REBATE',
          rates: [
            { product_category: 'modern-work', rate: '0.06', from: '2026-01' },
            { product_category: 'azure', rate: '0.08', from: '2026-07' },
          ],
        },
      ],
    });
    const seeded = await seedEarnings(t, lines, core, { earningsStart: '2026-01' });
    // A second program with a calendar fiscal year and its own lever.
    const calendar = earningsProgram({
      name: { en: 'Calendar bonus', 'zh-TW': '年度獎金', 'ko-KR': '연간 보너스' },
      fiscal_year: { start: '2026-01-01', end: '2026-12-31' },
      levers: [{ code: 'BONUS', earning_type: 'ACCELERATOR', rates: [{ product_category: 'azure', rate: '0.01', from: '2026-01' }] }],
    });
    const calendarId = await recordProgram(t, calendar);
    await enroll(t, seeded.organizationId, seeded.locationId, calendarId, '2026-01');
    await importLines(t, seeded.publicLocationId, [
      { lineId: 'J-1', customerName: 'Customer June', category: 'azure', month: '2026-06', amount: '1000.00' },
      { lineId: 'J-2', customerName: 'Customer June', category: 'modern-work', month: '2026-06', amount: '1000.00' },
      // Sums with more digits than a float holds.
      { lineId: 'L-1', customerName: 'Customer Large', category: 'modern-work', month: '2026-08', amount: '1234567890123.4567' },
      { lineId: 'L-2', customerName: 'Customer Large', category: 'modern-work', month: '2026-08', amount: '987654321098.7654' },
    ]);
    await calculate(t);
    const b = await partnerAdmin(seeded.organizationId);
    const summary = await get<Record<string, unknown>>(b, '/api/v1/earnings/summary');

    // CORE: A-1 150, A-2 98.765424, A-3 -8 (2026-09), B-1 40 (2026-10), B-2 KRW 800 (2026-11), J-2 60 (2026-06),
    // L-1 74074073407.407402 + L-2 59259259265.925924 (2026-08). BONUS: 1 % of azure: J-1 10, A-2 12.345678,
    // A-3 -1, B-1 5, B-2 KRW 100. CORE's fiscal year starts in July, so J-2 is outside it; BONUS's in January.
    expect(summary.month).toBe('2026-11');
    expect(summary.thisMonth).toEqual([{ currency: 'KRW', amount: '900.00' }]);
    const programs = [
      {
        code: calendar.code,
        name: 'Calendar bonus',
        from: '2026-01',
        to: '2026-12',
        totals: [
          { currency: 'KRW', amount: '100.00' },
          { currency: 'USD', amount: '26.345678' },
        ],
      },
      {
        code: core.code,
        name: 'Test rebate',
        from: '2026-07',
        to: '2027-06',
        totals: [
          { currency: 'KRW', amount: '800.00' },
          { currency: 'USD', amount: '133333332954.09875' },
        ],
      },
    ].sort((x, y) => x.code.localeCompare(y.code));
    expect(summary.fiscalYear).toEqual({
      totals: [
        { currency: 'KRW', amount: '900.00' },
        { currency: 'USD', amount: '133333332980.444428' },
      ],
      programs,
    });
    expect(summary.notYetPaid).toEqual([
      { currency: 'KRW', amount: '900.00' },
      { currency: 'USD', amount: '133333333040.444428' },
    ]);
    expect(summary.paid).toEqual([]);
    expect(summary.byStatus).toEqual({
      pending: [
        { currency: 'KRW', amount: '900.00' },
        { currency: 'USD', amount: '45.00' },
      ],
      payable: [{ currency: 'USD', amount: '133333332995.444428' }],
      in_payment: [],
      paid: [],
    });
    const chart = summary.chart as { from: string; to: string; months: string[]; series: unknown[]; programs: unknown[] };
    expect(chart).toMatchObject({ from: '2025-06', to: '2026-11' });
    expect(chart.months).toHaveLength(18);
    expect(chart.programs).toEqual(programs.map((p) => ({ code: p.code, name: p.name })));
    const [c, bonus] = [core.code, calendar.code];
    expect(chart.series).toEqual(
      [
        { month: '2026-06', program: bonus, lever: 'BONUS', currency: 'USD', amount: '10.00' },
        { month: '2026-06', program: c, lever: 'CORE', currency: 'USD', amount: '60.00' },
        { month: '2026-08', program: c, lever: 'CORE', currency: 'USD', amount: '133333332673.333326' },
        { month: '2026-09', program: bonus, lever: 'BONUS', currency: 'USD', amount: '11.345678' },
        { month: '2026-09', program: c, lever: 'CORE', currency: 'USD', amount: '240.765424' },
        { month: '2026-10', program: bonus, lever: 'BONUS', currency: 'USD', amount: '5.00' },
        { month: '2026-10', program: c, lever: 'CORE', currency: 'USD', amount: '40.00' },
        { month: '2026-11', program: bonus, lever: 'BONUS', currency: 'KRW', amount: '100.00' },
        { month: '2026-11', program: c, lever: 'CORE', currency: 'KRW', amount: '800.00' },
      ].sort((x, y) => x.month.localeCompare(y.month) || x.program.localeCompare(y.program)),
    );

    // Filtered like the list; with a customer the sums come from the earnings themselves and agree.
    const filtered = await get<Record<string, unknown>>(b, `/api/v1/earnings/summary?program=${c}&from=2026-09&status=payable`);
    expect(filtered.notYetPaid).toEqual([{ currency: 'USD', amount: '240.765424' }]);
    expect((filtered.chart as { from: string }).from).toBe('2026-09');
    expect(await get(b, '/api/v1/earnings/summary?customer=customer')).toEqual(summary);
    const two = await get<Record<string, unknown>>(b, '/api/v1/earnings/summary?customer=two');
    expect(two.notYetPaid).toEqual([{ currency: 'USD', amount: '102.111102' }]);
    expect(two.thisMonth).toEqual([]);
  });
});

describe('one earning', () => {
  it('shows a calculated earning with its billing line version, the program version and rate it used', async () => {
    const seeded = await seedEarnings(t, lines);
    const b = await partnerAdmin(seeded.organizationId);
    const a2 = (await get<Page>(b, '/api/v1/earnings?customer=two&sort=earning&direction=desc')).earnings[0]!;
    const detail = await get<Record<string, unknown>>(b, `/api/v1/earnings/${a2.id}`);
    expect(detail).toMatchObject({
      id: a2.id,
      lineId: 'A-2',
      earning: '98.765424',
      rate: '0.08',
      status: 'payable',
      comment: null,
      recordedBy: null,
      programVersion: { version: 1, name: 'Test rebate', paymentDelayMonths: 2 },
      calculation: { id: seeded.calculation.id, at: '2026-11-20T09:00:00.000Z' },
      line: {
        lineId: 'A-2',
        version: 1,
        versions: 1,
        currentVersion: 1,
        locationId: seeded.publicLocationId,
        customerId: 'C-2',
        customerName: 'Customer Two',
        productSku: null,
        productCategory: 'azure',
        billedMonth: '2026-09',
        currency: 'USD',
        amount: '1234.5678',
        quantity: null,
      },
      history: [{ id: a2.id, kind: 'calculated', reason: null, billedMonth: '2026-09', currency: 'USD', earning: '98.765424', runningSum: '98.765424', lineVersion: 1 }],
    });
    await get(b, '/api/v1/earnings/00000000-0000-4000-8000-000000000000', 404);
    expect(await problem(b, '/api/v1/earnings/not-an-id')).toEqual(['path.id invalid_format']);
  });

  it('shows what a recalculation adjustment corrects: every earning of its line, program and lever with the running sum', async () => {
    const seeded = await seedEarnings(t, lines);
    t.clock.advance(3_600_000);
    // A-2 corrected to 1000.00; A-1 moved to October.
    await importLines(t, seeded.publicLocationId, [
      { lineId: 'A-2', customerId: 'C-2', customerName: 'Customer Two', category: 'azure', month: '2026-09', amount: '1000.00' },
      { lineId: 'A-1', customerId: 'C-1', customerName: 'Customer One', category: 'modern-work', month: '2026-10', amount: '2500.00' },
    ]);
    expect(await calculate(t)).toMatchObject({ calculated: 1, adjusted: 2 });
    const b = await partnerAdmin(seeded.organizationId);
    const adjustments = (await get<Page>(b, '/api/v1/earnings?kind=adjustment')).earnings;
    expect(adjustments.map((e) => [e.lineId, e.earning, e.reason, e.billedMonth]).sort()).toEqual([
      ['A-1', '-150.00', 'Recalculation', '2026-09'],
      ['A-2', '-18.765424', 'Recalculation', '2026-09'],
    ]);

    const delta = await get<Record<string, unknown>>(b, `/api/v1/earnings/${adjustments.find((e) => e.lineId === 'A-2')!.id}`);
    expect(delta).toMatchObject({
      kind: 'adjustment',
      reason: 'Recalculation',
      lineVersion: 2,
      line: { version: 2, versions: 2, currentVersion: 2, amount: '1000.00' },
    });
    expect((delta.history as Record<string, unknown>[]).map((h) => [h.kind, h.earning, h.runningSum, h.lineVersion])).toEqual([
      ['calculated', '98.765424', '98.765424', 1],
      ['adjustment', '-18.765424', '80.00', 2],
    ]);

    const reversal = await get<Record<string, unknown>>(b, `/api/v1/earnings/${adjustments.find((e) => e.lineId === 'A-1')!.id}`);
    expect((reversal.history as Record<string, unknown>[]).map((h) => [h.kind, h.billedMonth, h.earning, h.runningSum])).toEqual([
      ['calculated', '2026-09', '150.00', '150.00'],
      ['adjustment', '2026-09', '-150.00', '0.00'],
      ['calculated', '2026-10', '150.00', '150.00'],
    ]);
  });

  it("shows operators which operator recorded a manual adjustment, and partners only that the vendor did", async () => {
    const seeded = await seedEarnings(t, lines);
    const operator = await seedUser(t, { organizationId: null, roles: ['finance'] });
    // Recorded as the manual adjustment use case will record it (it has no route yet).
    const [manual] = await t.db.query<{ id: string }>(
      `insert into earnings (organization_id, id, location_id, program_id, program_version, lever_code, earning_type, billed_month, currency,
                             earning, kind, reason, comment, created_by_user_id, created_by, created_at)
       values ($1, gen_random_uuid(), $2, $3, 1, 'CORE', 'REBATE', '2026-09-01', 'USD', '25.5', 'adjustment', 'Ops adjustment', 'Goodwill for the outage', $4, $5, now())
       returning id`,
      [seeded.organizationId, seeded.locationId, seeded.programId, operator.id, operator.email],
    );
    const partner = await partnerAdmin(seeded.organizationId);
    const seen = await get<Record<string, unknown>>(partner, `/api/v1/earnings/${manual!.id}`);
    expect(seen).toMatchObject({ kind: 'adjustment', reason: 'Ops adjustment', comment: 'Goodwill for the outage', lineId: null, line: null, recordedBy: null, amount: null, rate: null });
    expect(seen.history).toEqual([expect.objectContaining({ id: manual!.id, earning: '25.50', runningSum: '25.50' })]);
    const finance = await signedIn(t, operator);
    const byOperator = await get<Record<string, unknown>>(finance, `/api/v1/partners/${seeded.partnerId}/earnings/${manual!.id}`);
    expect(byOperator.recordedBy).toEqual({ name: expect.any(String), email: operator.email });
    // The totals follow every insert.
    expect((await get<{ byStatus: { payable: unknown } }>(partner, '/api/v1/earnings/summary')).byStatus.payable).toEqual([{ currency: 'USD', amount: '266.265424' }]);
  });
});
