import Decimal from 'decimal.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedPartner } from '../../../test/helpers/incentives.ts';
import { programDefinition } from '../../../test/helpers/programs.ts';
import { importBilling } from '../billing/import-billing.ts';
import { systemActor } from '../identity/actor.ts';
import { parseProgramDefinition } from '../programs/program-file.ts';
import { importProgram } from '../programs/programs.ts';
import { calculateEarnings } from './calculate.ts';

const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'] as const;
const categories = ['azure', 'modern-work', 'security'] as const;
const levers = [
  { code: 'CORE', earning_type: 'REBATE' },
  { code: 'COOP', earning_type: 'COOP' },
] as const;
const currencies = ['USD', 'KRW', 'TWD'] as const;

interface Line {
  loc: number;
  category: string;
  month: string;
  currency: string;
  amount: string;
}
interface Rate {
  lever: string;
  category: string;
  rate: string;
  from: string;
  to?: string | undefined;
}
type Action =
  | { type: 'import'; rows: (Line & { id: number })[] }
  | { type: 'rates'; rates: Rate[] }
  | { type: 'window'; loc: number; start: number; end: number | null }
  | { type: 'calculate'; from?: number; to?: number };

const month = fc.integer({ min: 0, max: months.length - 1 });
/** Amounts with exactly 4 fractional digits, credits included. */
const amount = fc.bigInt({ min: -99_999_999_999n, max: 99_999_999_999n }).map((n) => new Decimal(n.toString()).div(10_000).toFixed(4));
const rate = fc.integer({ min: 0, max: 1_000_000 }).map((n) => new Decimal(n).div(1_000_000).toFixed(6));
const line = fc.record({
  id: fc.integer({ min: 0, max: 7 }),
  loc: fc.integer({ min: 0, max: 1 }),
  category: fc.constantFrom(...categories),
  month: month.map((m) => months[m]!),
  currency: fc.constantFrom(...currencies),
  amount,
});
/** Per lever and category: no rate, or one rate over a range of months (CORE always has azure). */
const rateSet = fc
  .array(fc.option(fc.record({ rate, from: month, length: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }) }), { nil: null }), {
    minLength: levers.length * categories.length,
    maxLength: levers.length * categories.length,
  })
  .map((cells) =>
    cells.flatMap((cell, i): Rate[] => {
      const lever = levers[Math.floor(i / categories.length)]!.code;
      const category = categories[i % categories.length]!;
      const needed = category === 'azure';
      if (!cell && !needed) return [];
      const c = cell ?? { rate: '0.050000', from: 0, length: undefined };
      const to = c.length === undefined ? undefined : months[Math.min(c.from + c.length, months.length - 1)];
      return [{ lever, category, rate: c.rate, from: months[c.from]!, to }];
    }),
  );
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.array(line, { minLength: 1, maxLength: 6 }).map((rows) => ({ type: 'import' as const, rows })) },
  { weight: 2, arbitrary: rateSet.map((rates) => ({ type: 'rates' as const, rates })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ loc: fc.integer({ min: 0, max: 1 }), start: month, length: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }) })
      .map(({ loc, start, length }) => ({ type: 'window' as const, loc, start, end: length === null ? null : Math.min(start + length, months.length - 1) })),
  },
  {
    weight: 3,
    arbitrary: fc.option(fc.tuple(month, month), { nil: null }).map((range) =>
      range ? { type: 'calculate' as const, from: Math.min(...range), to: Math.max(...range) } : { type: 'calculate' as const },
    ),
  },
);

const lastDay = (m: string) => new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10);
const source = (name: string, text: string) => ({
  name,
  chunks: (async function* () {
    yield new TextEncoder().encode(text);
  })(),
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let run = 0;

describe('the earnings calculation, for any sequence of imports, corrections, rate changes and windows', () => {
  it('leaves every key summing to amount × rate of its current version, and a second calculation records nothing', async () => {
    const actor = systemActor('cli');
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 10 }), async (actions) => {
        run++;
        const partners = [await seedPartner(t, 'direct_seller', 'US'), await seedPartner(t, 'direct_seller', 'KR')];
        const base = programDefinition(`PROP-${process.pid}-${run}`);
        let rates: Rate[] = [{ lever: 'CORE', category: 'azure', rate: '0.080000', from: months[0] }];
        const saveProgram = async () => {
          const file = parseProgramDefinition({
            ...base,
            levers: levers
              .map((l) => ({
                code: l.code,
                earning_type: l.earning_type,
                rates: rates.filter((r) => r.lever === l.code).map((r) => ({ product_category: r.category, rate: r.rate, from: r.from, ...(r.to ? { to: r.to } : {}) })),
              }))
              .filter((l) => l.rates.length),
          });
          await importProgram(t.ctx, actor, file);
        };
        await saveProgram();
        const [program] = await t.db.query<{ id: string }>('select id from programs where code = $1', [base.code]);
        const windows = partners.map(() => ({ start: 0, end: null as number | null }));
        for (const [i, p] of partners.entries()) {
          await t.db.query(
            `insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, status_reason, status_changed_at)
             values ($1, gen_random_uuid(), $2, $3, 'enrolled', $4, 'property test', now())`,
            [p.organizationId, p.locationId, program!.id, `${months[windows[i]!.start]}-01`],
          );
        }
        const lines = new Map<string, Line>();
        const lineId = (id: number) => `R${run}-${id}`;

        for (const a of actions) {
          if (a.type === 'import') {
            const rows = [...new Map(a.rows.map((r) => [r.id, r])).values()];
            const csv =
              'line_id,location_id,product_category,billed_month,currency,amount\n' +
              rows.map((r) => `${lineId(r.id)},${partners[r.loc]!.publicLocationId},${r.category},${r.month},${r.currency},${r.amount}`).join('\n');
            await importBilling(t.ctx, actor, source('billing.csv', csv));
            for (const r of rows) lines.set(lineId(r.id), r);
          } else if (a.type === 'rates') {
            rates = a.rates;
            await saveProgram();
          } else if (a.type === 'window') {
            windows[a.loc] = { start: a.start, end: a.end };
            await t.db.query(`update enrollments set earnings_start = $1, earnings_end = $2 where location_id = $3 and program_id = $4`, [
              `${months[a.start]}-01`,
              a.end === null ? null : lastDay(months[a.end]!),
              partners[a.loc]!.locationId,
              program!.id,
            ]);
          } else {
            await calculateEarnings(t.ctx, actor, { from: a.from === undefined ? undefined : months[a.from], to: a.to === undefined ? undefined : months[a.to] });
          }
        }
        await calculateEarnings(t.ctx, actor);

        // What each key should sum to, from the model: the current version, rates and windows.
        const expected = new Map<string, Decimal>();
        for (const [id, l] of lines) {
          const w = windows[l.loc]!;
          const m = months.indexOf(l.month as (typeof months)[number]);
          if (m < w.start || (w.end !== null && m > w.end)) continue;
          for (const r of rates) {
            if (r.category !== l.category || l.month < r.from || (r.to && l.month > r.to)) continue;
            expected.set([id, r.lever, partners[l.loc]!.locationId, `${l.month}-01`, l.currency].join('|'), new Decimal(l.amount).mul(r.rate));
          }
        }
        const recorded = await t.db.query<{ key: string; total: string }>(
          `select concat_ws('|', line_id, lever_code, location_id, billed_month, currency) as key, sum(earning)::text as total
             from earnings where line_id like $1 group by 1`,
          [`R${run}-%`],
        );
        const actual = new Map(recorded.map((r) => [r.key, new Decimal(r.total)]));
        for (const [key, value] of expected) expect((actual.get(key) ?? new Decimal(0)).toFixed(10), key).toBe(value.toFixed(10));
        for (const [key, value] of actual) if (!expected.has(key)) expect(value.toFixed(10), key).toBe(new Decimal(0).toFixed(10));

        expect(await calculateEarnings(t.ctx, actor)).toMatchObject({ calculated: 0, adjusted: 0 });
      }),
      { numRuns: Number(process.env.ACCRUE_PROPERTY_RUNS ?? 40) },
    );
    // The runs did exercise corrections, reversals and rate changes, not only first calculations.
    const [seen] = await t.db.query<{ versions: number; adjustments: number; program_versions: number }>(
      `select (select count(*)::int from billing_line_versions where version > 1) as versions,
              (select count(*)::int from earnings where kind = 'adjustment') as adjustments,
              (select count(*)::int from program_versions where version > 1) as program_versions`,
    );
    expect(seen!.versions).toBeGreaterThan(0);
    expect(seen!.adjustments).toBeGreaterThan(0);
    expect(seen!.program_versions).toBeGreaterThan(0);
  }, 600_000);
});
