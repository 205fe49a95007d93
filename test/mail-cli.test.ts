import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openPostgres } from '../src/db/client.ts';
import { cliEnv, runCli, tempDataDir } from './helpers/cli.ts';
import { adminUrl, databaseUrlFor } from './helpers/postgres.ts';

const serverUrl = process.env.DATABASE_URL;
const created: string[] = [];
afterAll(async () => {
  if (!serverUrl) return;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  for (const name of created) await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.close();
});

describe('accrue mail list', () => {
  it('lists the mail log, as text and as JSON, newest first', async () => {
    let env: NodeJS.ProcessEnv;
    if (serverUrl) {
      const name = `accrue_cli_${randomBytes(5).toString('hex')}`;
      const admin = openPostgres(adminUrl(serverUrl), 1);
      await admin.query(`create database "${name}"`);
      await admin.close();
      created.push(name);
      env = cliEnv({ DATABASE_URL: databaseUrlFor(serverUrl, name), ACCRUE_DATA_DIR: tempDataDir() });
    } else {
      env = cliEnv({ ACCRUE_DATA_DIR: tempDataDir() });
    }
    const empty = await runCli(['--json', 'mail', 'list'], env);
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({ mail: [] });

    // Queue one mail the way the application does, in the same database.
    const { openDatabase } = await import('../src/db/client.ts');
    const { loadConfig } = await import('../src/config.ts');
    const { Encryptor, localKeyRing } = await import('../src/security/encryption.ts');
    const { enqueueMail } = await import('../src/modules/mail/outbox.ts');
    const config = loadConfig(env);
    const db = await openDatabase(config.database, { command: 'test' });
    await enqueueMail(db.orm, new Encryptor(config.encryption ?? localKeyRing(config.dataDir)), {
      eventKey: 'test:1',
      organizationId: null,
      to: { email: 'kim@example.test', name: '김민준', locale: 'ko-KR' },
      template: 'password_reset',
      values: { recipientName: '김민준', link: 'http://localhost:3000/reset-password#abcdefghijklmnopqrstuvwxyz', validMinutes: 30 },
    });
    await db.close();

    const json = await runCli(['--json', 'mail', 'list', '--body'], env);
    const { mail } = JSON.parse(json.stdout);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ recipientEmail: 'kim@example.test', template: 'password_reset', locale: 'ko-KR', status: 'queued' });
    expect(mail[0].text).toContain('#abcdefghijklmnopqrstuvwxyz');
    const text = await runCli(['mail', 'list'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('kim@example.test');
    const bad = await runCli(['mail', 'list', '--status', 'lost'], env);
    expect(bad.code).toBe(2);
  });
});
