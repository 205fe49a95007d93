import type { Database } from '../../src/db/client.ts';

/** The same server, another database. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A connection for CREATE/DROP DATABASE: the server's `postgres` database. */
export function adminUrl(serverUrl: string): string {
  return databaseUrlFor(serverUrl, 'postgres');
}

export async function dropTestDatabases(admin: Database, prefix: string): Promise<void> {
  const rows = await admin.query<{ datname: string }>(
    'select datname from pg_database where datname like $1',
    [`${prefix}%`],
  );
  for (const { datname } of rows) {
    await admin.query(`drop database if exists "${datname}" with (force)`);
  }
}
