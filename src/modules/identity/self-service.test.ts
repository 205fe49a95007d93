import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { browser, seedOrganization, seedUser, signedIn, tokenMailedTo } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('forgot password', () => {
  it('answers the same for unknown addresses and mails a link valid 30 minutes, once', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'], locale: 'zh-TW' });
    const signedInElsewhere = await signedIn(t, user);
    const unknown = await browser(t).request('/api/v1/auth/forgot-password', { json: { email: 'nobody@example.test' } });
    const known = await browser(t).request('/api/v1/auth/forgot-password', { json: { email: user.email } });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(await unknown.text()).toBe(await known.text());

    const token = await tokenMailedTo(t, user.email);
    const check = await browser(t).request('/api/v1/auth/reset-password/check', { json: { token } });
    expect((await check.json()).email).toBe(user.email);
    const weak = await browser(t).request('/api/v1/auth/reset-password', { json: { token, password: 'short' } });
    expect((await weak.json()).errors[0]).toMatchObject({ field: 'body.password', rule: 'password_too_short' });
    const reset = await browser(t).request('/api/v1/auth/reset-password', { json: { token, password: 'a brand new passphrase' } });
    expect(reset.status).toBe(204);
    expect((await signedInElsewhere.request('/api/v1/organization/admins')).status).toBe(401);
    const reused = await browser(t).request('/api/v1/auth/reset-password', { json: { token, password: 'another new passphrase' } });
    expect(reused.status).toBe(404);
    const signIn = await browser(t).request('/api/v1/auth/sign-in', { json: { email: user.email, password: 'a brand new passphrase' } });
    expect(signIn.status).toBe(200);
  });

  it('expires the link after 30 minutes', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    await browser(t).request('/api/v1/auth/forgot-password', { json: { email: user.email } });
    const token = await tokenMailedTo(t, user.email);
    t.clock.advance(31 * 60_000);
    const late = await browser(t).request('/api/v1/auth/reset-password', { json: { token, password: 'a brand new passphrase' } });
    expect(late.status).toBe(404);
    expect((await late.json()).detail).toMatch(/not valid any more/);
  });
});

describe('invitations', () => {
  it('are accepted within 7 days by choosing a password, which signs the person in', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const admin = await signedIn(t, await seedUser(t, { organizationId: org.id, roles: ['global_admin'] }));
    const email = 'park.jiwoo@example.test';
    await admin.request('/api/v1/users', {
      json: { name: 'Park Ji-woo', email, locale: 'ko-KR', roles: [{ role: 'incentive_admin', scope: 'all' }], credentials: 'invitation' },
    });
    const token = await tokenMailedTo(t, email);
    const b = browser(t);
    const info = await (await b.request('/api/v1/auth/invitation', { json: { token } })).json();
    expect(info).toMatchObject({ email, name: 'Park Ji-woo', organizationName: expect.stringMatching(/^Test Partner/) });
    const accepted = await b.request('/api/v1/auth/invitation/accept', { json: { token, password: 'jiwoo chooses a passphrase' } });
    expect(accepted.status).toBe(200);
    const session = await (await b.request('/api/v1/auth/session')).json();
    expect(session).toMatchObject({ signedIn: true, stage: 'active', roles: ['incentive_admin'] });
    expect((await browser(t).request('/api/v1/auth/invitation', { json: { token } })).status).toBe(404);
  });

  it('stop working after 7 days', async () => {
    t = await createTestApp();
    const admin = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['operator_admin'] }));
    await admin.request('/api/v1/users', {
      json: { name: 'Late', email: 'late@example.test', locale: 'en', roles: [{ role: 'support', scope: 'all' }], credentials: 'invitation' },
    });
    const token = await tokenMailedTo(t, 'late@example.test');
    t.clock.advance(7 * 86_400_000 + 1000);
    expect((await browser(t).request('/api/v1/auth/invitation/accept', { json: { token, password: 'too late passphrase' } })).status).toBe(404);
  });
});

describe('own profile', () => {
  it('changes name and language; the language then applies to answers', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    const b = await signedIn(t, user);
    expect((await b.request('/api/v1/me', { method: 'PATCH', json: { name: '王小明', locale: 'zh-TW' } })).status).toBe(204);
    const session = await (await b.request('/api/v1/auth/session')).json();
    expect(session.user).toMatchObject({ name: '王小明', locale: 'zh-TW' });
    const problem = await (await b.request('/api/v1/users')).json();
    expect(problem.title).toBe('不允許');
  });

  it('changes email only once the new address confirms, and tells the old one', async () => {
    t = await createTestApp();
    const user = await seedUser(t, { organizationId: null, roles: ['support'] });
    const b = await signedIn(t, user);
    expect((await b.request('/api/v1/me/email', { json: { email: 'new.address@example.test' } })).status).toBe(202);
    expect((await (await b.request('/api/v1/auth/session')).json()).user.email).toBe(user.email);
    const token = await tokenMailedTo(t, 'new.address@example.test');
    const confirmed = await browser(t).request('/api/v1/auth/confirm-email', { json: { token } });
    expect(await confirmed.json()).toEqual({ email: 'new.address@example.test' });
    const templates = await t.db.query<{ template: string; recipient_email: string }>(
      'select template, recipient_email from mail_outbox order by created_at',
    );
    expect(templates).toEqual([
      { template: 'email_change', recipient_email: 'new.address@example.test' },
      { template: 'email_changed', recipient_email: user.email },
    ]);
    const signIn = await browser(t).request('/api/v1/auth/sign-in', { json: { email: 'new.address@example.test', password: user.password } });
    expect(signIn.status).toBe(200);
  });
});
