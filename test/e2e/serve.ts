// The server the browser tests drive: the real `accrue serve` with the demo data, on a database of
// its own (a new data directory, or a new PostgreSQL database when DATABASE_URL is set).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres } from '../../src/db/client.ts';
import { bin } from '../helpers/cli.ts';
import { adminUrl, databaseUrlFor, dropTestDatabases } from '../helpers/postgres.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

const port = process.argv[2] ?? '3199';
const serverUrl = process.env.DATABASE_URL;
// Every browser test signs in from 127.0.0.1: the per-address limit is raised for the suite.
const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS: '5000' };
let cleanup = async () => {};

if (serverUrl) {
  const prefix = 'accrue_e2e_';
  const name = `${prefix}${process.pid}`;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  await dropTestDatabases(admin, prefix);
  await admin.query(`create database "${name}"`);
  await admin.close();
  env.DATABASE_URL = databaseUrlFor(serverUrl, name);
  cleanup = async () => {
    const again = openPostgres(adminUrl(serverUrl), 1);
    await dropTestDatabases(again, prefix);
    await again.close();
  };
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-e2e-'));
  env.ACCRUE_DATA_DIR = dir;
  delete env.DATABASE_URL;
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
}

// Mail goes to a real SMTP server in this process; each message lands as a JSON file for the tests.
const mailDir = path.resolve(process.env.ACCRUE_E2E_MAILDIR ?? `${process.env.ACCRUE_TEST_RESULTS ?? 'test-results'}/e2e-mail`);
fs.rmSync(mailDir, { recursive: true, force: true });
fs.mkdirSync(mailDir, { recursive: true });
let received = 0;
const smtp = await startSmtpServer({
  onMessage: (mail) => {
    const { headers: _headers, raw: _raw, ...rest } = mail;
    fs.writeFileSync(path.join(mailDir, `${String(++received).padStart(5, '0')}.json`), JSON.stringify(rest));
  },
});
env.SMTP_URL = smtp.url;

const server = spawn(process.execPath, [bin, 'serve', '--demo', '--port', port], { env, stdio: 'inherit' });
const stop = () => server.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', async (code) => {
  await smtp.close();
  await cleanup();
  process.exit(code ?? 0);
});
