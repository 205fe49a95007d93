import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.ts';
import type { Database } from './client.ts';
import { knownMigrations, migrateDatabase, migrationsFolder, migrationStatus } from './migrate.ts';

describe('migrations', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('are all applied to a fresh database and applying again changes nothing', async () => {
    const before = await migrationStatus(db);
    expect(before.applied).toBe(knownMigrations().length);
    const after = await migrateDatabase(db);
    expect(after).toEqual(before);
  });

  it('create on every engine exactly the tables and columns of the committed schema snapshot', async () => {
    const latest = knownMigrations().at(-1)!;
    const snapshot = JSON.parse(
      fs.readFileSync(path.join(migrationsFolder, 'meta', `${String(latest.idx).padStart(4, '0')}_snapshot.json`), 'utf8'),
    ) as { tables: Record<string, { name: string; columns: Record<string, { name: string; notNull: boolean }> }> };
    const expected = Object.values(snapshot.tables)
      .flatMap((table) => Object.values(table.columns).map((c) => `${table.name}.${c.name}${c.notNull ? ' not null' : ''}`))
      .sort();
    const columns = await db.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'`,
    );
    const actual = columns
      .map((c) => `${c.table_name}.${c.column_name}${c.is_nullable === 'NO' ? ' not null' : ''}`)
      .sort();
    expect(actual).toEqual(expected);
  });

  it('key every partner-owned table by organization_id', async () => {
    const keys = await db.query<{ table_name: string; column_name: string }>(
      `select tc.table_name, kcu.column_name
         from information_schema.table_constraints tc
         join information_schema.key_column_usage kcu
           on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
        where tc.constraint_type = 'PRIMARY KEY' and tc.table_schema = 'public'
        order by tc.table_name, kcu.ordinal_position`,
    );
    const firstKeyColumn = new Map<string, string>();
    for (const k of keys) if (!firstKeyColumn.has(k.table_name)) firstKeyColumn.set(k.table_name, k.column_name);
    // Global tables: the tenants themselves, identity (one sign-in across the site), logs that
    // span tenants, the vendor's programs, the job queue (work that spans tenants), and the
    // vendor's imports, FX rates, calculations and payment runs (each spans every tenant; a run's
    // payments and holds belong to their organizations). Every other table
    // belongs to a partner organization.
    const global = new Set([
      'organizations', 'users', 'role_assignments', 'sessions', 'email_tokens', 'recovery_codes',
      'api_tokens', 'auth_attempts', 'mail_outbox', 'audit_events',
      'programs', 'program_versions', 'program_rates',
      'jobs', 'daily_runs',
      'import_runs', 'import_file_chunks', 'fx_rates', 'calculations', 'payment_runs',
    ]);
    const partnerOwned = [...firstKeyColumn].filter(([table]) => !global.has(table));
    expect(partnerOwned.length).toBeGreaterThan(0);
    for (const [table, column] of partnerOwned) expect(column, `${table} primary key`).toBe('organization_id');
  });

  it('return numeric, bigint and date values as exact strings on every engine', async () => {
    const [row] = await db.query<{ n: unknown; b: unknown; d: unknown }>(
      `select 12345678901234567.123456789::numeric as n, 9007199254740993::int8 as b, '2026-09-30'::date as d`,
    );
    expect(row).toEqual({ n: '12345678901234567.123456789', b: '9007199254740993', d: '2026-09-30' });
  });
});
