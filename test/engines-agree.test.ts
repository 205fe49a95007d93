import Decimal from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Database } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import type { AppContext } from '../src/http/env.ts';
import { importBilling } from '../src/modules/billing/import-billing.ts';
import { importFx } from '../src/modules/billing/import-fx.ts';
import { calculateEarnings } from '../src/modules/earnings/calculate.ts';
import { systemActor } from '../src/modules/identity/actor.ts';
import { createOrganization } from '../src/modules/partners/organizations.ts';
import { parseProgramDefinition } from '../src/modules/programs/program-file.ts';
import { importProgram } from '../src/modules/programs/programs.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { programDefinition } from './helpers/programs.ts';

// Runs in the PostgreSQL pass of the suite (DATABASE_URL set), against an embedded database
// beside it: the same inputs must give the same earnings, to the digit, on both engines.
const onPostgres = Boolean(process.env.DATABASE_URL);

/** A small deterministic generator (xorshift), so both engines get byte-identical files. */
function generator(seed: number) {
  let x = seed;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return Math.abs(x) % n;
  };
}

const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04'];
const currencies = ['USD', 'KRW', 'TWD', 'EUR'];
const categories = ['azure', 'modern-work', 'security', 'dynamics'];

function amount(random: (n: number) => number, currency: string): string {
  const whole = random(5_000_000) - 500_000;
  const fraction = currency === 'KRW' ? '0000' : String(random(10_000)).padStart(4, '0');
  return `${whole}.${fraction}`;
}

function billingFile(seed: number, lines: number, locations: string[]): string {
  const random = generator(seed);
  const rows = ['line_id,location_id,customer_id,customer_name,product_category,billed_month,currency,amount,quantity'];
  for (let i = 0; i < lines; i++) {
    const currency = currencies[random(currencies.length)]!;
    rows.push(
      [`E-${random(lines * 2)}`, locations[random(locations.length)], `C-${random(50)}`, `"Customer ${random(50)}, Ltd."`, categories[random(categories.length)], months[random(months.length)], currency, amount(random, currency), random(100)].join(','),
    );
  }
  // A line id twice in one file is refused: keep each line's first row only.
  const seen = new Set<string>();
  return rows.filter((row, i) => i === 0 || (!seen.has(row.split(',')[0]!) && seen.add(row.split(',')[0]!))).join('\n');
}

const fxFile = ['month,currency,units_per_usd', ...months.flatMap((m, i) => [`${m},KRW,${(1300 + i * 17.12345678).toFixed(8)}`, `${m},TWD,${(31 + i * 0.33333333).toFixed(8)}`, `${m},EUR,0.9${i}123457`])].join('\n');

const rates = (azure: string) => [
  {
    code: 'CORE',
    earning_type: 'REBATE' as const,
    rates: [
      { product_category: 'azure', rate: azure, from: '2025-11' },
      { product_category: 'modern-work', rate: '0.061234', from: '2025-11', to: '2026-02' },
    ],
  },
  { code: 'ACCEL', earning_type: 'ACCELERATOR' as const, rates: [{ product_category: 'security', rate: '0.333333', from: '2026-01' }] },
];

const source = (name: string, text: string) => ({
  name,
  chunks: (async function* () {
    yield new TextEncoder().encode(text);
  })(),
});

/** The same story on one engine: partners, a program, billing, FX, a calculation, corrections, a rate change, another calculation. */
async function play(ctx: AppContext): Promise<{ earnings: string[]; revenue: string[] }> {
  const actor = systemActor('cli');
  const locations: string[] = [];
  for (const [i, country] of ['US', 'KR', 'TW'].entries()) {
    await createOrganization(ctx.db.orm, {
      partnerId: `P-77000${i}`,
      legalName: `Engines ${i}`,
      country,
      language: 'en',
      locations: [{ locationId: `L-77000${i}`, name: `Engines ${i}`, country, address: '1 Main St', partnerType: 'direct_seller' }],
    });
    locations.push(`L-77000${i}`);
  }
  const definition = { ...programDefinition('ENGINES'), levers: rates('0.080000') };
  await importProgram(ctx, actor, parseProgramDefinition(definition));
  await ctx.db.query(`
    insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, earnings_end, status_reason, status_changed_at)
    select l.organization_id, gen_random_uuid(), l.id, p.id, 'enrolled',
           case l.location_id when 'L-770002' then '2026-01-01'::date else '2025-11-01'::date end,
           case l.location_id when 'L-770001' then '2026-03-31'::date end, 'engines', now()
      from locations l, programs p where p.code = 'ENGINES'`);
  await importFx(ctx, actor, source('fx.csv', fxFile));
  await importBilling(ctx, actor, source('billing-1.csv', billingFile(7, 3000, locations)));
  await calculateEarnings(ctx, actor);
  // Corrections (the same ids with other content, some moved) and a retroactive rate change.
  await importBilling(ctx, actor, source('billing-2.csv', billingFile(11, 1500, locations)));
  await importProgram(ctx, actor, parseProgramDefinition({ ...definition, levers: rates('0.087777') }));
  await calculateEarnings(ctx, actor, { from: '2026-01' });
  await calculateEarnings(ctx, actor);
  const earnings = await ctx.db.query<{ row: string }>(`
    select concat_ws('|', line_id, lever_code, billed_month, currency, amount, rate, earning, kind, reason, line_version, program_version) as row
      from earnings order by 1`);
  const revenue = await ctx.db.query<{ row: string }>(`
    select concat_ws('|', l.location_id, r.month, r.usd) as row
      from location_revenue r join locations l on l.id = r.location_id order by 1`);
  return { earnings: earnings.map((e) => e.row), revenue: revenue.map((r) => r.row) };
}

describe.runIf(onPostgres)('PGlite and PostgreSQL', () => {
  let t: TestApp;
  let embedded: Database;
  beforeAll(async () => {
    t = await createTestApp();
    embedded = await openMemoryDatabase();
    await migrateDatabase(embedded);
  }, 120_000);
  afterAll(async () => {
    await embedded?.close();
    await t?.close();
  });

  it('record the same earnings and revenue, to the digit, from the same inputs', async () => {
    const onServer = await play(t.ctx);
    const onEmbedded = await play({ ...t.ctx, db: embedded });
    expect(onServer.earnings.length).toBeGreaterThan(1000);
    expect(onServer.earnings.some((e) => e.includes('|adjustment|Recalculation|'))).toBe(true);
    expect(onServer.revenue.length).toBeGreaterThan(10);
    expect(onEmbedded.earnings).toEqual(onServer.earnings);
    expect(onEmbedded.revenue).toEqual(onServer.revenue);
    // And the digits are the exact products: no rounding anywhere.
    for (const row of onServer.earnings.filter((e) => e.includes('|calculated|')).slice(0, 200)) {
      const [, , , , amountText, rateText, earningText] = row.split('|');
      expect(new Decimal(amountText!).mul(rateText!).eq(earningText!)).toBe(true);
    }
  }, 300_000);
});
