import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { knownMigrations } from '../../db/migrate.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('health and readiness', () => {
  it('GET /healthz answers while the process runs', async () => {
    t = await createTestApp();
    const res = await t.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is 200 when the database answers and is migrated', async () => {
    t = await createTestApp();
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('GET /readyz is 503 when migrations are pending', async () => {
    t = await createTestApp();
    const latest = knownMigrations().at(-1)!;
    await t.db.query('delete from drizzle.__drizzle_migrations where created_at = $1', [latest.when]);
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not_ready', checks: { database: 'migrations_pending' } });
  });

  it('GET /readyz is 503 when the database does not answer', async () => {
    t = await createTestApp();
    const { db } = t;
    await db.close();
    t = { ...t, close: async () => {} };
    const res = await t.app.request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not_ready', checks: { database: 'unreachable' } });
  });

  it('GET /api/v1/system/status reports version, engine and migrations', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/system/status');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ready',
      version: t.ctx.version,
      database: { kind: t.db.kind, reachable: true },
      migrations: { applied: knownMigrations().length, known: knownMigrations().length },
    });
    expect(Date.parse(body.checkedAt)).not.toBeNaN();
  });
});
