import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { permissionsOf, type Permission, type Role } from '../identity/permissions.ts';
import { createOrganization } from '../partners/organizations.ts';
import { recordAudit, searchAudit, type AuditAction, type AuditSearch } from './audit.ts';

let db: Database;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(() => db?.close());

function actor(roles: Role[], organizationId: string | null, label = 'ana@example.com'): Actor {
  return {
    kind: 'user',
    userId: randomUUID(),
    organizationId,
    label,
    locale: 'en',
    roles,
    permissions: permissionsOf(roles),
    scopes: {},
    ip: '203.0.113.7',
    requestId: 'req-0001',
  };
}

function organization(partnerId: string): Promise<string> {
  return createOrganization(db.orm, { partnerId, legalName: partnerId, country: 'US', language: 'en', locations: [] });
}

/** Inserts events at chosen times (microseconds allowed), which recordAudit leaves to the database. */
async function seed(rows: { at: string; action?: AuditAction; organizationId?: string | null; label?: string; userId?: string }[]) {
  for (const row of rows) {
    await db.query(
      `insert into audit_events (occurred_at, action, organization_id, actor_label, actor_user_id)
       values ($1::timestamptz, $2, $3, $4, $5)`,
      [row.at, row.action ?? 'auth.sign_in', row.organizationId ?? null, row.label ?? 'system', row.userId ?? null],
    );
  }
}

async function all(who: Actor, filters: Omit<AuditSearch, 'limit' | 'cursor'> = {}) {
  return (await searchAudit(db.orm, who, { ...filters, limit: 200 })).events;
}

const operator = () => actor(['operator_admin'], null, 'ops@vendor.example');

describe('audit_events is append-only in the database itself', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever sends them', async () => {
    await recordAudit(db.orm, systemActor(), { action: 'system.migrated', organizationId: null });
    for (const statement of [
      `update audit_events set actor_label = 'forged'`,
      `delete from audit_events`,
      `truncate audit_events`,
    ]) {
      await expect(db.query(statement), statement).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/append-only/),
      });
    }
    expect(await db.query('select actor_label from audit_events')).toEqual([{ actor_label: 'system' }]);
  });
});

describe('recordAudit', () => {
  it('records the actor, where the request came from, the target and before/after', async () => {
    const orgId = await organization('P-1');
    const who = actor(['global_admin'], orgId);
    const userId = randomUUID();
    await db.orm.transaction(async (tx) => {
      await recordAudit(tx, who, {
        action: 'user.roles_changed',
        organizationId: orgId,
        targetType: 'user',
        targetId: userId,
        before: { roles: ['incentive_user'] },
        after: { roles: ['incentive_user', 'user_admin'], at: new Date('2024-05-01T10:00:00Z') },
      });
    });
    const [row] = await db.query('select * from audit_events');
    expect(row).toMatchObject({
      organization_id: orgId,
      actor_user_id: who.userId,
      actor_label: 'ana@example.com',
      ip: '203.0.113.7',
      request_id: 'req-0001',
      action: 'user.roles_changed',
      target_type: 'user',
      target_id: userId,
      before: { roles: ['incentive_user'] },
      after: { roles: ['incentive_user', 'user_admin'], at: '2024-05-01T10:00:00.000Z' },
    });
    expect(row!.occurred_at).toBeInstanceOf(Date);
  });

  it('records the system with no user, and missing before/after as null', async () => {
    await recordAudit(db.orm, systemActor('cli'), { action: 'demo.loaded', organizationId: null });
    expect(await db.query('select actor_user_id, actor_label, ip, target_id, before, after from audit_events')).toEqual([
      { actor_user_id: null, actor_label: 'cli', ip: null, target_id: null, before: null, after: null },
    ]);
  });

  it('drops secrets at any depth', async () => {
    await recordAudit(db.orm, systemActor(), {
      action: 'user.created',
      organizationId: null,
      before: { password: 'p', passwordHash: 'h', password_hash: 'h', email: 'a@example.com' },
      after: {
        email: 'b@example.com',
        newPassword: 'p',
        secret: 's',
        mfa: { totpSecret: 's', totp_secret: 's', recoveryCodes: ['a', 'b'], enabled: true },
        grants: [{ name: 'ci', token: 't', tokenHash: 'h', prefix: 'acc_12' }],
        // A key naming secrets in the plural goes whole, whatever it holds.
        sessionTokens: [{ id: 1 }],
        recoveryCodes: ['a'],
      },
    });
    const [row] = await db.query<{ before: unknown; after: unknown }>('select before, after from audit_events');
    expect(row).toEqual({
      before: { email: 'a@example.com' },
      after: { email: 'b@example.com', mfa: { enabled: true }, grants: [{ name: 'ci', prefix: 'acc_12' }] },
    });
  });

  it('is undone with the transaction it was written in', async () => {
    const failed = db.orm.transaction(async (tx) => {
      await recordAudit(tx, systemActor(), { action: 'system.migrated', organizationId: null });
      throw new Error('the change failed');
    });
    await expect(failed).rejects.toThrow('the change failed');
    expect(await db.query('select id from audit_events')).toEqual([]);
  });

  it('refuses an action outside the list', async () => {
    const event = { action: 'user.deleted' as AuditAction, organizationId: null };
    await expect(recordAudit(db.orm, systemActor(), event)).rejects.toThrow(/Unknown audit action/);
  });
});

describe('searchAudit', () => {
  it('filters by action, area, actor, target and time range', async () => {
    const ana = randomUUID();
    await seed([
      { at: '2024-01-01T09:00:00Z', action: 'auth.sign_in', label: 'Ana@Example.com', userId: ana },
      { at: '2024-01-02T09:00:00Z', action: 'auth.sign_out', label: 'ana@example.com', userId: ana },
      { at: '2024-01-03T09:00:00Z', action: 'user.created', label: 'bo@example.com' },
      { at: '2024-01-04T09:00:00Z', action: 'auth.sign_in_failed', label: 'bo@example.com' },
    ]);
    await recordAudit(db.orm, systemActor(), { action: 'api_token.revoked', organizationId: null, targetId: 'T-9' });
    const ops = operator();
    const actions = async (filters: Parameters<typeof all>[1]) => (await all(ops, filters)).map((e) => e.action);

    expect(await actions({ action: 'auth.sign_in' })).toEqual(['auth.sign_in']);
    expect(await actions({ action: 'auth.' })).toEqual(['auth.sign_in_failed', 'auth.sign_out', 'auth.sign_in']);
    expect(await actions({ actorUserId: ana })).toEqual(['auth.sign_out', 'auth.sign_in']);
    expect(await actions({ actorLabel: 'ANA@' })).toEqual(['auth.sign_out', 'auth.sign_in']);
    expect(await actions({ actorLabel: '%' })).toEqual([]);
    expect(await actions({ targetId: 'T-9' })).toEqual(['api_token.revoked']);
    expect(
      await actions({ from: new Date('2024-01-02T09:00:00Z'), to: new Date('2024-01-04T09:00:00Z') }),
    ).toEqual(['user.created', 'auth.sign_out']);
  });

  it('pages newest first without duplicates or gaps, even between events of the same microsecond', async () => {
    const times = [
      '2024-03-01T00:00:00.000001Z',
      '2024-03-01T00:00:00.000002Z',
      '2024-03-01T00:00:00.000002Z',
      '2024-03-01T00:00:00.000003Z',
      '2024-03-01T00:00:00.001Z',
    ];
    await seed([...times, ...times, ...times].map((at) => ({ at })));
    // Written in one transaction, these share one occurred_at: now().
    await db.orm.transaction(async (tx) => {
      for (let i = 0; i < 4; i++) await recordAudit(tx, systemActor(), { action: 'system.migrated', organizationId: null });
    });
    const ops = operator();
    const expected = (await all(ops)).map((e) => e.id);
    expect(expected).toHaveLength(19);

    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchAudit(db.orm, ops, { limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(5);

    const ordered = await db.query<{ id: string }>('select id from audit_events order by occurred_at desc, id desc');
    expect(expected).toEqual(ordered.map((r) => Number(r.id)));
  });

  it('answers at most 200 events a page and refuses a cursor it did not make', async () => {
    await db.query(`insert into audit_events (action, actor_label) select 'auth.sign_in', 'system' from generate_series(1, 201)`);
    const page = await searchAudit(db.orm, operator(), { limit: 1000 });
    expect(page.events).toHaveLength(200);
    expect(page.nextCursor).not.toBeNull();
    const next = await searchAudit(db.orm, operator(), { limit: 1000, cursor: page.nextCursor! });
    expect(next).toMatchObject({ events: [expect.anything()], nextCursor: null });

    for (const cursor of ['', 'bm9wZQ', Buffer.from("2024-01-01T00:00:00.000000Z|1' or 1=1").toString('base64url')]) {
      await expect(searchAudit(db.orm, operator(), { limit: 10, cursor }), cursor).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
  });
});

describe('who may read the audit log', () => {
  let orgA: string;
  let orgB: string;
  let bUser: string;
  beforeEach(async () => {
    orgA = await organization('P-1');
    orgB = await organization('P-2');
    bUser = randomUUID();
    await seed([
      { at: '2024-01-01T00:00:00Z', organizationId: orgA, label: 'a@a.example' },
      { at: '2024-01-02T00:00:00Z', organizationId: orgB, label: 'b@b.example', userId: bUser },
      { at: '2024-01-03T00:00:00Z', organizationId: null, label: 'ops@vendor.example' },
    ]);
  });

  const labels = async (who: Actor, filters: Parameters<typeof all>[1] = {}) =>
    (await all(who, filters)).map((e) => e.actorLabel);

  it('an operator with audit.read sees every organization and the vendor, and can narrow to one', async () => {
    expect(await labels(operator())).toEqual(['ops@vendor.example', 'b@b.example', 'a@a.example']);
    expect(await labels(operator(), { organizationId: orgB })).toEqual(['b@b.example']);
    expect(await labels(operator(), { organizationId: 'not-a-uuid' })).toEqual([]);
    expect(await labels(systemActor('cli'))).toHaveLength(3);
  });

  it("a partner's Global admin sees only their organization, whatever they ask for", async () => {
    const admin = actor(['global_admin'], orgA);
    expect(await labels(admin)).toEqual(['a@a.example']);
    expect(await searchAudit(db.orm, admin, { organizationId: orgB, limit: 10 })).toEqual({ events: [], nextCursor: null });
    expect(await labels(admin, { actorUserId: bUser })).toEqual([]);
    expect(await labels(admin, { organizationId: randomUUID() })).toEqual([]);
    expect(await labels(admin, { organizationId: 'P-2', actorUserId: 'nobody' })).toEqual([]);
  });

  it('a partner user is held to their organization even when holding the operator permission', async () => {
    const both: Permission[] = ['audit.read', 'audit.read_own_organization'];
    expect(await labels({ ...actor([], orgA), permissions: new Set(both) })).toEqual(['a@a.example']);
    await expect(all({ ...actor([], orgA), permissions: new Set<Permission>(['audit.read']) })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('everyone else is refused', async () => {
    for (const who of [
      actor(['user_admin', 'incentive_admin'], orgA),
      actor(['incentive_user'], orgA),
      actor(['support', 'program_manager', 'finance'], null),
      { ...actor([], null), permissions: new Set<Permission>(['audit.read_own_organization']) },
    ]) {
      const refused = searchAudit(db.orm, who, { limit: 10, cursor: 'not a cursor' });
      await expect(refused, who.roles.join()).rejects.toBeInstanceOf(AppError);
      await expect(refused, who.roles.join()).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    }
  });
});
