import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, openPostgres, type Database } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { adminUrl, databaseUrlFor } from './postgres.ts';

export const bin = fileURLToPath(new URL('../../bin/accrue.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a command under test: nothing from the developer's shell leaks in. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ACCRUE_DATA_DIR: _ignored2, PORT: _ignored3, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'warn', ...extra };
}

/** Runs `accrue …` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = cliEnv()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `accrue serve` and resolves once it answers /readyz. */
export async function startServer(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`accrue serve exited with ${child.exitCode}: ${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status === 200) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`accrue serve did not become ready: ${output}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-data-'));
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** On PostgreSQL runs, commands get a database of their own; otherwise an empty data directory. */
const serverUrl = process.env.DATABASE_URL;
const created: string[] = [];
export async function freshDatabaseEnv(): Promise<NodeJS.ProcessEnv> {
  if (!serverUrl) return cliEnv({ ACCRUE_DATA_DIR: tempDataDir() });
  const name = `accrue_cli_${randomBytes(5).toString('hex')}`;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  await admin.query(`create database "${name}"`);
  await admin.close();
  created.push(name);
  return cliEnv({ DATABASE_URL: databaseUrlFor(serverUrl, name) });
}

/** For `afterAll`: drops the databases `freshDatabaseEnv` made. */
export async function dropCreatedDatabases(): Promise<void> {
  if (!serverUrl || created.length === 0) return;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  for (const name of created.splice(0)) await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.close();
}

/** The database the commands of `env` work on, opened by the test between commands (migrated). */
export async function openEnvDatabase(env: NodeJS.ProcessEnv): Promise<Database> {
  const db = env.DATABASE_URL
    ? openPostgres(env.DATABASE_URL, 2)
    : await openDatabase({ kind: 'pglite', dataDir: env.ACCRUE_DATA_DIR! }, { command: 'test' });
  await migrateDatabase(db);
  return db;
}
