// The billing the earnings browser test imports with the command line, dated from the month it runs
// in (the demo's enrollments and the earnings' statuses are too), with the earnings it must yield.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `YYYY-MM`, `back` months before the month of `now` (UTC). */
export function monthBefore(back: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  return d.toISOString().slice(0, 7);
}

export const customers = {
  sejong: { id: 'E2E-KR-1001', name: '세종물류 주식회사' },
  hangang: { id: 'E2E-KR-1002', name: '한강바이오' },
  jeju: { id: 'E2E-KR-1003', name: 'Jeju Air Cargo' },
  harbor: { id: 'E2E-US-2001', name: 'Harbor Freight Analytics' },
} as const;

type Line = [lineId: string, location: string, customer: { id: string; name: string }, sku: string, category: string, month: string, currency: string, amount: string, quantity: string];

/**
 * Hanbit Seoul (L-2000317, enrolled in CSP-DIRECT: CORE modern-work 6 %, azure 8 %; SECURITY
 * security 2 %) over the last six months in KRW, with one USD customer and one credit; Contoso
 * Chicago (L-2000003, enrolled in CSP-INDIRECT: CORE modern-work 4 %, COOP modern-work 1 %) over
 * the last three months in USD.
 */
export function billingLines(now = new Date()): Line[] {
  const lines: Line[] = [];
  for (let back = 5; back >= 0; back--) {
    const month = monthBefore(back, now);
    const key = month.replace('-', '');
    lines.push([`E2E-${key}-MW`, 'L-2000317', customers.sejong, 'MW-SUITE-E3', 'modern-work', month, 'KRW', '4950000', '100']);
    lines.push([`E2E-${key}-AZ`, 'L-2000317', customers.hangang, 'AZ-COMPUTE-HOUR', 'azure', month, 'KRW', '1234567', '4658']);
    lines.push([`E2E-${key}-SEC`, 'L-2000317', customers.sejong, 'SEC-ENDPOINT-P2', 'security', month, 'KRW', '720000', '100']);
    lines.push([`E2E-${key}-US`, 'L-2000317', customers.jeju, 'AZ-DATABASE-VCORE-HOUR', 'azure', month, 'USD', '1234.5678', '2448']);
  }
  lines.push([`E2E-CREDIT`, 'L-2000317', customers.hangang, 'AZ-COMPUTE-HOUR', 'azure', monthBefore(2, now), 'KRW', '-200000', '-755']);
  for (let back = 2; back >= 0; back--) {
    const month = monthBefore(back, now);
    lines.push([`E2E-CON-${month.replace('-', '')}`, 'L-2000003', customers.harbor, 'MW-SUITE-E5', 'modern-work', month, 'USD', '5700.00', '100']);
  }
  return lines;
}

/** The corrected line: three months ago, Hangang Bio's azure use was 1,534,567 KRW, not 1,234,567. */
export function correctedLine(now = new Date()): Line {
  const month = monthBefore(3, now);
  return [`E2E-${month.replace('-', '')}-AZ`, 'L-2000317', customers.hangang, 'AZ-COMPUTE-HOUR', 'azure', month, 'KRW', '1534567', '5790'];
}

export function billingCsv(lines: Line[]): string {
  const header = 'line_id,location_id,customer_id,customer_name,product_sku,product_category,billed_month,currency,amount,quantity';
  return [header, ...lines.map(([lineId, location, customer, sku, category, month, currency, amount, quantity]) =>
    [lineId, location, customer.id, customer.name, sku, category, month, currency, amount, quantity].join(','),
  )].join('\n') + '\n';
}

/** Writes the first billing file and the correction, returning their paths. */
export function writeBillingFiles(now = new Date()): { billing: string; correction: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-e2e-billing-'));
  const billing = path.join(dir, 'billing.csv');
  const correction = path.join(dir, 'billing-correction.csv');
  fs.writeFileSync(billing, billingCsv(billingLines(now)));
  fs.writeFileSync(correction, billingCsv([correctedLine(now)]));
  return { billing, correction };
}
