/**
 * Writes a deterministic billing.csv of any size to stdout, for volume runs and benchmarks:
 *
 *   tsx scripts/generate-billing.ts --lines 1000000 --locations L-2000001,L-2000317 > billing.csv
 *
 * Options: --lines N (default 1,000,000), --locations (public location ids, comma-separated;
 * default: the demo's US, KR and TW locations), --months FROM..TO (default 2025-06..2026-11),
 * --seed N (default 1), --prefix (line id prefix, default V). The same options give the same bytes.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    locations: { type: 'string', default: 'L-2000001,L-2000003,L-2000004,L-2000317,L-2000012,L-2000013' },
    months: { type: 'string', default: '2025-06..2026-11' },
    seed: { type: 'string', default: '1' },
    prefix: { type: 'string', default: 'V' },
  },
});

const lines = Number(values.lines);
const locations = values.locations.split(',');
const [fromMonth, toMonth] = values.months.split('..') as [string, string];
const months: string[] = [];
for (let d = new Date(`${fromMonth}-01T00:00:00Z`); d <= new Date(`${toMonth}-01T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() + 1)) {
  months.push(d.toISOString().slice(0, 7));
}
const categories = ['modern-work', 'azure', 'security', 'dynamics'];
/** Currency by the location's position: US locations bill in USD, the KR one in KRW, TW in TWD. */
const currencyOf = (location: string) => (location === 'L-2000317' || location === 'L-2000318' ? 'KRW' : location === 'L-2000012' || location === 'L-2000013' ? 'TWD' : 'USD');

let state = Number(values.seed) >>> 0 || 1;
function random(n: number): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}

function amount(currency: string): string {
  const credit = random(20) === 0;
  const base = currency === 'KRW' ? `${(random(4_000) + 1) * 1000}` : currency === 'TWD' ? `${random(90_000) + 100}.${String(random(100)).padStart(2, '0')}` : `${random(5_000) + 10}.${String(random(10_000)).padStart(4, '0')}`;
  return credit ? `-${base}` : base;
}

const out: string[] = ['line_id,location_id,customer_id,customer_name,product_sku,product_category,billed_month,currency,amount,quantity\n'];
let buffered = 0;
async function flush(): Promise<void> {
  const chunk = out.join('');
  out.length = 0;
  buffered = 0;
  if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

for (let i = 1; i <= lines; i++) {
  const location = locations[random(locations.length)]!;
  const currency = currencyOf(location);
  const customer = random(5_000);
  out.push(
    `${values.prefix}-${i},${location},C-${customer},Customer ${customer},SKU-${random(40)},${categories[random(categories.length)]},${months[random(months.length)]},${currency},${amount(currency)},${random(50) + 1}\n`,
  );
  if (++buffered >= 10_000) await flush();
}
await flush();
