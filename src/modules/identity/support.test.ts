import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { browser, seedOrganization, seedUser, signedIn } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('support tools', () => {
  it('unlock an account that waits after too many failed sign-ins', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const partner = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const support = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['support'] }));
    for (let i = 0; i < 10; i++) await browser(t).request('/api/v1/auth/sign-in', { json: { email: partner.email, password: `wrong ${i} password` } });
    expect((await browser(t).request('/api/v1/auth/sign-in', { json: { email: partner.email, password: partner.password } })).status).toBe(429);

    const res = await support.request('/api/v1/accounts/unlock', { json: { email: partner.email.toUpperCase() } });
    expect(await res.json()).toEqual({ clearedAttempts: 10 });
    expect((await browser(t).request('/api/v1/auth/sign-in', { json: { email: partner.email, password: partner.password } })).status).toBe(200);
    const audit = await t.db.query<{ organization_id: string }>(`select organization_id from audit_events where action = 'auth.account_unlocked'`);
    expect(audit).toEqual([{ organization_id: org.id }]);
  });

  it('resend a mail that failed, and refuse one that is already queued', async () => {
    t = await createTestApp();
    const admin = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['operator_admin'] }));
    await admin.request('/api/v1/users', {
      json: { name: 'Invited', email: 'invited@example.test', locale: 'en', roles: [{ role: 'support', scope: 'all' }], credentials: 'invitation' },
    });
    const [mail] = await t.db.query<{ id: string }>('select id from mail_outbox');
    expect((await admin.request(`/api/v1/mail/${mail!.id}/resend`, { method: 'POST' })).status).toBe(409);
    await t.db.query(`update mail_outbox set status = 'failed', attempts = 8, last_error = 'mailbox unavailable'`);
    expect((await admin.request(`/api/v1/mail/${mail!.id}/resend`, { method: 'POST' })).status).toBe(204);
    const [row] = await t.db.query<{ status: string; attempts: number; last_error: string | null }>('select status, attempts, last_error from mail_outbox');
    expect(row).toEqual({ status: 'queued', attempts: 0, last_error: null });
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    expect((await finance.request(`/api/v1/mail/${mail!.id}/resend`, { method: 'POST' })).status).toBe(403);
  });
});
