import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { importBilling } from '../billing/import-billing.ts';
import { importFx } from '../billing/import-fx.ts';
import { lockEarnings } from '../billing/lock.ts';
import type { ImportSource } from '../billing/runs.ts';
import { calculateEarnings } from '../earnings/calculate.ts';
import { earnings, type AdjustmentReason } from '../earnings/schema.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { minorUnits } from '../money/currency.ts';
import { locations } from '../partners/schema.ts';
import { programRates, programs } from '../programs/schema.ts';

type DemoClock = Pick<AppContext, 'db' | 'now'>;

/** How many months of billing the demo has: the eighteen up to last month. */
export const demoBillingMonthCount = 18;

/**
 * A seeded pseudo-random sequence (mulberry32 over an FNV-1a hash of `seed`): the same seed gives
 * the same demo on every load. It picks counts and shapes; amounts are computed from its whole
 * numbers with exact decimals.
 */
export function seededRandom(seed: string) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  let state = hash >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** A whole number from `min` to `max`, both included. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** True in `percent` cases out of a hundred. */
    chance: (percent: number) => next() * 100 < percent,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

type DemoCurrency = 'USD' | 'KRW' | 'TWD';

interface CatalogueItem {
  sku: string;
  category: string;
  /** `seat`: a subscription per user and month; `usage`: metered, billed by the unit. */
  kind: 'seat' | 'usage';
  /** Price of one seat or unit in each currency's price list (not converted at the FX rate). */
  price: Record<DemoCurrency, string>;
}

/**
 * What the demo's customers buy. modern-work, azure and security have rates in the demo programs;
 * business-apps, analytics and support have none, so their lines earn nothing.
 */
const catalogue = {
  suiteE3: { sku: 'MW-SUITE-E3', category: 'modern-work', kind: 'seat', price: { USD: '36.00', KRW: '49500', TWD: '1150' } },
  suiteE5: { sku: 'MW-SUITE-E5', category: 'modern-work', kind: 'seat', price: { USD: '57.00', KRW: '78400', TWD: '1820' } },
  business: { sku: 'MW-BUSINESS-PREMIUM', category: 'modern-work', kind: 'seat', price: { USD: '22.00', KRW: '30300', TWD: '700' } },
  voice: { sku: 'MW-VOICE', category: 'modern-work', kind: 'seat', price: { USD: '10.00', KRW: '13800', TWD: '320' } },
  endpoint: { sku: 'SEC-ENDPOINT-P2', category: 'security', kind: 'seat', price: { USD: '5.20', KRW: '7200', TWD: '166' } },
  identity: { sku: 'SEC-IDENTITY-P2', category: 'security', kind: 'seat', price: { USD: '9.00', KRW: '12400', TWD: '288' } },
  siem: { sku: 'SEC-SIEM-INGEST-GB', category: 'security', kind: 'usage', price: { USD: '2.46', KRW: '3400', TWD: '78.70' } },
  compute: { sku: 'AZ-COMPUTE-HOUR', category: 'azure', kind: 'usage', price: { USD: '0.192', KRW: '265', TWD: '6.15' } },
  storage: { sku: 'AZ-STORAGE-GB', category: 'azure', kind: 'usage', price: { USD: '0.0208', KRW: '28.7', TWD: '0.67' } },
  database: { sku: 'AZ-DATABASE-VCORE-HOUR', category: 'azure', kind: 'usage', price: { USD: '0.5044', KRW: '696', TWD: '16.14' } },
  reserved: { sku: 'AZ-RESERVED-VM-1Y', category: 'azure', kind: 'seat', price: { USD: '98.55', KRW: '136000', TWD: '3150' } },
  crm: { sku: 'BIZ-CRM-ENTERPRISE', category: 'business-apps', kind: 'seat', price: { USD: '105.00', KRW: '144500', TWD: '3350' } },
  erp: { sku: 'BIZ-ERP-ESSENTIALS', category: 'business-apps', kind: 'seat', price: { USD: '80.00', KRW: '110100', TWD: '2550' } },
  bi: { sku: 'BI-PRO', category: 'analytics', kind: 'seat', price: { USD: '14.00', KRW: '19300', TWD: '447' } },
  support: { sku: 'SUP-ADVANCED', category: 'support', kind: 'seat', price: { USD: '1250.00', KRW: '1720000', TWD: '39900' } },
} satisfies Record<string, CatalogueItem>;

const itemOf = (sku: string): CatalogueItem => Object.values(catalogue).find((c) => c.sku === sku)!;

/** Customer names by country; a customer keeps its id wherever it buys. */
const customerNames: Record<'US' | 'KR' | 'TW', string[]> = {
  US: [
    'Adventure Works Cycles', 'Alpine Ski House', 'Coho Winery', "Margie's Travel", 'Tailspin Toys', 'Wide World Importers',
    'Woodgrove Bank', 'Proseware, Inc.', 'Lamna Healthcare Company', 'Trey Research', 'Lucerne Publishing', 'Humongous Insurance',
    'Litware, Inc.', 'VanArsdel, Ltd.', 'Relecloud', 'A. Datum Corporation', 'First Up Consultants', 'Fourth Coffee',
    'Southridge Video', 'Wingtip Toys', 'Bellows College', 'Best For You Organics Company', 'Graphic Design Institute',
    'Consolidated Messenger', 'City Power & Light', "Munson's Pickles and Preserves Farm",
  ],
  KR: [
    '서울바이오 주식회사', '한강물산 주식회사', '동해해운 주식회사', '푸른숲건설 주식회사', '새벽식품 주식회사', '미소치과의원',
    '가온회계법인', '별빛게임즈 주식회사', '바른길 법률사무소', '하늘여행사', '청솔제약 주식회사', '온새미로디자인',
    '다솜의료재단', '한결물류 주식회사', '빛고을에너지 주식회사', '솔빛유치원', '금강정밀 주식회사', '제주감귤농업회사법인',
    '새봄커피', '우리마을협동조합',
  ],
  TW: [
    '青山精密工業股份有限公司', '海港物流股份有限公司', '晨光食品有限公司', '禾豐聯合會計師事務所', '明德國際實驗學校',
    '遠揚旅行社股份有限公司', '日新半導體股份有限公司', '綠野建設股份有限公司', '仁心診所', '星河遊戲股份有限公司',
    '正道法律事務所', '鼎盛貿易有限公司', '福元醫療器材股份有限公司', '清水茶業有限公司', '春田文創有限公司',
    '大樹書店有限公司', '永續能源科技股份有限公司', '海風餐飲集團股份有限公司', '竹南電子股份有限公司', '山嵐設計工作室',
  ],
};

interface BillingSite {
  locationId: string;
  country: 'US' | 'KR' | 'TW';
  currency: DemoCurrency;
  customers: number;
  /** Seats of a customer's suite, fewest and most. */
  seats: [number, number];
  /** Percent of its customers that run cloud workloads (azure usage). */
  cloud: number;
}

/**
 * The locations that bill: every one with an earning enrollment (Northwind Seattle, Contoso
 * Chicago, Fabrikam Denver, 한빛 서울), and some whose lines earn nothing (Fabrikam Boston still
 * validating, 雲橋 台北 completing its enrollment, resellers, and the indirect providers whose
 * billed revenue the eligibility rule reads: 누리 판교 stays below CSP-INDIRECT's minimum, Contoso
 * Chicago above it).
 */
const sites: BillingSite[] = [
  { locationId: 'L-2000001', country: 'US', currency: 'USD', customers: 12, seats: [25, 180], cloud: 40 },
  { locationId: 'L-2000003', country: 'US', currency: 'USD', customers: 12, seats: [40, 220], cloud: 70 },
  { locationId: 'L-2000004', country: 'US', currency: 'USD', customers: 9, seats: [15, 120], cloud: 40 },
  { locationId: 'L-2000005', country: 'US', currency: 'USD', customers: 11, seats: [20, 150], cloud: 60 },
  { locationId: 'L-2000317', country: 'KR', currency: 'KRW', customers: 12, seats: [30, 200], cloud: 60 },
  { locationId: 'L-2000318', country: 'KR', currency: 'KRW', customers: 8, seats: [10, 60], cloud: 20 },
  { locationId: 'L-2000008', country: 'KR', currency: 'KRW', customers: 5, seats: [2, 8], cloud: 0 },
  { locationId: 'L-2000012', country: 'TW', currency: 'TWD', customers: 11, seats: [20, 140], cloud: 50 },
  { locationId: 'L-2000013', country: 'TW', currency: 'TWD', customers: 8, seats: [10, 80], cloud: 30 },
  { locationId: 'L-2000014', country: 'TW', currency: 'TWD', customers: 8, seats: [10, 60], cloud: 40 },
];

interface Subscription {
  item: CatalogueItem;
  /** Seats or units in the first month. */
  base: number;
  /** Percent it grows (or shrinks) over the eighteen months. */
  growth: number;
}

interface Customer {
  id: string;
  name: string;
  /** Month index (0 = the first billed month) of its first bill, and of the first without one. */
  from: number;
  until: number;
  subscriptions: Subscription[];
}

const customersOf = new Map<string, Customer[]>();

/** A site's customers and what each subscribes to: fixed per site, whatever the date. */
function siteCustomers(site: BillingSite): Customer[] {
  const known = customersOf.get(site.locationId);
  if (known) return known;
  const rng = seededRandom(`customers ${site.locationId}`);
  const pool = customerNames[site.country].map((name, i) => ({ name, id: `C-${site.country}-${String(1001 + i)}` }));
  const chosen: typeof pool = [];
  while (chosen.length < site.customers) {
    const candidate = rng.pick(pool);
    if (!chosen.includes(candidate)) chosen.push(candidate);
  }
  const customers = chosen.map(({ id, name }) => {
    const seats = rng.int(...site.seats);
    const growth = () => rng.int(-15, 45);
    const suite = seats < 40 ? rng.pick([catalogue.business, catalogue.suiteE3]) : rng.pick([catalogue.suiteE3, catalogue.suiteE3, catalogue.suiteE5]);
    const subscriptions: Subscription[] = [{ item: suite, base: seats, growth: growth() }];
    if (rng.chance(55)) subscriptions.push({ item: rng.pick([catalogue.endpoint, catalogue.identity]), base: seats, growth: growth() });
    if (rng.chance(30)) subscriptions.push({ item: catalogue.voice, base: Math.max(2, Math.round(seats / 4)), growth: growth() });
    if (rng.chance(30)) subscriptions.push({ item: rng.pick([catalogue.crm, catalogue.erp]), base: Math.max(3, Math.round(seats / 10)), growth: growth() });
    if (rng.chance(30)) subscriptions.push({ item: catalogue.bi, base: Math.max(2, Math.round(seats / 5)), growth: growth() });
    if (rng.chance(site.cloud)) {
      subscriptions.push({ item: catalogue.compute, base: rng.int(2, 16) * 730, growth: growth() });
      if (rng.chance(60)) subscriptions.push({ item: catalogue.storage, base: rng.int(2, 80) * 1000, growth: growth() });
      if (rng.chance(40)) subscriptions.push({ item: catalogue.database, base: rng.int(1, 6) * 730, growth: growth() });
      if (rng.chance(25)) subscriptions.push({ item: catalogue.reserved, base: rng.int(2, 12), growth: rng.int(0, 30) });
    }
    if (seats >= 40 && rng.chance(15)) subscriptions.push({ item: catalogue.siem, base: rng.int(50, 900), growth: growth() });
    if (seats >= 100 && rng.chance(20)) subscriptions.push({ item: catalogue.support, base: 1, growth: 0 });
    const from = rng.chance(30) ? rng.int(1, 10) : 0;
    const until = rng.chance(10) ? rng.int(Math.max(from + 4, 9), demoBillingMonthCount - 1) : demoBillingMonthCount;
    return { id, name, from, until, subscriptions };
  });
  customersOf.set(site.locationId, customers);
  return customers;
}

/** One row of a demo billing file. */
export interface DemoBillingLine {
  lineId: string;
  locationId: string;
  customerId: string;
  customerName: string;
  sku: string;
  category: string;
  /** `YYYY-MM`. */
  month: string;
  currency: DemoCurrency;
  amount: string;
  quantity: string | null;
}

/** Whole won and whole New Taiwan dollars (as invoices there are), cents in US dollars. */
const placesOf = (currency: DemoCurrency) => (currency === 'TWD' ? 0 : minorUnits(currency));

const amountOf = (quantity: Decimal.Value, price: string, currency: DemoCurrency) =>
  new Decimal(quantity).times(price).toFixed(placesOf(currency), Decimal.ROUND_HALF_UP);

/**
 * Every billing line of the month with index `index` (0 = the first of the eighteen), billed in
 * `month`: each active subscription, its seats or usage moving a little from month to month, and
 * a few credits (seats handed back, service credits on usage) as negative lines. Amounts are exact
 * decimals in the location's currency: cents in USD, whole won and whole New Taiwan dollars.
 */
export function demoBillingLines(index: number, month: string): DemoBillingLine[] {
  const bySite = new Map<string, DemoBillingLine[]>();
  for (const site of sites) {
    const rng = seededRandom(`usage ${site.locationId} ${index}`);
    const lines: DemoBillingLine[] = [];
    for (const customer of siteCustomers(site)) {
      if (index < customer.from || index >= customer.until) continue;
      for (const { item, base, growth } of customer.subscriptions) {
        // `growth` percent more (or less) by the last month, in even steps.
        const last = demoBillingMonthCount - 1;
        const trend = (base * (100 * last + growth * index)) / (100 * last);
        const quantity = Math.max(1, Math.round(item.kind === 'usage' ? (trend * rng.int(85, 120)) / 100 : trend));
        lines.push({
          lineId: '',
          locationId: site.locationId,
          customerId: customer.id,
          customerName: customer.name,
          sku: item.sku,
          category: item.category,
          month,
          currency: site.currency,
          amount: amountOf(quantity, item.price[site.currency], site.currency),
          quantity: String(quantity),
        });
      }
    }
    bySite.set(site.locationId, lines);
  }
  // Credits: a few a month, each on a line of this month.
  const rng = seededRandom(`credits ${index}`);
  const charged = [...bySite.values()].flat();
  for (let n = rng.int(2, 4); n > 0; n--) {
    const credited = rng.pick(charged);
    const lines = bySite.get(credited.locationId)!;
    const item = itemOf(credited.sku);
    if (item.kind === 'seat') {
      // Seats handed back within the month.
      const seats = Number(credited.quantity);
      const back = -Math.min(seats, rng.int(1, Math.max(1, Math.floor(seats / 10))));
      lines.push({ ...credited, quantity: String(back), amount: amountOf(back, item.price[credited.currency], credited.currency) });
    } else {
      // A service credit of 5 to 15 % of the month's usage.
      const amount = new Decimal(credited.amount).times(-rng.int(5, 15)).div(100).toFixed(placesOf(credited.currency), Decimal.ROUND_HALF_UP);
      lines.push({ ...credited, quantity: null, amount });
    }
  }
  const all: DemoBillingLine[] = [];
  for (const [locationId, lines] of bySite) {
    lines.forEach((line, i) => all.push({ ...line, lineId: `BL-${month.replace('-', '')}-${locationId.slice(2)}-${String(i + 1).padStart(4, '0')}` }));
  }
  return all;
}

const csvField = (value: string | null) => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function billingCsv(lines: readonly DemoBillingLine[]): string {
  const rows = lines.map((l) => [l.lineId, l.locationId, l.customerId, l.customerName, l.sku, l.category, l.month, l.currency, l.amount, l.quantity].map(csvField).join(','));
  return ['line_id,location_id,customer_id,customer_name,product_sku,product_category,billed_month,currency,amount,quantity', ...rows, ''].join('\n');
}

/** A file held in memory, read in chunks as an upload or a file on disk would be. */
export function textSource(name: string, text: string): ImportSource {
  const bytes = new TextEncoder().encode(text);
  const size = 64 * 1024;
  return {
    name,
    size: bytes.byteLength,
    chunks: (async function* () {
      for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
    })(),
  };
}

export interface DemoFxRate {
  month: string;
  currency: 'KRW' | 'TWD' | 'EUR';
  unitsPerUsd: string;
}

/**
 * The FX rates of the billed month with index `index`, from a seeded walk within realistic
 * ranges: KRW 1,300–1,450 and TWD 30–33 per dollar; EUR from a dollars-per-euro quote, so with
 * eight decimals.
 */
export function demoFxRates(index: number, month: string): DemoFxRate[] {
  const rng = seededRandom('fx');
  let krw = 136_500; // hundredths of a won
  let twd = 312_000; // ten-thousandths of a dollar
  let usdPerEur = 10_850; // ten-thousandths of a dollar
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
  for (let i = 0; i <= index; i++) {
    krw = clamp(krw + rng.int(-2_200, 2_200), 130_000, 145_000);
    twd = clamp(twd + rng.int(-4_500, 4_500), 300_000, 330_000);
    usdPerEur = clamp(usdPerEur + rng.int(-180, 180), 10_400, 11_800);
  }
  return [
    { month, currency: 'KRW', unitsPerUsd: new Decimal(krw).div(100).toFixed(2) },
    { month, currency: 'TWD', unitsPerUsd: new Decimal(twd).div(10_000).toFixed(4) },
    { month, currency: 'EUR', unitsPerUsd: new Decimal(10_000).div(usdPerEur).toDecimalPlaces(8, Decimal.ROUND_HALF_UP).toFixed(8) },
  ];
}

/** `YYYY-MM` of the month `back` months before `today`'s. */
export function monthBefore(today: Date, back: number): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
}

export interface DemoBillingMonth {
  /** 0 for the first of the eighteen months. */
  index: number;
  month: string;
  /** The day its FX rates and billing file arrive: the 3rd of the next month, or today if that is later. */
  arrivesOn: string;
}

export function demoBillingMonths(today: Date): DemoBillingMonth[] {
  const todayText = today.toISOString().slice(0, 10);
  return Array.from({ length: demoBillingMonthCount }, (_, index) => {
    const back = demoBillingMonthCount - index;
    const arrives = `${monthBefore(today, back - 1)}-03`;
    return { index, month: monthBefore(today, back), arrivesOn: arrives < todayText ? arrives : todayText };
  });
}

/**
 * A month's files arrive as they would from the billing system: the FX rates, then the billing
 * lines, each through the real import; the month is then calculated.
 */
export async function importDemoMonth(ctx: DemoClock, { index, month }: DemoBillingMonth): Promise<void> {
  const feed = systemActor();
  const rates = demoFxRates(index, month);
  await importFx(ctx, feed, textSource(`fx-${month}.csv`, ['month,currency,units_per_usd', ...rates.map((r) => `${r.month},${r.currency},${r.unitsPerUsd}`), ''].join('\n')));
  await importBilling(ctx, feed, textSource(`billing-${month}.csv`, billingCsv(demoBillingLines(index, month))));
  await calculateEarnings(ctx, feed, { from: month, to: month });
}

/** The month `back` months ago, with its index among the eighteen. */
function billedMonth(today: Date, back: number): DemoBillingMonth {
  return demoBillingMonths(today)[demoBillingMonthCount - back]!;
}

/** The first line of a location's month that `match` accepts; the demo stops if there is none. */
function lineOf(today: Date, back: number, locationId: string, match: (line: DemoBillingLine) => boolean): DemoBillingLine {
  const { index, month } = billedMonth(today, back);
  const line = demoBillingLines(index, month).find((l) => l.locationId === locationId && !l.amount.startsWith('-') && match(l));
  if (!line) throw new Error(`The demo expected a billing line of ${locationId} in ${month}`);
  return line;
}

/**
 * The billing system's corrections, sent as a second file: usage re-rated after the fact, seats
 * corrected, and one line that had been billed in the wrong month moved to the next. A moved line
 * reverses the earnings of its old month and earns in its new one.
 */
export function demoCorrections(today: Date): DemoBillingLine[] {
  const scaled = (line: DemoBillingLine, percent: number): DemoBillingLine => {
    const before = Number(line.quantity);
    let quantity = Math.round((before * percent) / 100);
    if (quantity === before) quantity += percent > 100 || before === 1 ? 1 : -1;
    const price = itemOf(line.sku).price[line.currency];
    return { ...line, quantity: String(quantity), amount: amountOf(quantity, price, line.currency) };
  };
  const moved = lineOf(today, 6, 'L-2000003', (l) => l.category === 'modern-work');
  return [
    scaled(lineOf(today, 5, 'L-2000317', (l) => l.category === 'azure' && l.sku !== catalogue.reserved.sku), 112),
    scaled(lineOf(today, 3, 'L-2000003', (l) => l.category === 'modern-work'), 90),
    scaled(lineOf(today, 8, 'L-2000005', (l) => l.category === 'security'), 80),
    scaled(lineOf(today, 2, 'L-2000012', (l) => l.category === 'modern-work'), 105),
    { ...moved, month: billedMonth(today, 5).month },
  ];
}

export async function importDemoCorrections(ctx: DemoClock, actor: Actor, today: Date): Promise<void> {
  await importBilling(ctx, actor, textSource(`billing-corrections-${monthBefore(today, 0)}.csv`, billingCsv(demoCorrections(today))));
}

interface DemoAdjustment {
  locationId: string;
  program: string;
  lever: string;
  back: number;
  currency: string;
  earning: string;
  reason: Exclude<AdjustmentReason, 'Recalculation'>;
  comment: string;
}

const demoAdjustments: DemoAdjustment[] = [
  {
    locationId: 'L-2000317',
    program: 'CSP-DIRECT',
    lever: 'CORE',
    back: 4,
    currency: 'KRW',
    earning: '450000',
    reason: 'Policy exception',
    comment: 'Rebate on a public-sector renewal that was billed through another partner by mistake; approved by the program manager.',
  },
  {
    locationId: 'L-2000003',
    program: 'CSP-INDIRECT',
    lever: 'COOP',
    back: 2,
    currency: 'USD',
    earning: '-312.50',
    reason: 'Ops adjustment',
    comment: 'Co-op funds for a partner event were claimed twice; the second claim is taken back.',
  },
  {
    locationId: 'L-2000001',
    program: 'CSP-DIRECT',
    lever: 'CORE',
    back: 5,
    currency: 'USD',
    earning: '-480.00',
    reason: 'Previous period earnings',
    comment: 'Rebate overpaid to Seattle under the previous incentives system; the balance carried over is recovered from its CSP-DIRECT earnings.',
  },
  {
    locationId: 'L-2000004',
    program: 'CSP-DIRECT',
    lever: 'CORE',
    back: 3,
    currency: 'USD',
    earning: '150.00',
    reason: 'Previous period earnings',
    comment: 'Rebate on a renewal Boston registered under the previous incentives system before its enrollment, carried over.',
  },
];

/**
 * Adjustments an operator recorded by hand: earnings without a billing line, with a reason code
 * and a comment, audited like the portal's. Two carry balances over from the previous incentives
 * system to locations not enrolled yet: Seattle's is negative, Boston's below the threshold.
 */
export async function recordDemoAdjustments(ctx: DemoClock, actor: Actor, today: Date): Promise<void> {
  for (const a of demoAdjustments) {
    await ctx.db.orm.transaction(async (tx) => {
      await lockEarnings(tx);
      const [location] = await tx.select().from(locations).where(eq(locations.locationId, a.locationId));
      const [program] = await tx.select().from(programs).where(eq(programs.code, a.program));
      if (!location || !program) throw new Error(`The demo expected ${a.locationId} and ${a.program}`);
      const [rate] = await tx
        .select({ earningType: programRates.earningType })
        .from(programRates)
        .where(and(eq(programRates.programId, program.id), eq(programRates.version, program.currentVersion), eq(programRates.leverCode, a.lever)))
        .limit(1);
      if (!rate) throw new Error(`The demo expected lever ${a.lever} in ${a.program}`);
      const id = randomUUID();
      const billedMonth = `${monthBefore(today, a.back)}-01`;
      await tx.insert(earnings).values({
        organizationId: location.organizationId,
        id,
        locationId: location.id,
        programId: program.id,
        programVersion: program.currentVersion,
        leverCode: a.lever,
        earningType: rate.earningType,
        lineId: null,
        lineVersion: null,
        billedMonth,
        currency: a.currency,
        amount: null,
        rate: null,
        earning: a.earning,
        kind: 'adjustment',
        reason: a.reason,
        comment: a.comment,
        calculationId: null,
        createdByUserId: actor.userId,
        createdBy: actor.label,
        createdAt: ctx.now(),
      });
      await recordAudit(tx, actor, {
        action: 'earnings.adjusted',
        organizationId: location.organizationId,
        targetType: 'earning',
        targetId: id,
        after: { location: a.locationId, program: a.program, lever: a.lever, billedMonth: billedMonth.slice(0, 7), currency: a.currency, earning: a.earning, reason: a.reason, comment: a.comment },
      });
    });
  }
}
