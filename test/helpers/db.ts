import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openMemoryDatabase, openPostgres, type Database } from '../../src/db/client.ts';
import { adminUrl, databaseUrlFor } from './postgres.ts';

let dump: Blob | null = null;

/**
 * A fresh, migrated database of its own for one test: PGlite loaded from the template dump, or a
 * PostgreSQL database copied from the template (when DATABASE_URL is set). Closing drops it.
 */
export async function createTestDatabase(): Promise<Database> {
  const template = inject('template');
  if (template.kind === 'pglite') {
    dump ??= new Blob([fs.readFileSync(template.dump)]);
    return openMemoryDatabase(dump);
  }
  const serverUrl = process.env.DATABASE_URL!;
  const name = `${template.prefix}${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  try {
    await admin.query(`create database "${name}" template "${template.database}"`);
  } finally {
    await admin.close();
  }
  const db = openPostgres(databaseUrlFor(serverUrl, name), 4);
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = openPostgres(adminUrl(serverUrl), 1);
      await cleanup.query(`drop database if exists "${name}" with (force)`);
      await cleanup.close();
    },
  };
}

/** Every row of every table of the public schema, as text: what a stolen database would show. */
export async function wholeDatabase(db: Database): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const dumps: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
    dumps.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return dumps.join('\n');
}
