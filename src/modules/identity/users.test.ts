import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { browser, seedOrganization, seedUser, signedIn } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

async function setup() {
  t = await createTestApp();
  const org = await seedOrganization(t);
  const other = await seedOrganization(t);
  const globalAdmin = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
  const userAdmin = await seedUser(t, { organizationId: org.id, roles: ['user_admin'] });
  return { org, other, globalAdmin, userAdmin, ga: await signedIn(t, globalAdmin), ua: await signedIn(t, userAdmin) };
}

const newUser = (overrides: Record<string, unknown> = {}) => ({
  name: 'Kim Min-jun',
  email: `kim-${Math.random().toString(36).slice(2)}@example.test`,
  locale: 'ko-KR',
  roles: [{ role: 'incentive_user', scope: 'all' }],
  credentials: 'temporary_password',
  ...overrides,
});

describe('creating users', () => {
  it('gives a temporary password once; the new user must change it at first sign-in', async () => {
    const { ga } = await setup();
    const body = newUser();
    const res = await ga.request('/api/v1/users', { json: body });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(created.user).toMatchObject({ email: body.email, locale: 'ko-KR', mustChangePassword: true, invitationPending: false });
    const again = await ga.request(`/api/v1/users/${created.user.id}`);
    expect(JSON.stringify(await again.json())).not.toContain(created.temporaryPassword);

    const b = browser(t);
    const signIn = await b.request('/api/v1/auth/sign-in', { json: { email: body.email, password: created.temporaryPassword } });
    expect((await signIn.json()).stage).toBe('password_change_required');
  });

  it('sends an invitation mail in the new user’s language instead, when asked', async () => {
    const { ga } = await setup();
    const res = await ga.request('/api/v1/users', { json: newUser({ credentials: 'invitation', locale: 'zh-TW' }) });
    const created = await res.json();
    expect(created.temporaryPassword).toBeNull();
    expect(created.user.invitationPending).toBe(true);
    const mail = await t.db.query<{ template: string; locale: string; recipient_email: string }>(
      'select template, locale, recipient_email from mail_outbox',
    );
    expect(mail).toEqual([{ template: 'invitation', locale: 'zh-TW', recipient_email: created.user.email }]);
  });

  it('refuses an email that is taken, naming the field, and creates nothing', async () => {
    const { ga, userAdmin } = await setup();
    const res = await ga.request('/api/v1/users', { json: newUser({ email: userAdmin.email.toUpperCase() }) });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ field: 'body.email', rule: 'email_taken', message: 'body.email is already used by another account' }]);
    const rows = await t.db.query<{ n: string }>('select count(*) as n from users');
    expect(Number(rows[0]!.n)).toBe(2);
  });

  it('limits incentive roles to locations of the organization', async () => {
    const { ga, org, other } = await setup();
    const own = await ga.request('/api/v1/users', {
      json: newUser({ roles: [{ role: 'incentive_admin', scope: [{ locationId: org.locationIds[0], programCode: 'CSP-REBATE' }] }] }),
    });
    expect(own.status).toBe(201);
    expect((await own.json()).user.roles).toEqual([
      { role: 'incentive_admin', scope: [{ locationId: org.locationIds[0], programCode: 'CSP-REBATE' }] },
    ]);
    const foreign = await ga.request('/api/v1/users', {
      json: newUser({ roles: [{ role: 'incentive_admin', scope: [{ locationId: other.locationIds[0], programCode: 'CSP-REBATE' }] }] }),
    });
    expect(foreign.status).toBe(400);
    expect((await foreign.json()).errors[0]).toMatchObject({ field: 'body.roles.0.scope.0.locationId', rule: 'unknown_location' });
  });

  it('refuses operator roles in a partner organization', async () => {
    const { ga } = await setup();
    const res = await ga.request('/api/v1/users', { json: newUser({ roles: [{ role: 'finance', scope: 'all' }] }) });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0]).toMatchObject({ field: 'body.roles.0.role', rule: 'role_not_in_tenant' });
  });
});

describe('the rules of administration', () => {
  it('only a Global admin grants or revokes Global admin', async () => {
    const { ga, ua, org } = await setup();
    const grant = await ua.request('/api/v1/users', { json: newUser({ roles: [{ role: 'global_admin', scope: 'all' }] }) });
    expect(grant.status).toBe(403);
    const target = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const promote = await ua.request(`/api/v1/users/${target.id}/roles`, { method: 'PUT', json: { roles: [{ role: 'global_admin', scope: 'all' }] } });
    expect(promote.status).toBe(403);
    const byGa = await ga.request(`/api/v1/users/${target.id}/roles`, { method: 'PUT', json: { roles: [{ role: 'global_admin', scope: 'all' }] } });
    expect(byGa.status).toBe(200);
    const demote = await ua.request(`/api/v1/users/${target.id}/roles`, { method: 'PUT', json: { roles: [] } });
    expect(demote.status).toBe(403);
  });

  it("a User admin cannot reset a Global admin's password or deactivate them", async () => {
    const { ua, globalAdmin } = await setup();
    expect((await ua.request(`/api/v1/users/${globalAdmin.id}/password-reset`, { json: { method: 'temporary_password' } })).status).toBe(403);
    expect((await ua.request(`/api/v1/users/${globalAdmin.id}/deactivate`, { json: {} })).status).toBe(403);
  });

  it('nobody removes the last Global admin', async () => {
    const { ga, globalAdmin } = await setup();
    const res = await ga.request(`/api/v1/users/${globalAdmin.id}/roles`, { method: 'PUT', json: { roles: [{ role: 'user_admin', scope: 'all' }] } });
    expect(res.status).toBe(409);
    expect((await res.json()).detail).toMatch(/last administrator/);
    expect((await ga.request(`/api/v1/users/${globalAdmin.id}/deactivate`, { json: {} })).status).toBe(409);
  });

  it('the same holds for operators: only operator admins manage operators, and the last one stays', async () => {
    t = await createTestApp();
    const admin = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, admin);
    const created = await b.request('/api/v1/users', { json: newUser({ roles: [{ role: 'finance', scope: 'all' }], locale: 'en' }) });
    expect(created.status).toBe(201);
    const self = await b.request(`/api/v1/users/${admin.id}/roles`, { method: 'PUT', json: { roles: [{ role: 'support', scope: 'all' }] } });
    expect(self.status).toBe(409);
  });
});

describe("resetting a user's password and deactivating", () => {
  it('ends their open sessions; the temporary password must be changed', async () => {
    const { ga, org } = await setup();
    const target = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const theirs = await signedIn(t, target);
    expect((await theirs.request('/api/v1/organization/admins')).status).toBe(200);
    const res = await ga.request(`/api/v1/users/${target.id}/password-reset`, { json: { method: 'temporary_password' } });
    const { temporaryPassword } = await res.json();
    expect((await theirs.request('/api/v1/organization/admins')).status).toBe(401);
    const again = browser(t);
    const signIn = await again.request('/api/v1/auth/sign-in', { json: { email: target.email, password: temporaryPassword } });
    expect((await signIn.json()).stage).toBe('password_change_required');
  });

  it('by email link: a reset mail is queued and the old sessions end', async () => {
    const { ga, org } = await setup();
    const target = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'], locale: 'ko-KR' });
    const theirs = await signedIn(t, target);
    const res = await ga.request(`/api/v1/users/${target.id}/password-reset`, { json: { method: 'email_link' } });
    expect(await res.json()).toEqual({ temporaryPassword: null });
    expect((await theirs.request('/api/v1/organization/admins')).status).toBe(401);
    const mail = await t.db.query<{ template: string; locale: string }>('select template, locale from mail_outbox');
    expect(mail).toEqual([{ template: 'password_reset', locale: 'ko-KR' }]);
  });

  it('deactivation ends sessions at once and refuses sign-in; reactivation restores it', async () => {
    const { ga, org } = await setup();
    const target = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const theirs = await signedIn(t, target);
    expect((await ga.request(`/api/v1/users/${target.id}/deactivate`, { json: {} })).status).toBe(200);
    expect((await theirs.request('/api/v1/organization/admins')).status).toBe(401);
    const refused = await browser(t).request('/api/v1/auth/sign-in', { json: { email: target.email, password: target.password } });
    expect(refused.status).toBe(401);
    expect((await ga.request(`/api/v1/users/${target.id}/reactivate`, { json: {} })).status).toBe(200);
    const back = await browser(t).request('/api/v1/auth/sign-in', { json: { email: target.email, password: target.password } });
    expect(back.status).toBe(200);
  });
});

describe('listing', () => {
  it('lists and searches only the caller’s organization', async () => {
    const { ga, org, other } = await setup();
    await seedUser(t, { organizationId: org.id, roles: ['incentive_user'], email: 'lee.seoyeon@example.test' });
    await seedUser(t, { organizationId: other.id, roles: ['incentive_user'], email: 'lee.other@example.test' });
    const all = await (await ga.request('/api/v1/users')).json();
    expect(all.total).toBe(3);
    const found = await (await ga.request('/api/v1/users?q=LEE')).json();
    expect(found.users.map((u: { email: string }) => u.email)).toEqual(['lee.seoyeon@example.test']);
    const bad = await ga.request('/api/v1/users?limit=1000');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ field: 'query.limit', rule: 'too_big' });
  });

  it("shows everyone who their organization's admins are", async () => {
    const { org, globalAdmin, userAdmin } = await setup();
    const nobody = await seedUser(t, { organizationId: org.id, roles: [] });
    const b = await signedIn(t, nobody);
    const { admins } = await (await b.request('/api/v1/organization/admins')).json();
    expect(admins.map((a: { email: string }) => a.email).sort()).toEqual([globalAdmin.email, userAdmin.email].sort());
  });
});
