import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/db.ts';
import type { Database } from './client.ts';
import { knownMigrations, migrateDatabase, migrationStatus } from './migrate.ts';

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

  it('create the same schema on every engine', async () => {
    const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' order by table_name, ordinal_position`,
    );
    expect(columns.map((c) => `${c.table_name}.${c.column_name}:${c.data_type}`)).toEqual([
      'locations.organization_id:uuid',
      'locations.id:uuid',
      'locations.location_id:text',
      'locations.name:text',
      'locations.country:text',
      'locations.address:text',
      'locations.partner_type:USER-DEFINED',
      'locations.archived_at:timestamp with time zone',
      'locations.created_at:timestamp with time zone',
      'locations.updated_at:timestamp with time zone',
      'organizations.id:uuid',
      'organizations.partner_id:text',
      'organizations.legal_name:text',
      'organizations.country:text',
      'organizations.language:text',
      'organizations.created_at:timestamp with time zone',
      'organizations.updated_at:timestamp with time zone',
    ]);
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
    for (const [table, column] of firstKeyColumn) {
      expect(column, `${table} primary key`).toBe(table === 'organizations' ? 'id' : 'organization_id');
    }
  });

  it('return numeric, bigint and date values as exact strings on every engine', async () => {
    const [row] = await db.query<{ n: unknown; b: unknown; d: unknown }>(
      `select 12345678901234567.123456789::numeric as n, 9007199254740993::int8 as b, '2026-09-30'::date as d`,
    );
    expect(row).toEqual({ n: '12345678901234567.123456789', b: '9007199254740993', d: '2026-09-30' });
  });
});
