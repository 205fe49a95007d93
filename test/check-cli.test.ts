import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { invariantNames } from '../src/modules/system/check.ts';
import { dropCreatedDatabases, freshDatabaseEnv, openEnvDatabase, runCli } from './helpers/cli.ts';

afterAll(dropCreatedDatabases);

describe('accrue check', () => {
  it('refuses an unmigrated database, passes a healthy one, and exits 1 naming the row that breaks an invariant', async () => {
    const env = await freshDatabaseEnv();
    const unmigrated = await runCli(['check'], env);
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.stderr).toContain('run `accrue migrate` first');

    // Migrated here, in process: the commands are what is under test.
    await (await openEnvDatabase(env)).close();
    const healthy = await runCli(['check', '--json'], env);
    expect(healthy.code, healthy.stderr).toBe(0);
    const report = JSON.parse(healthy.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.name, c.ok])).toEqual(invariantNames.map((name) => [name, true]));

    // A run that claims a payment it does not have.
    const runId = randomUUID();
    const db = await openEnvDatabase(env);
    try {
      await db.query(
        `insert into payment_runs (id, cycle, run_date, status, payments, holds, created_by, created_at)
         values ($1, '2026-11-01', '2026-11-05', 'upcoming', 1, 0, 'someone', now())`,
        [runId],
      );
    } finally {
      await db.close();
    }
    const broken = await runCli(['check'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`✗ payment_runs: `);
    expect(broken.stdout).toContain(`    payment_runs ${runId}: counts 1 payments, but has 0\n`);
    expect(broken.stdout).toContain('✓ earning_in_one_live_payment: ');
    expect(broken.stdout).toContain('1 of 6 invariants broken, by 1 row(s).');
  }, 120_000);
});
