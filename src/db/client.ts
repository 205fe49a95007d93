import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseConfig } from '../config.ts';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;

/** The one handle the application uses, whichever engine is underneath. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly orm: Orm;
  /** Raw parameterised SQL, for set-based statements the query builder does not express. */
  query<Row extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * `COPY table (columns) FROM STDIN` of rows already in COPY's text format (tab-separated, `\N`
   * for null, see `copyLine`), each ending with a newline. One call is one COPY.
   */
  copyIn(table: string, columns: readonly string[], lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

// Both engines return the same JavaScript types: numeric, int8 and date as strings (exact, no
// time zone shift); timestamps as Date.
const OID_INT8 = 20;
const OID_NUMERIC = 1700;
const OID_DATE = 1082;
const asText = (value: string) => value;
const textParsers = { [OID_INT8]: asText, [OID_NUMERIC]: asText, [OID_DATE]: asText };

export interface OpenOptions {
  /** What this process is, recorded in the embedded data directory's lock. */
  command: string;
}

export async function openDatabase(config: DatabaseConfig, options: OpenOptions): Promise<Database> {
  if (config.kind === 'postgres') return openPostgres(config.url, config.poolMax);
  const lock = acquireDataDirLock(config.dataDir, options.command);
  try {
    const client = await PGlite.create(path.join(config.dataDir, 'pgdata'), { parsers: textParsers });
    return wrapPglite(client, lock);
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** An embedded database from a dump (tests) or in memory; no lock, nothing on disk. */
export async function openMemoryDatabase(loadDataDir?: Blob | File): Promise<Database> {
  const client = await PGlite.create({
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: textParsers,
  });
  return wrapPglite(client, null);
}

export function wrapPglite(client: PGlite, lock: DataDirLock | null): Database & { client: PGlite } {
  const orm = drizzlePglite(client, { schema }) as unknown as Orm;
  return {
    kind: 'pglite',
    client,
    orm,
    async query(text, params) {
      const result = await client.query(text, params);
      return result.rows as never;
    },
    async copyIn(table, columns, lines) {
      // PGlite reads COPY input from a Blob; a stream through its socket emulation would not work.
      await client.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob(lines as string[]) });
    },
    async close() {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export function openPostgres(url: string, poolMax = 10): Database & { pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    types: {
      getTypeParser: ((oid: number, format?: string) =>
        textParsers[oid as keyof typeof textParsers] ??
        pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const orm = drizzlePostgres(pool, { schema }) as unknown as Orm;
  return {
    kind: 'postgres',
    pool,
    orm,
    async query(text, params) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows;
    },
    async copyIn(table, columns, lines) {
      const connection = await pool.connect();
      try {
        const stream = connection.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
        await pipeline(Readable.from(lines.length ? [lines.join('')] : []), stream);
      } finally {
        connection.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** One row in COPY's text format: tabs between values, `\N` for null, backslash escapes. */
export function copyLine(values: readonly (string | null)[]): string {
  return `${values.map((v) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => copyEscapes[c]!))).join('\t')}\n`;
}
const copyEscapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** The rows of `orm.execute` / `tx.execute`: both drivers answer with a result holding `rows`. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (result as { rows: Row[] }).rows;
}
