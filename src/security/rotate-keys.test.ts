import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { eq, getTableName, is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { cliEnv, runCli, tempDataDir } from '../../test/helpers/cli.ts';
import { seedOrganization, seedUser, signedIn } from '../../test/helpers/identity.ts';
import { adminUrl, databaseUrlFor } from '../../test/helpers/postgres.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, openPostgres, type Database } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import * as schema from '../db/schema.ts';
import { auditEvents, bankChangeRequests, paymentProfiles, taxProfiles, users } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { systemActor } from '../modules/identity/actor.ts';
import { enqueueMail } from '../modules/mail/outbox.ts';
import { Encryptor, localKeyFile, localKeyRing, newKeySpec, parseKeyRing } from './encryption.ts';
import { rotateKeys, type KeyRotationResult } from './rotate-keys.ts';
import { sealedColumnName, sealedColumns } from './sealed-columns.ts';

const specA = newKeySpec('A');
const specB = newKeySpec('B');
const underA = new Encryptor(parseKeyRing(specA));
const underB = new Encryptor(parseKeyRing(specB));
const ringBA = new Encryptor(parseKeyRing(`${specB},${specA}`));
const actor = systemActor('cli');

let t: TestApp;
const opened: TestApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

/** The application with its encryption key ring holding key A only. */
async function appUnderKeyA(): Promise<TestApp> {
  t = await createTestApp({ env: { ACCRUE_ENCRYPTION_KEY: specA } });
  opened.push(t);
  return t;
}

function passwordResetMail(n: number, locale: 'en' | 'zh-TW' | 'ko-KR' = 'en') {
  return {
    eventKey: `password_reset:${randomUUID()}`,
    organizationId: null,
    to: { email: `person${n}@harbor.example`, name: `Person ${n}`, locale },
    template: 'password_reset' as const,
    values: { recipientName: `Person ${n}`, link: `https://accrue.example/reset-password#tok${n}_${randomBytes(12).toString('hex')}`, validMinutes: 30 },
  };
}

/** A tax profile, a payment profile and a bank change request of a new organization, sealed by `encryptor`. */
async function seedProfiles(encryptor: Encryptor): Promise<void> {
  const organization = await seedOrganization(t);
  const requester = await seedUser(t, { organizationId: organization.id, roles: ['global_admin'] });
  const now = t.clock.now();
  await t.db.orm.insert(taxProfiles).values({
    organizationId: organization.id,
    id: randomUUID(),
    locationId: organization.locationIds[0]!,
    form: 'W-9',
    legalName: 'Harbor Cloud LLC',
    address: '500 Pine St, Seattle WA 98101',
    country: 'US',
    taxIdSealed: encryptor.seal('91-1234567'),
    taxIdLast4: '4567',
    signedOn: '2026-10-01',
    status: 'valid',
    submittedBy: requester.id,
    submittedAt: now,
  });
  const profileId = randomUUID();
  await t.db.orm.insert(paymentProfiles).values({
    organizationId: organization.id,
    id: profileId,
    name: 'Operating account (EUR)',
    bankCountry: 'DE',
    accountHolder: 'Harbor Cloud GmbH',
    scheme: 'iban',
    accountSealed: encryptor.seal('DE89370400440532013000'),
    accountLast4: '3000',
    bic: 'COBADEFFXXX',
    acceptedCurrencies: ['EUR'],
    status: 'approved',
  });
  await t.db.orm.insert(bankChangeRequests).values({
    organizationId: organization.id,
    id: randomUUID(),
    paymentProfileId: null,
    name: 'Operating account (USD)',
    bankCountry: 'US',
    accountHolder: 'Harbor Cloud LLC',
    scheme: 'aba',
    accountSealed: encryptor.seal('000123456789'),
    accountLast4: '6789',
    routingNumber: '021000021',
    acceptedCurrencies: ['USD'],
    status: 'pending',
    requestedBy: requester.id,
    requestedAt: now,
  });
}

/** Every sealed value, by `table.column/primary key`. */
async function sealedValues(db: Database): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  for (const sealed of sealedColumns) {
    const key = sealed.primaryKey.map((k) => `"${k.name}"::text`).join(`, '/', `);
    const rows = await db.query<{ key: string; value: string }>(
      `select concat(${key}) as key, "${sealed.column.name}" as value from "${getTableName(sealed.table)}" where "${sealed.column.name}" is not null`,
    );
    for (const row of rows) values.set(`${sealedColumnName(sealed)}/${row.key}`, row.value);
  }
  return values;
}

/** The `table.column`s of the whole database holding a value that starts with `prefix`. */
async function columnsHolding(db: Database, prefix: string): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.data_type in ('text', 'character varying', 'jsonb', 'json')`,
  );
  const holding: string[] = [];
  for (const { table_name, column_name } of columns) {
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from "${table_name}" where strpos("${column_name}"::text, $1) > 0`,
      [prefix],
    );
    if (row!.n > 0) holding.push(`${table_name}.${column_name}`);
  }
  return holding.sort();
}

describe('rotateKeys', () => {
  it('re-encrypts every sealed value under the current key, keeps every plaintext, and a second run changes nothing', async () => {
    await appUnderKeyA();
    // A TOTP secret through the real set-up, another written as the set-up writes it, and a user without one.
    const admin = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const setup = await (await (await signedIn(t, admin)).request('/api/v1/me/mfa/totp/setup', { method: 'POST' })).json();
    const other = await seedUser(t, { organizationId: null, roles: ['support'] });
    await t.db.orm.update(users).set({ totpSecret: underA.seal('JBSWY3DPEHPK3PXP') }).where(eq(users.id, other.id));
    await seedUser(t, { organizationId: null, roles: ['support'] });
    for (const [n, locale] of [[1, 'en'], [2, 'zh-TW'], [3, 'ko-KR']] as const) {
      await enqueueMail(t.db.orm, t.ctx.encryptor, passwordResetMail(n, locale));
    }
    // Sealed by a server that already had the new key first.
    await enqueueMail(t.db.orm, underB, passwordResetMail(4));
    await seedProfiles(underA);

    const before = await sealedValues(t.db);
    const plaintexts = new Map([...before].map(([where, value]) => [where, ringBA.open(value)]));
    expect([...plaintexts.values()]).toContain(setup.secret);
    expect(await columnsHolding(t.db, 'v1.A.')).toEqual(sealedColumns.map(sealedColumnName).sort());

    const result = await rotateKeys(t.db, ringBA, { actor, batchSize: 2 });
    expect(result).toEqual({
      keyId: 'B',
      reencrypted: 8,
      byColumn: {
        'users.totp_secret': 2,
        'mail_outbox.payload': 3,
        'tax_profiles.tax_id_sealed': 1,
        'payment_profiles.account_sealed': 1,
        'bank_change_requests.account_sealed': 1,
      },
      alreadyCurrent: 1,
    });
    const after = await sealedValues(t.db);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [where, value] of after) {
      expect(value, where).toMatch(/^v1\.B\./);
      expect(ringBA.open(value), where).toBe(plaintexts.get(where));
      expect(underB.open(value), where).toBe(plaintexts.get(where));
    }
    expect(await columnsHolding(t.db, 'v1.A.')).toEqual([]);

    const again = await rotateKeys(t.db, ringBA, { actor });
    expect(again).toMatchObject({ keyId: 'B', reencrypted: 0, alreadyCurrent: 9 });
    expect(Object.values(again.byColumn)).toEqual([0, 0, 0, 0, 0]);
    expect(await sealedValues(t.db)).toEqual(after);

    const audit = await t.db.orm.select().from(auditEvents).where(eq(auditEvents.action, 'keys.rotated')).orderBy(auditEvents.id);
    const audited = (r: KeyRotationResult) => ({
      reencrypted: r.reencrypted,
      alreadyCurrent: r.alreadyCurrent,
      columns: Object.entries(r.byColumn).map(([column, reencrypted]) => ({ column, reencrypted })),
    });
    expect(audit.map((e) => [e.actorLabel, e.targetType, e.targetId, e.after])).toEqual([
      ['cli', 'encryption_key', 'B', audited(result)],
      ['cli', 'encryption_key', 'B', audited(again)],
    ]);
  });

  it('refuses a value sealed with a key the ring lacks, naming table, column and key, and changes nothing', async () => {
    await appUnderKeyA();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    await t.db.orm.update(users).set({ totpSecret: underA.seal('JBSWY3DPEHPK3PXP') }).where(eq(users.id, user.id));
    await enqueueMail(t.db.orm, underA, passwordResetMail(1));
    await enqueueMail(t.db.orm, new Encryptor(parseKeyRing(newKeySpec('retired-2025'))), passwordResetMail(2));
    const before = await sealedValues(t.db);

    const refused = await rotateKeys(t.db, ringBA, { actor }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(/^mail_outbox\.payload holds 1 value encrypted with key "retired-2025", which is not in the key ring\. Add that key to ACCRUE_ENCRYPTION_KEY/);
    expect(await sealedValues(t.db)).toEqual(before);
    expect(await t.db.orm.select().from(auditEvents).where(eq(auditEvents.action, 'keys.rotated'))).toEqual([]);

    await t.db.orm.update(users).set({ totpSecret: 'JBSWY3DPEHPK3PXP' }).where(eq(users.id, user.id));
    await expect(rotateKeys(t.db, ringBA, { actor })).rejects.toThrow(/^users\.totp_secret holds 1 value that is not encrypted/);
  });

  it('stops at a value its key cannot open and leaves that batch as it was', async () => {
    await appUnderKeyA();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    await t.db.orm.update(users).set({ totpSecret: underA.seal('JBSWY3DPEHPK3PXP') }).where(eq(users.id, user.id));
    for (const n of [1, 2, 3]) await enqueueMail(t.db.orm, underA, passwordResetMail(n));
    // Same key id, other key material: the id is in the ring, but the value does not open.
    const impostor = new Encryptor(parseKeyRing(newKeySpec('A')));
    await enqueueMail(t.db.orm, impostor, passwordResetMail(4));
    const before = await sealedValues(t.db);

    await expect(rotateKeys(t.db, ringBA, { actor })).rejects.toThrow(/^A value in mail_outbox\.payload cannot be opened with key "A"/);
    const after = await sealedValues(t.db);
    for (const [where, value] of after) {
      // users.totp_secret came first and its batch committed; the mail batch rolled back whole.
      if (where.startsWith('users.')) expect(value).toMatch(/^v1\.B\./);
      else expect(value, where).toBe(before.get(where));
    }
  });

  it('registers every column of the schema named *_sealed', () => {
    const registered = sealedColumns.map(sealedColumnName);
    const named = Object.values(schema as Record<string, unknown>)
      .filter((value): value is PgTable => is(value, PgTable))
      .flatMap((table) => getTableConfig(table).columns.filter((c) => c.name.endsWith('_sealed')).map((c) => `${getTableName(table)}.${c.name}`));
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const column of named) expect(registered).toContain(column);
  });
});

/** On PostgreSQL runs, commands get a database of their own; the key ring file lives in a temp data directory. */
const serverUrl = process.env.DATABASE_URL;
const created: string[] = [];
async function freshEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const dataDir = tempDataDir();
  if (!serverUrl) return cliEnv({ ACCRUE_DATA_DIR: dataDir, ...extra });
  const name = `accrue_keys_${randomBytes(5).toString('hex')}`;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  await admin.query(`create database "${name}"`);
  await admin.close();
  created.push(name);
  return cliEnv({ ACCRUE_DATA_DIR: dataDir, DATABASE_URL: databaseUrlFor(serverUrl, name), ...extra });
}
afterAll(async () => {
  if (!serverUrl || created.length === 0) return;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  for (const name of created) await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.close();
});

/** Opens the command's database in this process (the data directory is free between commands). */
async function withCommandDatabase<T>(env: NodeJS.ProcessEnv, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig(env).database, { command: 'test' });
  try {
    await migrateDatabase(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

async function seedSecrets(db: Database, encryptor: Encryptor): Promise<void> {
  await db.orm.insert(users).values({ id: randomUUID(), email: 'mina@harbor.example', name: 'Mina Park', totpSecret: encryptor.seal('JBSWY3DPEHPK3PXP') });
  await enqueueMail(db.orm, encryptor, passwordResetMail(1, 'ko-KR'));
}

describe('accrue keys', () => {
  it('rotate --new-key on the data directory key ring puts a new key first and re-encrypts under it', async () => {
    const env = await freshEnv();
    const dataDir = env.ACCRUE_DATA_DIR!;
    const oldRing = localKeyRing(dataDir);
    await withCommandDatabase(env, (db) => seedSecrets(db, new Encryptor(oldRing)));

    const run = await runCli(['--json', 'keys', 'rotate', '--new-key'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    const file = localKeyFile(dataDir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const newRing = parseKeyRing(fs.readFileSync(file, 'utf8'));
    expect(newRing.currentId).not.toBe(oldRing.currentId);
    expect([...newRing.keys.keys()]).toEqual([newRing.currentId, oldRing.currentId]);
    expect(newRing.keys.get(oldRing.currentId)).toEqual(oldRing.keys.get(oldRing.currentId));
    expect(result).toMatchObject({ keyId: newRing.currentId, reencrypted: 2, alreadyCurrent: 0 });
    expect(result.byColumn).toMatchObject({ 'users.totp_secret': 1, 'mail_outbox.payload': 1 });

    const encryptor = new Encryptor(newRing);
    const values = await withCommandDatabase(env, sealedValues);
    expect(values.size).toBe(2);
    for (const value of values.values()) expect(value.startsWith(`v1.${newRing.currentId}.`)).toBe(true);
    expect([...values.values()].map((v) => encryptor.open(v))).toContain('JBSWY3DPEHPK3PXP');
  });

  it('rotate --new-key with ACCRUE_ENCRYPTION_KEY set is a usage error offering a key to put first; rotate then uses it', async () => {
    const env = await freshEnv({ ACCRUE_ENCRYPTION_KEY: specA });
    await withCommandDatabase(env, (db) => seedSecrets(db, underA));

    const refused = await runCli(['keys', 'rotate', '--new-key'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Put a new key first in ACCRUE_ENCRYPTION_KEY, keeping the old ones after it/);
    const offered = /\n {2}([A-Za-z0-9_-]+:[A-Za-z0-9+/=]+)\n$/.exec(refused.stderr)![1]!;
    const offeredId = parseKeyRing(offered).currentId;
    expect(offeredId).not.toBe('A');
    const untouched = await withCommandDatabase(env, sealedValues);
    for (const value of untouched.values()) expect(value).toMatch(/^v1\.A\./);

    const rotated = { ...env, ACCRUE_ENCRYPTION_KEY: `${offered},${specA}` };
    const run = await runCli(['keys', 'rotate', '--json'], rotated);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ keyId: offeredId, reencrypted: 2, alreadyCurrent: 0 });
    const again = await runCli(['keys', 'rotate'], rotated);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      `Re-encrypted 0 values under key ${offeredId} (users.totp_secret: 0, mail_outbox.payload: 0, tax_profiles.tax_id_sealed: 0, ` +
        `payment_profiles.account_sealed: 0, bank_change_requests.account_sealed: 0). 2 were already under it.\n`,
    );

    const fresh = await runCli(['keys', 'new'], rotated);
    expect(fresh.code).toBe(0);
    const freshRing = parseKeyRing(fresh.stdout.trim());
    expect([offeredId, 'A']).not.toContain(freshRing.currentId);
  });
});
