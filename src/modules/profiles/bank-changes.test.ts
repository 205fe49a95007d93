import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { browser, seedOrganization, seedUser, signedIn, tokenMailedTo } from '../../../test/helpers/identity.ts';
import { assignProfile, ibanDetails, otherIban, requestChange, seedPaymentProfile, usDetails } from '../../../test/helpers/payments.ts';
import { auditEvents } from '../audit/schema.ts';
import { mailOutbox } from '../mail/schema.ts';
import { bankChangeRequests, paymentProfiles, payoutAssignments } from './schema.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const mailsOf = async (template: string) =>
  (await t.db.orm.select({ to: mailOutbox.recipientEmail }).from(mailOutbox).where(eq(mailOutbox.template, template))).map((m) => m.to).sort();
const profileRow = async (id: string) => (await t.db.orm.select().from(paymentProfiles).where(eq(paymentProfiles.id, id)))[0]!;

/** An organization with two Incentive admins (A and B), a Global admin, an Incentive user, and one profile paying a location. */
async function twoAdmins() {
  const org = await seedOrganization(t);
  const a = await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'], email: `a-${org.id}@example.test` });
  const b = await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'], email: `b-${org.id}@example.test` });
  const g = await seedUser(t, { organizationId: org.id, roles: ['global_admin'], email: `g-${org.id}@example.test` });
  const viewer = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
  const profileId = await seedPaymentProfile(t, org.id, { status: 'approved' });
  await assignProfile(t, org.id, org.locationIds[0]!, profileId);
  return { org, a, b, g, viewer, profileId };
}

describe('bank changes under dual control', () => {
  it('dual control: a change by admin A has no effect until admin B confirms; every Global admin is told; A cannot confirm their own', async () => {
    const s = await twoAdmins();
    const before = await profileRow(s.profileId);
    const assignmentsBefore = await t.db.orm.select().from(payoutAssignments).where(eq(payoutAssignments.organizationId, s.org.id));
    const a = await signedIn(t, s.a);

    const res = await requestChange(a, { paymentProfileId: s.profileId, ...otherIban });
    expect(res.status).toBe(201);
    const { change, confirmation } = await res.json();
    expect(confirmation).toBe('admin');
    expect(change).toMatchObject({ accountMasked: '•••• 5432', status: 'pending', canConfirm: false, canCancel: true });

    // Nothing changed: the row, its sealed account, its approval and its assignments.
    expect(await profileRow(s.profileId)).toEqual(before);
    expect(await t.db.orm.select().from(payoutAssignments).where(eq(payoutAssignments.organizationId, s.org.id))).toEqual(assignmentsBefore);
    const shown = await (await a.request(`/api/v1/payment-profiles/${s.profileId}`)).json();
    expect(shown).toMatchObject({ accountMasked: '•••• 3000', status: 'approved', bankCountry: 'DE', pendingChange: { accountMasked: '•••• 5432', requestedBy: { email: s.a.email } } });

    // B and the Global admin are asked (each once), the requester is not; no link is mailed.
    expect(await mailsOf('bank_change_requested')).toEqual([s.b.email, s.g.email].sort());
    const mailed = await t.db.orm.select().from(bankChangeRequests).where(eq(bankChangeRequests.id, change.id));
    expect(mailed[0]!.tokenHash).toBeNull();

    const own = await a.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' });
    expect(own.status).toBe(403);
    expect(await profileRow(s.profileId)).toEqual(before);

    const b = await signedIn(t, s.b);
    const listed = await (await b.request('/api/v1/payment-profiles')).json();
    expect(listed.profiles[0].pendingChange).toMatchObject({ id: change.id, canConfirm: true });
    const confirmed = await b.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' });
    expect(confirmed.status).toBe(200);

    const after = await profileRow(s.profileId);
    expect(after).toMatchObject({ bankCountry: 'GB', accountLast4: '5432', bic: 'NWBKGB2L', status: 'pending_validation', version: before.version + 1, reviewedAt: null });
    expect(t.ctx.encryptor.open(after.accountSealed)).toBe('GB82WEST12345698765432');
    const [request] = await t.db.orm.select().from(bankChangeRequests).where(eq(bankChangeRequests.id, change.id));
    expect(request).toMatchObject({ status: 'confirmed', decidedBy: s.b.id, decidedVia: 'admin' });
    expect(await mailsOf('bank_change_applied')).toEqual([s.g.email]);
    const audit = await t.db.orm.select().from(auditEvents).where(eq(auditEvents.organizationId, s.org.id));
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['bank_change.requested', 'bank_change.confirmed', 'payment_profile.updated']));
    expect(JSON.stringify(audit)).not.toContain('GB82WEST12345698765432');
    expect(JSON.stringify(audit)).not.toContain('DE89370400440532013000');

    // Confirmed once: a second confirmation is refused.
    expect((await b.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' })).status).toBe(409);
  });

  it('a new profile by admin A exists only once B confirms it; a second pending request for one profile is 409; cancel changes nothing', async () => {
    const s = await twoAdmins();
    const a = await signedIn(t, s.a);
    const b = await signedIn(t, s.b);
    const created = await (await requestChange(a, { name: 'US operating', acceptedCurrencies: ['USD'], ...usDetails })).json();
    let listed = await (await a.request('/api/v1/payment-profiles')).json();
    expect(listed.profiles).toHaveLength(1);
    expect(listed.newProfileRequests).toEqual([expect.objectContaining({ id: created.change.id, name: 'US operating', accountMasked: '•••• 1012', routingNumber: '021000021' })]);
    const { paymentProfileId } = await (await b.request(`/api/v1/bank-changes/${created.change.id}/confirm`, { method: 'POST' })).json();
    listed = await (await a.request('/api/v1/payment-profiles')).json();
    expect(listed.profiles.map((p: { id: string }) => p.id)).toContain(paymentProfileId);
    expect(await profileRow(paymentProfileId)).toMatchObject({ scheme: 'aba', accountLast4: '1012', status: 'pending_validation', acceptedCurrencies: ['USD'] });

    const first = await requestChange(a, { paymentProfileId: s.profileId, ...otherIban });
    expect(first.status).toBe(201);
    const second = await requestChange(b, { paymentProfileId: s.profileId, ...ibanDetails });
    expect(second.status).toBe(409);
    const { change } = await first.json();
    expect((await b.request(`/api/v1/bank-changes/${change.id}/cancel`, { method: 'POST' })).status).toBe(204);
    expect((await profileRow(s.profileId)).accountLast4).toBe('3000');
    expect((await t.db.orm.select().from(bankChangeRequests).where(eq(bankChangeRequests.id, change.id)))[0]).toMatchObject({ status: 'cancelled', decidedVia: 'admin' });
    expect((await b.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' })).status).toBe(409);
  });

  it('a request older than 24 hours without a link stays pending for an admin to confirm', async () => {
    const s = await twoAdmins();
    const a = await signedIn(t, s.a);
    const { change } = await (await requestChange(a, { paymentProfileId: s.profileId, ...otherIban })).json();
    t.clock.advance(48 * 3_600_000);
    const b = await signedIn(t, s.b);
    expect((await b.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' })).status).toBe(200);
  });
});

describe('an organization with a single admin', () => {
  async function singleAdmin() {
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['global_admin'], email: `only-${org.id}@example.test` });
    const profileId = await seedPaymentProfile(t, org.id, { status: 'approved' });
    return { org, admin, profileId };
  }

  it('single admin: the mailed link confirms the change, once', async () => {
    const s = await singleAdmin();
    const a = await signedIn(t, s.admin);
    const res = await requestChange(a, { paymentProfileId: s.profileId, ...otherIban });
    expect((await res.json()).confirmation).toBe('link');
    expect(await mailsOf('bank_change_requested')).toEqual([s.admin.email]);
    const token = await tokenMailedTo(t, s.admin.email);
    expect(token.length).toBeGreaterThanOrEqual(22);
    const [stored] = await t.db.orm.select().from(bankChangeRequests).where(eq(bankChangeRequests.organizationId, s.org.id));
    expect(stored!.tokenHash).not.toBe(token);

    const check = await browser(t).request('/api/v1/bank-change-links/check', { json: { token } });
    expect(await check.json()).toMatchObject({ accountMasked: '•••• 5432', current: { accountMasked: '•••• 3000' } });
    expect((await profileRow(s.profileId)).accountLast4).toBe('3000');

    const used = await browser(t).request('/api/v1/bank-change-links/confirm', { json: { token } });
    expect(used.status).toBe(200);
    expect(await profileRow(s.profileId)).toMatchObject({ accountLast4: '5432', status: 'pending_validation' });
    expect((await t.db.orm.select().from(bankChangeRequests).where(eq(bankChangeRequests.organizationId, s.org.id)))[0]).toMatchObject({ status: 'confirmed', decidedVia: 'link', decidedBy: null });
    expect(await mailsOf('bank_change_applied')).toEqual([s.admin.email]);

    const again = await browser(t).request('/api/v1/bank-change-links/confirm', { json: { token } });
    expect(again.status).toBe(404);
    expect((await again.json()).code).toBe('not_found');
  });

  it('single admin: an expired link (24 hours and a minute) confirms nothing', async () => {
    const s = await singleAdmin();
    const a = await signedIn(t, s.admin);
    await requestChange(a, { paymentProfileId: s.profileId, ...otherIban });
    const token = await tokenMailedTo(t, s.admin.email);
    t.clock.advance(24 * 3_600_000 + 60_000);
    expect((await browser(t).request('/api/v1/bank-change-links/check', { json: { token } })).status).toBe(404);
    const late = await browser(t).request('/api/v1/bank-change-links/confirm', { json: { token } });
    expect(late.status).toBe(404);
    expect(await profileRow(s.profileId)).toMatchObject({ accountLast4: '3000', status: 'approved' });
    const [request] = await t.db.orm.select().from(bankChangeRequests).where(and(eq(bankChangeRequests.organizationId, s.org.id)));
    expect(request!.status).toBe('pending');
  });

  it('the requester and every Global admin get the link when the only other admin is inactive', async () => {
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'] });
    const gone = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    await t.db.query(`update users set status = 'deactivated' where id = $1`, [gone.id]);
    const a = await signedIn(t, admin);
    expect((await (await requestChange(a, { name: 'Main', acceptedCurrencies: ['EUR'], ...ibanDetails })).json()).confirmation).toBe('link');
    expect(await mailsOf('bank_change_requested')).toEqual([admin.email]);
  });
});

describe('re-authentication', () => {
  it('re-authentication is required to request, confirm and open the edit form', async () => {
    const org = await seedOrganization(t);
    const a = await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'] });
    const b = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    const profileId = await seedPaymentProfile(t, org.id);
    const asA = await signedIn(t, a);
    const asB = await signedIn(t, b);
    t.clock.advance(11 * 60_000);

    const request = await requestChange(asA, { paymentProfileId: profileId, ...otherIban });
    expect(request.status).toBe(403);
    expect((await request.json()).code).toBe('reauthentication_required');
    expect(await t.db.orm.select().from(bankChangeRequests)).toEqual([]);
    const edit = await asA.request(`/api/v1/payment-profiles/${profileId}/edit`);
    expect(edit.status).toBe(403);
    expect((await edit.json()).code).toBe('reauthentication_required');

    expect((await asA.request('/api/v1/auth/reauthenticate', { json: { password: a.password } })).status).toBe(204);
    const { change } = await (await requestChange(asA, { paymentProfileId: profileId, ...otherIban })).json();
    const unmasked = await (await asA.request(`/api/v1/payment-profiles/${profileId}/edit`)).json();
    expect(unmasked.account).toBe('DE89370400440532013000');
    const views = await t.db.orm.select().from(auditEvents).where(eq(auditEvents.action, 'payment_profile.unmasked_viewed'));
    expect(views).toHaveLength(1);
    expect(JSON.stringify(views)).not.toContain('DE89370400440532013000');

    const confirm = await asB.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' });
    expect(confirm.status).toBe(403);
    expect((await confirm.json()).code).toBe('reauthentication_required');
    expect((await profileRow(profileId)).accountLast4).toBe('3000');
    await asB.request('/api/v1/auth/reauthenticate', { json: { password: b.password } });
    expect((await asB.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' })).status).toBe(200);
  });
});
