import fs from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { knownMigrations } from '../src/db/migrate.ts';
import { cliEnv, dropCreatedDatabases, exited, freePort, freshDatabaseEnv, runCli, startServer, tempDataDir } from './helpers/cli.ts';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

afterAll(dropCreatedDatabases);

describe('accrue command line', () => {
  it('--help works right after install and lists the commands', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo']) expect(result.stdout).toContain(command);
    expect(result.stdout).toMatch(/Exit status: 0 success, 1 refused input/);
  });

  it('exits 2 on a usage error', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const badPort = await runCli(['serve', '--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port must be a whole number/);
  });

  it('exits 1 on a bad environment variable, naming it, and starts nothing', async () => {
    const result = await runCli(['migrate'], cliEnv({ LOG_LEVEL: 'chatty', ACCRUE_DATA_DIR: tempDataDir() }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/LOG_LEVEL must be one of/);
  });

  it('migrate applies every migration and reports it as JSON with --json', async () => {
    const env = await freshDatabaseEnv();
    const result = await runCli(['--json', 'migrate'], env);
    expect(result.code).toBe(0);
    const known = knownMigrations();
    expect(JSON.parse(result.stdout)).toEqual({ applied: known.length, known: known.length, latest: known.at(-1)!.tag });
  });

  it('demo loads into an empty database once, then refuses with exit 1', async () => {
    const env = await freshDatabaseEnv();
    const first = await runCli(['demo', '--json'], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ organizations: 12, locations: 20, users: 18, programs: 4, enrollments: 14 });
    const second = await runCli(['demo', '--json'], env);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout).error.code).toBe('conflict');
    expect(second.stderr).toMatch(/already has data/);

    // The demo's eligibility is up to date: evaluating again today changes nothing.
    const again = await runCli(['eligibility', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ evaluated: 40, eligible: 5, changed: 0, invited: 0, lost: 0, programEnded: 0 });
    const bad = await runCli(['eligibility', '--date', '2026-13-01'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--date.*YYYY-MM-DD/);
  });
});

describe('accrue serve on an embedded data directory', () => {
  it('refuses a second server, recovers after kill -9 and keeps the data', async () => {
    const env = cliEnv({ ACCRUE_DATA_DIR: tempDataDir() });
    const port = await freePort();
    const first = await startServer(['--demo', '--no-web'], env, port);
    running.push(first);

    const second = await runCli(['serve', '--no-web', '--port', String(await freePort())], env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`is in use by process ${first.pid}`);
    expect(second.stderr).toMatch(/Stop that process first/);

    first.kill('SIGKILL');
    await exited(first);
    const third = await startServer(['--no-web'], env, port);
    running.push(third);
    const status = await (await fetch(`http://127.0.0.1:${port}/api/v1/system/status`)).json();
    expect(status.database.kind).toBe('pglite');

    third.kill('SIGTERM');
    expect(await exited(third)).toBe(0);
    // The demo data loaded by the killed server is still there.
    const demo = await runCli(['demo'], env);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toMatch(/already has data/);
  });
});

describe('accrue import partners', () => {
  it('imports with --json counts, again changes nothing, and a bad row exits 1 naming file, row and column', async () => {
    const env = await freshDatabaseEnv();
    const dir = tempDataDir();
    const file = `${dir}/partners.csv`;
    const header = 'partner_id,legal_name,country,language,location_id,location_country,partner_type,admin_email,admin_name';
    fs.writeFileSync(file, `${header}\nP-5000001,Acme,US,en,L-6000001,US,direct_seller,a@acme.example,Ann\n`);
    const first = await runCli(['--json', 'import', 'partners', file], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const second = await runCli(['--json', 'import', 'partners', file], env);
    expect(JSON.parse(second.stdout)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });

    fs.writeFileSync(file, `${header}\nP-5000002,Beta,US,en,L-6000002,XX,direct_seller,,\n`);
    const bad = await runCli(['import', 'partners', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('partners.csv row 2, column location_country');
    const missing = await runCli(['import', 'partners', `${dir}/nothing-here.csv`], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read/);
  });
});

describe('accrue import program', () => {
  it('creates the program of the formats.md example, then reports it unchanged; a bad file exits 1 naming the field', async () => {
    const env = await freshDatabaseEnv();
    const example = new URL('./fixtures/csp-rebate.yaml', import.meta.url).pathname;
    const first = await runCli(['--json', 'import', 'program', example], env);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const again = await runCli(['import', 'program', example], env);
    expect(again.stdout).toContain('CSP-REBATE is unchanged.');
    const bad = `${tempDataDir()}/bad.yaml`;
    fs.writeFileSync(bad, fs.readFileSync(example, 'utf8').replace('payment_delay_months: 2', 'payment_delay_months: -1'));
    const refused = await runCli(['import', 'program', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('payment_delay_months');
  });
});
