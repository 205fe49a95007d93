import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import type { Database } from './client.ts';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

/** The committed migrations, in order. */
export function knownMigrations(): JournalEntry[] {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: JournalEntry[] };
  return journal.entries;
}

export interface MigrationStatus {
  applied: number;
  known: number;
  latest: string | null;
}

/** Applies every pending migration; on PostgreSQL several starting servers take turns. */
export async function migrateDatabase(db: Database): Promise<MigrationStatus> {
  if (db.kind === 'pglite') {
    const client = (db as Database & { client: PGlite }).client;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
  } else {
    const pool = (db as Database & { pool: pg.Pool }).pool;
    const connection = await pool.connect();
    try {
      await connection.query(`select pg_advisory_lock(hashtext('accrue.migrate'))`);
      try {
        await migratePostgres(drizzlePostgres(connection), { migrationsFolder });
      } finally {
        await connection.query(`select pg_advisory_unlock(hashtext('accrue.migrate'))`);
      }
    } finally {
      connection.release();
    }
  }
  return migrationStatus(db);
}

/** How many of the committed migrations the database has. */
export async function migrationStatus(db: Database): Promise<MigrationStatus> {
  const known = knownMigrations();
  let applied = 0;
  try {
    const rows = await db.query<{ count: string }>(
      'select count(*) as count from drizzle.__drizzle_migrations',
    );
    applied = Number(rows[0]?.count ?? 0);
  } catch {
    applied = 0; // no migrations table yet
  }
  return { applied, known: known.length, latest: known.at(-1)?.tag ?? null };
}
