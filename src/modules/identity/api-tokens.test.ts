import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedOrganization, seedUser, signedIn } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

describe('API tokens', () => {
  it('are shown once, carry a subset of the owner’s permissions, and stop at revocation', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    const b = await signedIn(t, admin);
    const expiresAt = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const res = await b.request('/api/v1/me/tokens', { json: { name: 'reporting', permissions: ['users.read'], expiresAt } });
    expect(res.status).toBe(201);
    const { token, id, prefix } = await res.json();
    expect(token.startsWith(prefix)).toBe(true);

    expect((await t.app.request('/api/v1/users', bearer(token))).status).toBe(200);
    const narrowed = await t.app.request('/api/v1/organization/audit', bearer(token));
    expect(narrowed.status).toBe(403);
    const listed = await (await b.request('/api/v1/me/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(token);

    expect((await b.request(`/api/v1/me/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.app.request('/api/v1/users', bearer(token))).status).toBe(401);
  });

  it('refuse permissions the owner lacks, expire, and end when the owner is deactivated', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    const member = await seedUser(t, { organizationId: org.id, roles: ['user_admin'] });
    const m = await signedIn(t, member);
    const in30 = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const beyond = await m.request('/api/v1/me/tokens', { json: { name: 'x', permissions: ['audit.read_own_organization'], expiresAt: in30 } });
    expect(beyond.status).toBe(400);
    expect((await beyond.json()).errors[0]).toMatchObject({ field: 'body.permissions', rule: 'not_held' });

    const { token } = await (await m.request('/api/v1/me/tokens', { json: { name: 'x', permissions: ['users.read'], expiresAt: in30 } })).json();
    expect((await t.app.request('/api/v1/users', bearer(token))).status).toBe(200);
    const a = await signedIn(t, admin);
    await a.request(`/api/v1/users/${member.id}/deactivate`, { json: {} });
    expect((await t.app.request('/api/v1/users', bearer(token))).status).toBe(401);
    await a.request(`/api/v1/users/${member.id}/reactivate`, { json: {} });
    t.clock.advance(31 * 86_400_000);
    expect((await t.app.request('/api/v1/users', bearer(token))).status).toBe(401);
  });

  it("cannot revoke another user's token: it answers 404", async () => {
    t = await createTestApp();
    const one = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const two = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const a = await signedIn(t, one);
    const in30 = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const { id } = await (await a.request('/api/v1/me/tokens', { json: { name: 'x', permissions: ['users.read'], expiresAt: in30 } })).json();
    const b = await signedIn(t, two);
    expect((await b.request(`/api/v1/me/tokens/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('need a recent password confirmation to create', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, user);
    t.clock.advance(11 * 60_000);
    const in30 = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const res = await b.request('/api/v1/me/tokens', { json: { name: 'x', permissions: ['users.read'], expiresAt: in30 } });
    expect((await res.json()).code).toBe('reauthentication_required');
  });
});
