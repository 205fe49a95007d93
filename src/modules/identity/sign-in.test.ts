import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { browser, seedOrganization, seedUser, signedIn } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

const signIn = (b: ReturnType<typeof browser>, email: string, password: string) =>
  b.request('/api/v1/auth/sign-in', { json: { email, password } });

describe('sign-in', () => {
  it('signs in with email and password and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const user = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const b = browser(t);
    const res = await signIn(b, user.email.toUpperCase(), user.password);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^accrue_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const body = await res.json();
    expect(body).toMatchObject({ signedIn: true, stage: 'active', roles: ['incentive_user'], organization: { id: org.id } });
    expect(body.permissions).toContain('incentives.read');
    const session = await (await b.request('/api/v1/auth/session')).json();
    expect(session.user.email).toBe(user.email);
  });

  it('marks the cookie Secure and __Host- when the portal is served over https', async () => {
    t = await createTestApp({ env: { ACCRUE_BASE_URL: 'https://incentives.example.com' } });
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    const res = await t.app.request('/api/v1/auth/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://incentives.example.com' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-accrue_session=.*; Secure/);
  });

  it('answers an unknown account exactly as a wrong password, and a deactivated one too', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    const gone = await seedUser(t, { organizationId: null, roles: ['support'] });
    await t.db.query(`update users set status = 'deactivated' where id = $1`, [gone.id]);
    const answers = [];
    for (const [email, password] of [
      [user.email, 'wrong password here'],
      ['nobody@example.test', 'wrong password here'],
      [gone.email, gone.password],
    ] as const) {
      const res = await signIn(browser(t), email, password);
      const { requestId: _r, ...body } = await res.json();
      answers.push({ status: res.status, body, cookie: res.headers.get('set-cookie') });
    }
    expect(answers[0]).toEqual({
      status: 401,
      cookie: null,
      body: expect.objectContaining({ code: 'unauthenticated', detail: 'The email or password is not right.' }),
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('refuses the 11th attempt within 15 minutes even with the right password, then lets it through later', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    for (let i = 0; i < 10; i++) {
      expect((await signIn(browser(t), user.email, `wrong password ${i}`)).status).toBe(401);
      t.clock.advance(1000);
    }
    const eleventh = await signIn(browser(t), user.email, user.password);
    expect(eleventh.status).toBe(429);
    expect((await eleventh.json()).code).toBe('rate_limited');
    t.clock.advance(20_000);
    expect((await signIn(browser(t), user.email, user.password)).status).toBe(429);
    t.clock.advance(15 * 60_000);
    expect((await signIn(browser(t), user.email, user.password)).status).toBe(200);
  });

  it('limits attempts per client address, whatever the account', async () => {
    t = await createTestApp({ env: { ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS: '10' } });
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
    const attempt = (address: string, email: string, password: string) =>
      t.app.request(
        '/api/v1/auth/sign-in',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) },
        from(address),
      );
    for (let i = 0; i < 10; i++) expect((await attempt('203.0.113.7', `someone${i}@example.test`, 'a wrong password')).status).toBe(401);
    expect((await attempt('203.0.113.7', user.email, user.password)).status).toBe(429);
    expect((await attempt('198.51.100.2', user.email, user.password)).status).toBe(200);
    const forgot = (address: string) =>
      t.app.request('/api/v1/auth/forgot-password', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: user.email }) }, from(address));
    expect((await forgot('198.51.100.9')).status).toBe(202);
    expect((await forgot('198.51.100.9')).status).toBe(202);
    expect((await forgot('198.51.100.9')).status).toBe(429);
  });

  it('sign-out ends the session', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, user);
    expect((await b.request('/api/v1/users')).status).toBe(200);
    const cookie = b.cookie;
    expect((await b.request('/api/v1/auth/sign-out', { method: 'POST' })).status).toBe(204);
    const replay = await t.app.request('/api/v1/users', { headers: { Cookie: cookie! } });
    expect(replay.status).toBe(401);
  });

  it('ends a session idle for 60 minutes, and any session after 12 hours', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, user);
    t.clock.advance(59 * 60_000);
    expect((await b.request('/api/v1/users')).status).toBe(200);
    t.clock.advance(61 * 60_000);
    expect((await b.request('/api/v1/users')).status).toBe(401);

    const c = await signedIn(t, user);
    for (let i = 0; i < 13; i++) {
      t.clock.advance(59 * 60_000);
      await c.request('/api/v1/users');
    }
    expect((await c.request('/api/v1/users')).status).toBe(401);
  });
});

describe('housekeeping', () => {
  it('removes expired sessions and attempts older than a day, and keeps the rest', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    await signedIn(t, user);
    await browser(t).request('/api/v1/auth/sign-in', { json: { email: user.email, password: 'not the password' } });
    const { purgeStaleIdentityRows } = await import('./housekeeping.ts');
    const count = async (table: string) => Number((await t.db.query<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
    await purgeStaleIdentityRows(t.db.orm, t.clock.now());
    expect(await count('sessions')).toBe(1);
    expect(await count('auth_attempts')).toBeGreaterThan(0);
    t.clock.advance(25 * 3600_000);
    await purgeStaleIdentityRows(t.db.orm, t.clock.now());
    expect(await count('sessions')).toBe(0);
    expect(await count('auth_attempts')).toBe(0);
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request with the session cookie but without the CSRF token', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, user);
    const withoutToken = await t.app.request('/api/v1/auth/sign-out', {
      method: 'POST',
      headers: { Cookie: b.cookie!, Origin: 'http://localhost' },
    });
    expect(withoutToken.status).toBe(403);
    expect((await b.request('/api/v1/users')).status).toBe(200); // still signed in
  });

  it('refuses a request from another origin even with the token', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, user);
    const res = await b.request('/api/v1/auth/sign-out', { method: 'POST', headers: { Origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
  });
});

describe('temporary passwords', () => {
  it('must be changed before anything else, and the change ends other sessions', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['operator_admin'], mustChangePassword: true });
    const other = await signedIn(t, user);
    const b = browser(t);
    const res = await signIn(b, user.email, user.password);
    expect((await res.json()).stage).toBe('password_change_required');
    const blocked = await b.request('/api/v1/users');
    expect(blocked.status).toBe(403);
    expect((await blocked.json()).code).toBe('password_change_required');

    const weak = await b.request('/api/v1/auth/password', { json: { currentPassword: user.password, newPassword: 'qwerty123456' } });
    expect(weak.status).toBe(400);
    expect((await weak.json()).errors).toEqual([
      { field: 'body.newPassword', rule: 'password_common', message: 'body.newPassword is one of the most common passwords; choose another' },
    ]);
    const short = await b.request('/api/v1/auth/password', { json: { currentPassword: user.password, newPassword: 'short' } });
    expect((await short.json()).errors[0].rule).toBe('password_too_short');

    const changed = await b.request('/api/v1/auth/password', {
      json: { currentPassword: user.password, newPassword: 'my own long passphrase' },
    });
    expect(changed.status).toBe(200);
    expect((await changed.json()).stage).toBe('active');
    expect((await b.request('/api/v1/users')).status).toBe(200);
    expect((await other.request('/api/v1/users')).status).toBe(401);
  });
});
