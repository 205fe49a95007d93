import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { browser, seedOrganization, seedUser, signedIn, type SeededUser } from '../../../test/helpers/identity.ts';
import { totpCodeAt } from './totp.ts';

let t: TestApp;
afterEach(() => t?.close());

async function enableTotp(b: Awaited<ReturnType<typeof signedIn>>) {
  const setup = await (await b.request('/api/v1/me/mfa/totp/setup', { method: 'POST' })).json();
  expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/Accrue:/);
  const wrong = await b.request('/api/v1/me/mfa/totp/enable', { json: { code: '000000' } });
  expect(wrong.status).toBe(400);
  const enabled = await b.request('/api/v1/me/mfa/totp/enable', { json: { code: totpCodeAt(setup.secret, t.clock.now()) } });
  expect(enabled.status).toBe(200);
  const { recoveryCodes } = await enabled.json();
  return { secret: setup.secret as string, recoveryCodes: recoveryCodes as string[] };
}

async function passwordStep(user: SeededUser) {
  const b = browser(t);
  const res = await b.request('/api/v1/auth/sign-in', { json: { email: user.email, password: user.password } });
  expect((await res.json()).stage).toBe('mfa_required');
  return b;
}

describe('two-step verification', () => {
  it('asks for a TOTP code after the password, and a code is accepted only once', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const { secret, recoveryCodes } = await enableTotp(await signedIn(t, user));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    t.clock.advance(30_000);
    const b = await passwordStep(user);
    expect((await b.request('/api/v1/users')).status).toBe(403);
    const code = totpCodeAt(secret, t.clock.now());
    const ok = await b.request('/api/v1/auth/mfa', { json: { code } });
    expect((await ok.json()).stage).toBe('active');
    expect((await b.request('/api/v1/users')).status).toBe(200);

    const replay = await passwordStep(user);
    expect((await replay.request('/api/v1/auth/mfa', { json: { code } })).status).toBe(401);
  });

  it('accepts each recovery code once and only once', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    const { recoveryCodes } = await enableTotp(await signedIn(t, user));
    const first = await passwordStep(user);
    expect((await (await first.request('/api/v1/auth/mfa', { json: { code: recoveryCodes[0]!.toLowerCase() } })).json()).stage).toBe('active');
    const second = await passwordStep(user);
    expect((await second.request('/api/v1/auth/mfa', { json: { code: recoveryCodes[0] } })).status).toBe(401);
    expect((await second.request('/api/v1/auth/mfa', { json: { code: recoveryCodes[1] } })).status).toBe(200);
    const audit = await t.db.query<{ n: string }>(`select count(*) as n from audit_events where action = 'auth.recovery_code_used'`);
    expect(Number(audit[0]!.n)).toBe(2);
  });

  it('can be turned off by an administrator for a user who lost the device; their sessions end', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const admin = await signedIn(t, await seedUser(t, { organizationId: org.id, roles: ['user_admin'] }));
    const user = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    await enableTotp(await signedIn(t, user));
    const open = await passwordStep(user);
    const res = await admin.request(`/api/v1/users/${user.id}/mfa-reset`, { json: {} });
    expect((await res.json()).mfaEnabled).toBe(false);
    expect((await open.request('/api/v1/auth/mfa', { json: { code: '123456' } })).status).toBe(401);
    const again = await browser(t).request('/api/v1/auth/sign-in', { json: { email: user.email, password: user.password } });
    expect((await again.json()).stage).toBe('active');
    expect((await admin.request(`/api/v1/users/${user.id}/mfa-reset`, { json: {} })).status).toBe(409);
  });

  it('needs a recent password confirmation to change, and the organization policy can require it', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    const member = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const a = await signedIn(t, admin);
    t.clock.advance(11 * 60_000);
    const stale = await a.request('/api/v1/me/mfa/totp/setup', { method: 'POST' });
    expect(stale.status).toBe(403);
    expect((await stale.json()).code).toBe('reauthentication_required');
    expect((await a.request('/api/v1/auth/reauthenticate', { json: { password: 'wrong password!!' } })).status).toBe(401);
    expect((await a.request('/api/v1/auth/reauthenticate', { json: { password: admin.password } })).status).toBe(204);
    expect((await a.request('/api/v1/me/mfa/totp/setup', { method: 'POST' })).status).toBe(200);

    expect((await (await a.request('/api/v1/organization/security', { method: 'PUT', json: { requireMfa: true } })).json()).requireMfa).toBe(true);
    const m = browser(t);
    const res = await m.request('/api/v1/auth/sign-in', { json: { email: member.email, password: member.password } });
    expect((await res.json()).stage).toBe('mfa_setup_required');
    const blocked = await m.request('/api/v1/organization/admins');
    expect((await blocked.json()).code).toBe('mfa_required');
    const setup = await (await m.request('/api/v1/me/mfa/totp/setup', { method: 'POST' })).json();
    const enabled = await m.request('/api/v1/me/mfa/totp/enable', { json: { code: totpCodeAt(setup.secret, t.clock.now()) } });
    expect((await enabled.json()).stage).toBe('active');
    await m.request('/api/v1/auth/session'); // the session was rotated: pick up its new CSRF token
    expect((await m.request('/api/v1/organization/admins')).status).toBe(200);
    expect((await m.request('/api/v1/me/mfa/totp', { method: 'DELETE' })).status).toBe(409);
  });
});
