import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openMemoryDatabase, openPostgres } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { adminUrl, databaseUrlFor, dropTestDatabases } from './helpers/postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    template: { kind: 'pglite'; dump: string } | { kind: 'postgres'; database: string; prefix: string };
  }
}

/**
 * One migrated template per run: a PGlite dump loaded by every test, or a PostgreSQL database
 * that every test copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const db = await openMemoryDatabase();
    await migrateDatabase(db);
    const dump = await (db as unknown as { client: { dumpDataDir(c: 'none'): Promise<Blob> } }).client.dumpDataDir('none');
    await db.close();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-template-')), 'template.tar');
    fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('template', { kind: 'pglite', dump: file });
    return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }

  const prefix = `accrue_t${process.pid}_`;
  const template = `${prefix}template`;
  const admin = openPostgres(adminUrl(serverUrl), 1);
  await dropTestDatabases(admin, prefix);
  await admin.query(`create database "${template}"`);
  const db = openPostgres(databaseUrlFor(serverUrl, template), 2);
  await migrateDatabase(db);
  await db.close();
  await admin.close();
  project.provide('template', { kind: 'postgres', database: template, prefix });
  return async () => {
    const cleanup = openPostgres(adminUrl(serverUrl), 1);
    await dropTestDatabases(cleanup, prefix);
    await cleanup.close();
  };
}
