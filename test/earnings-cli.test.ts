import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dropCreatedDatabases, freshDatabaseEnv, openEnvDatabase, runCli } from './helpers/cli.ts';

afterAll(dropCreatedDatabases);

const fixture = (name: string) => fileURLToPathname(new URL(`./fixtures/worked-example/${name}`, import.meta.url));
function fileURLToPathname(url: URL): string {
  return decodeURIComponent(url.pathname);
}

/** Enrolls L-2000317 in CSP-REBATE from 2026-07, as the worked example has it. */
async function enroll(env: NodeJS.ProcessEnv): Promise<void> {
  const db = await openEnvDatabase(env);
  try {
    await db.query(`
      insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, status_reason, status_changed_at)
      select l.organization_id, gen_random_uuid(), l.id, p.id, 'enrolled', '2026-07-01', 'worked example', now()
        from locations l, programs p where l.location_id = 'L-2000317' and p.code = 'CSP-REBATE'`);
  } finally {
    await db.close();
  }
}

async function earningsOf(env: NodeJS.ProcessEnv) {
  const db = await openEnvDatabase(env);
  try {
    return await db.query<{ line_id: string; earning: string; kind: string; reason: string | null; billed_month: string }>(
      `select line_id, earning::text, kind::text, reason, billed_month::text from earnings order by line_id, created_at, earning`,
    );
  } finally {
    await db.close();
  }
}

describe('the worked example of earnings.md §5, through the command line', () => {
  it('imports, calculates the three earnings exactly, exports them, and settles corrections by deltas and reversals', async () => {
    const env = await freshDatabaseEnv();
    const ok = async (args: string[]) => {
      const result = await runCli(['--json', ...args], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, number>;
    };
    await ok(['import', 'partners', fixture('partners.csv')]);
    await ok(['import', 'program', fixture('program.yaml')]);
    await enroll(env);

    expect(await ok(['import', 'billing', fixture('billing.csv')])).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    expect(await ok(['import', 'billing', fixture('billing.csv')])).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await ok(['import', 'fx', fixture('fx.csv')])).toEqual({ inserted: 1, updated: 0, unchanged: 1 });

    const first = await ok(['calculate']);
    expect(first).toMatchObject({ calculated: 3, adjusted: 0 });
    expect(await earningsOf(env)).toEqual([
      { line_id: 'A-1', earning: '150.0000000000', kind: 'calculated', reason: null, billed_month: '2026-09-01' },
      { line_id: 'A-2', earning: '98.7654240000', kind: 'calculated', reason: null, billed_month: '2026-09-01' },
      { line_id: 'A-3', earning: '-8.0000000000', kind: 'calculated', reason: null, billed_month: '2026-09-01' },
    ]);
    const db = await openEnvDatabase(env);
    const [sum] = await db.query<{ total: string }>(`select sum(earning)::text as total from earnings`);
    await db.close();
    expect(sum!.total).toBe('240.7654240000');

    expect(await ok(['calculate', '--from', '2026-09', '--to', '2026-09'])).toMatchObject({ calculated: 0, adjusted: 0 });

    // earnings.csv on stdout, ordered by billed month and earning id.
    const db2 = await openEnvDatabase(env);
    const ids = Object.fromEntries(
      (await db2.query<{ id: string; line_id: string }>(`select id, line_id from earnings order by billed_month, id`)).map((r) => [r.line_id, r.id]),
    );
    const order = (await db2.query<{ line_id: string }>(`select line_id from earnings order by billed_month, id`)).map((r) => r.line_id);
    await db2.close();
    const rows = (status: string) => {
      const byLine: Record<string, string> = {
        'A-1': `${ids['A-1']},A-1,L-2000317,CSP-REBATE,CORE,REBATE,2026-09,USD,2500.00,0.06,150.00,calculated,,${status},`,
        'A-2': `${ids['A-2']},A-2,L-2000317,CSP-REBATE,CORE,REBATE,2026-09,USD,1234.5678,0.08,98.765424,calculated,,${status},`,
        'A-3': `${ids['A-3']},A-3,L-2000317,CSP-REBATE,CORE,REBATE,2026-09,USD,-100.00,0.08,-8.00,calculated,,${status},`,
      };
      return order.map((line) => byLine[line]);
    };
    const header = 'earning_id,line_id,location_id,program_code,lever_code,earning_type,billed_month,currency,amount,rate,earning,kind,reason,status,payment_id';
    const exported = async (args: string[]) => {
      const result = await runCli(['export', 'earnings', ...args], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.endsWith('\r\n')).toBe(true);
      return result.stdout.split('\r\n').slice(0, -1);
    };
    // Payable from the 2026-11 run (2026-09 + 2 months), as the example says; nothing in 2026-10.
    expect(await exported(['--cycle', '2026-11', '--format', 'csv'])).toEqual([header, ...rows('payable')]);
    expect(await exported(['--cycle', '2026-10', '--format', 'csv'])).toEqual([header]);
    const statusNow = new Date().toISOString().slice(0, 7) >= '2026-11' ? 'payable' : 'pending';
    expect(await exported(['--format', 'csv'])).toEqual([header, ...rows(statusNow)]);

    const unknown = await runCli(['export', 'earnings', '--location', 'L-9999999', '--format', 'csv'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('L-9999999 is not a known location');
    expect((await runCli(['export', 'earnings'], env)).code).toBe(2);
    expect((await runCli(['export', 'earnings', '--format', 'xlsx'], env)).code).toBe(2);
    expect((await runCli(['export', 'earnings', '--cycle', '2026-13', '--format', 'csv'], env)).code).toBe(2);

    // Then a correction settles a changed line by a delta and a moved line by a reversal, never changing an earning.
    // A-2 corrected to 1000.00; A-1 moved to October.
    const corrected = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-billing-')), 'corrections.csv');
    fs.writeFileSync(
      corrected,
      'line_id,location_id,product_category,billed_month,currency,amount\n' +
        'A-2,L-2000317,azure,2026-09,USD,1000.00\n' +
        'A-1,L-2000317,modern-work,2026-10,USD,2500.00\n',
    );
    // The other columns are now empty: both change.
    expect(await ok(['import', 'billing', corrected])).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
    expect(await ok(['calculate'])).toMatchObject({ calculated: 1, adjusted: 2 });
    const recorded = await earningsOf(env);
    expect(recorded.filter((r) => r.line_id === 'A-1')).toEqual([
      { line_id: 'A-1', earning: '150.0000000000', kind: 'calculated', reason: null, billed_month: '2026-09-01' },
      { line_id: 'A-1', earning: '-150.0000000000', kind: 'adjustment', reason: 'Recalculation', billed_month: '2026-09-01' },
      { line_id: 'A-1', earning: '150.0000000000', kind: 'calculated', reason: null, billed_month: '2026-10-01' },
    ]);
    expect(recorded.filter((r) => r.line_id === 'A-2').map((r) => [r.earning, r.kind])).toEqual([
      ['98.7654240000', 'calculated'],
      ['-18.7654240000', 'adjustment'],
    ]);
    expect(await ok(['calculate'])).toMatchObject({ calculated: 0, adjusted: 0 });
  }, 300_000); // Each command is a process of its own that opens the database.

  it('refuses a file with a bad row, naming file, row and column, and changes nothing', async () => {
    const env = await freshDatabaseEnv();
    await runCli(['import', 'partners', fixture('partners.csv')], env);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-billing-'));
    const bad = path.join(dir, 'billing.csv');
    fs.writeFileSync(
      bad,
      'line_id,location_id,product_category,billed_month,currency,amount\n' +
        'B-1,L-2000317,azure,2026-09,USD,10.00\n' +
        'B-2,L-2000317,azure,2026-13,USD,10.00\n' +
        'B-3,L-9999999,azure,2026-09,XYZ,10.00\n',
    );
    const result = await runCli(['import', 'billing', bad], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad} row 3, column billed_month: must be a month YYYY-MM`);
    expect(result.stderr).toContain(`${bad} row 4, column currency: "XYZ" is not an ISO 4217 currency code`);
    const db = await openEnvDatabase(env);
    try {
      expect(await db.query(`select * from billing_lines`)).toEqual([]);
      expect(await db.query(`select * from billing_staging`)).toEqual([]);
      const [run] = await db.query<{ status: string; problem_count: number }>(`select status::text, problem_count from import_runs`);
      expect(run).toEqual({ status: 'refused', problem_count: 2 });
    } finally {
      await db.close();
    }
  });
});
