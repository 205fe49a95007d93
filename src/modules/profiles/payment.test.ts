import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedOrganization, seedUser, signedIn } from '../../../test/helpers/identity.ts';
import { enrollmentOf, programFile, seedEligiblePartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { assignProfile, bicDetails, ibanCompact, ibanDetails, requestChange, seedPaymentProfile, usDetails } from '../../../test/helpers/payments.ts';
import { auditEvents } from '../audit/schema.ts';
import { runEligibility } from '../eligibility/evaluate.ts';
import { applyEnrollmentEvent, type EnrollmentRow } from '../enrollments/transitions.ts';
import { systemActor } from '../identity/actor.ts';
import { mailOutbox } from '../mail/schema.ts';
import { bankChangeRequests, paymentProfiles, payoutAssignments } from './schema.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const profileRow = async (id: string) => (await t.db.orm.select().from(paymentProfiles).where(eq(paymentProfiles.id, id)))[0]!;
const everyRequest = () => t.db.orm.select().from(bankChangeRequests);

describe('what partners see', () => {
  it('an Incentive user sees only the last 4 characters: no response of any route they can reach carries the full number', async () => {
    const programId = await seedProgramId(t, programFile('CSP-MASK'));
    const partner = await seedEligiblePartner(t);
    await runEligibility(t.ctx, systemActor(), { date: '2026-11-20' });
    const admin = await seedUser(t, { organizationId: partner.organizationId, roles: ['global_admin'] });
    const second = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] });
    const viewer = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_user'] });
    const asAdmin = await signedIn(t, admin);
    const asSecond = await signedIn(t, second);
    // One confirmed IBAN profile, one confirmed US account, and a US account still pending.
    const iban = await (await requestChange(asAdmin, { name: 'EUR', acceptedCurrencies: ['EUR'], ...ibanDetails })).json();
    const us = await (await requestChange(asAdmin, { name: 'USD', acceptedCurrencies: ['USD'], ...usDetails })).json();
    const { paymentProfileId } = await (await asSecond.request(`/api/v1/bank-changes/${iban.change.id}/confirm`, { method: 'POST' })).json();
    await asSecond.request(`/api/v1/bank-changes/${us.change.id}/confirm`, { method: 'POST' });
    await requestChange(asAdmin, { name: 'Pending', acceptedCurrencies: ['JPY'], ...bicDetails });
    const [location] = await t.db.query<{ id: string }>('select id from locations where organization_id = $1 limit 1', [partner.organizationId]);
    await t.db.orm.insert(payoutAssignments).values({ organizationId: partner.organizationId, locationId: location!.id, programId, paymentProfileId, payoutCurrency: 'EUR' });

    expect((await asAdmin.request(`/api/v1/incentives/${partner.publicLocationId}/CSP-MASK/accept`, { method: 'POST' })).status).toBe(200);
    const asViewer = await signedIn(t, viewer);
    const listed = await (await asViewer.request('/api/v1/payment-profiles')).json();
    const paths = [
      '/api/v1/payment-profiles',
      ...listed.profiles.map((p: { id: string }) => `/api/v1/payment-profiles/${p.id}`),
      '/api/v1/incentives',
      `/api/v1/incentives/${partner.publicLocationId}/CSP-MASK`,
      `/api/v1/incentives/${partner.publicLocationId}/CSP-MASK/payout`,
      '/api/v1/organization/admins',
      '/api/v1/me/tokens',
      '/api/v1/auth/session',
    ];
    const secrets = [ibanCompact, 'DE89 3704 0044 0532 0130 00', '987654321012', '7654321', '37040044053201'];
    for (const path of paths) {
      const res = await asViewer.request(path);
      expect(res.status, path).toBe(200);
      const text = await res.text();
      for (const secret of secrets) expect(text.includes(secret), `${path} (${res.status}) carries ${secret}`).toBe(false);
    }
    expect(listed.profiles.map((p: { accountMasked: string }) => p.accountMasked).sort()).toEqual(['•••• 1012', '•••• 3000']);
    expect(listed.newProfileRequests.map((p: { accountMasked: string }) => p.accountMasked)).toEqual(['•••• 4321']);
    expect(listed.newProfileRequests[0]).toMatchObject({ canConfirm: false, canCancel: false });
    // The edit form is for admins only.
    expect((await asViewer.request(`/api/v1/payment-profiles/${paymentProfileId}/edit`)).status).toBe(403);
  });

  it('another organization’s profile answers 404, as if it did not exist', async () => {
    const mine = await seedOrganization(t);
    const theirs = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: mine.id, roles: ['global_admin'] });
    const id = await seedPaymentProfile(t, theirs.id);
    const b = await signedIn(t, admin);
    for (const [method, path, json] of [
      ['GET', `/api/v1/payment-profiles/${id}`, undefined],
      ['GET', `/api/v1/payment-profiles/${id}/edit`, undefined],
      ['PATCH', `/api/v1/payment-profiles/${id}`, { expectedVersion: 1, name: 'Mine now' }],
      ['POST', `/api/v1/payment-profiles/${id}/archive`, undefined],
      ['POST', '/api/v1/bank-changes', { paymentProfileId: id, ...ibanDetails }],
    ] as const) {
      expect((await b.request(path, { method, json })).status, `${method} ${path}`).toBe(404);
    }
    expect(await profileRow(id)).toMatchObject({ name: `Account 3000`, version: 1 });
    expect(await everyRequest()).toEqual([]);
  });
});

describe('bad input', () => {
  async function admin() {
    const org = await seedOrganization(t);
    const user = await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'] });
    await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    const profileId = await seedPaymentProfile(t, org.id);
    return { org, b: await signedIn(t, user), profileId };
  }

  const fieldsOf = async (res: Response) => {
    expect(res.status).toBe(400);
    return ((await res.json()).errors as { field: string; rule: string }[]).map((e) => `${e.field}:${e.rule}`).sort();
  };

  it('bad input on every field answers with the field and the rule and changes nothing', async () => {
    const { b, profileId } = await admin();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], iban: 'DE89370400440532013001' }, ['body.iban:check_digits']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], iban: 'DE8937040044053201300' }, ['body.iban:length']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], iban: 'GB82WEST12345698765432' }, ['body.iban:country_mismatch']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], iban: 'not an iban' }, ['body.iban:format']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], bic: 'DEUT' }, ['body.bic:format']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], bic: undefined }, ['body.bic:required']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], routingNumber: '021000021' }, ['body.routingNumber:not_for_scheme']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], accountNumber: '1234567' }, ['body.accountNumber:not_for_scheme']],
      [{ ...usDetails, name: 'X', acceptedCurrencies: ['USD'], routingNumber: '021000022' }, ['body.routingNumber:check_digit']],
      [{ ...usDetails, name: 'X', acceptedCurrencies: ['USD'], routingNumber: '12345' }, ['body.routingNumber:format']],
      [{ ...usDetails, name: 'X', acceptedCurrencies: ['USD'], accountNumber: '12AB' }, ['body.accountNumber:format']],
      [{ ...usDetails, name: 'X', acceptedCurrencies: ['USD'], accountNumber: '123' }, ['body.accountNumber:length']],
      [{ ...usDetails, name: 'X', acceptedCurrencies: ['USD'], bic: 'CHASUS33' }, ['body.bic:not_for_scheme']],
      [{ ...usDetails, name: 'X', acceptedCurrencies: ['USD'], iban: ibanCompact }, ['body.iban:not_for_scheme']],
      [{ ...bicDetails, name: 'X', acceptedCurrencies: ['JPY'], bic: 'BOTKXXJT' }, ['body.bic:country']],
      [{ ...bicDetails, name: 'X', acceptedCurrencies: ['JPY'], accountNumber: undefined }, ['body.accountNumber:required']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], bankCountry: 'QQ' }, ['body.bankCountry:country']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], accountHolder: '' }, ['body.accountHolder:too_small_string']],
      [{ ...ibanDetails, acceptedCurrencies: ['EUR'] }, ['body.name:required']],
      [{ ...ibanDetails, name: 'X' }, ['body.acceptedCurrencies:required']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR', 'XYZ'] }, ['body.acceptedCurrencies.1:currency']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['eur'] }, ['body.acceptedCurrencies.0:invalid_format']],
      [{ ...ibanDetails, name: 'X', acceptedCurrencies: ['EUR'], swift: 'DEUTDEFF' }, ['body.swift:unrecognized_keys']],
      [{ ...ibanDetails, paymentProfileId: 'nope' }, ['body.paymentProfileId:invalid_format']],
    ];
    for (const [body, expected] of cases) {
      const fields = await fieldsOf(await requestChange(b, body));
      expect(fields, JSON.stringify(body)).toEqual(expected);
    }
    expect(await everyRequest()).toEqual([]);

    const before = await profileRow(profileId);
    expect(await fieldsOf(await b.request(`/api/v1/payment-profiles/${profileId}`, { method: 'PATCH', json: { expectedVersion: 1, acceptedCurrencies: ['ABC'] } }))).toEqual([
      'body.acceptedCurrencies.0:currency',
    ]);
    expect(await fieldsOf(await b.request(`/api/v1/payment-profiles/${profileId}`, { method: 'PATCH', json: { expectedVersion: 1, name: '  ' } }))).toEqual(['body.name:required']);
    expect(await fieldsOf(await b.request(`/api/v1/payment-profiles/${profileId}`, { method: 'PATCH', json: { name: 'No version' } }))).toEqual(['body.expectedVersion:required']);
    expect(await fieldsOf(await b.request(`/api/v1/payment-profiles/${profileId}`, { method: 'PATCH', json: { expectedVersion: 1, iban: ibanCompact } }))).toEqual([
      'body.iban:unrecognized_keys',
    ]);
    expect(await profileRow(profileId)).toEqual(before);
  });

  it('several bad fields are reported together', async () => {
    const { b } = await admin();
    const fields = await fieldsOf(await requestChange(b, { ...usDetails, name: 'X', acceptedCurrencies: ['USD'], accountNumber: 'x', routingNumber: '1', bic: 'DEUTDEFF' }));
    expect(fields).toEqual(['body.accountNumber:format', 'body.bic:not_for_scheme', 'body.routingNumber:format']);
  });
});

describe('editing a profile', () => {
  it('an Incentive admin renames a profile and changes its currencies with the expected version; a stale version is 409', async () => {
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'] });
    const viewer = await seedUser(t, { organizationId: org.id, roles: ['incentive_user'] });
    const id = await seedPaymentProfile(t, org.id, { status: 'approved' });
    const b = await signedIn(t, admin);
    const res = await b.request(`/api/v1/payment-profiles/${id}`, { method: 'PATCH', json: { expectedVersion: 1, name: 'Operating (EUR)', acceptedCurrencies: ['EUR', 'GBP', 'EUR'] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'Operating (EUR)', acceptedCurrencies: ['EUR', 'GBP'], version: 2, status: 'approved', accountMasked: '•••• 3000' });
    expect((await b.request(`/api/v1/payment-profiles/${id}`, { method: 'PATCH', json: { expectedVersion: 1, name: 'Stale' } })).status).toBe(409);
    expect((await profileRow(id)).name).toBe('Operating (EUR)');
    const asViewer = await signedIn(t, viewer);
    expect((await asViewer.request(`/api/v1/payment-profiles/${id}`, { method: 'PATCH', json: { expectedVersion: 2, name: 'Viewer' } })).status).toBe(403);
  });

  it('archive is refused with 409 while an assignment uses the profile; restore brings it back', async () => {
    const org = await seedOrganization(t);
    const admin = await seedUser(t, { organizationId: org.id, roles: ['global_admin'] });
    const used = await seedPaymentProfile(t, org.id);
    const spare = await seedPaymentProfile(t, org.id, { account: 'GB82WEST12345698765432' });
    await assignProfile(t, org.id, org.locationIds[0]!, used);
    const b = await signedIn(t, admin);
    const refused = await b.request(`/api/v1/payment-profiles/${used}/archive`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toMatch(/pays 1/);
    expect((await profileRow(used)).archivedAt).toBeNull();
    // Dropping the assigned currency is refused too.
    expect((await b.request(`/api/v1/payment-profiles/${used}`, { method: 'PATCH', json: { expectedVersion: 1, acceptedCurrencies: ['USD'] } })).status).toBe(409);

    const archived = await (await b.request(`/api/v1/payment-profiles/${spare}/archive`, { method: 'POST' })).json();
    expect(archived).toMatchObject({ archived: true });
    expect((await b.request(`/api/v1/payment-profiles/${spare}/archive`, { method: 'POST' })).status).toBe(409);
    expect((await requestChange(b, { paymentProfileId: spare, ...ibanDetails })).status).toBe(409);
    const listed = await (await b.request('/api/v1/payment-profiles')).json();
    expect(listed.profiles.map((p: { id: string; archived: boolean }) => `${p.id === used ? 'used' : 'spare'}:${p.archived}`)).toEqual(['used:false', 'spare:true']);
    expect(await (await b.request(`/api/v1/payment-profiles/${spare}/restore`, { method: 'POST' })).json()).toMatchObject({ archived: false });
    expect(await t.db.orm.select().from(paymentProfiles).where(eq(paymentProfiles.organizationId, org.id))).toHaveLength(2);
  });
});

describe('the operators’ validation queue', () => {
  async function queue() {
    const programId = await seedProgramId(t, programFile('CSP-QUEUE'));
    const partner = await seedEligiblePartner(t);
    await runEligibility(t.ctx, systemActor(), { date: '2026-11-20' });
    const admin = await seedUser(t, { organizationId: partner.organizationId, roles: ['global_admin'] });
    const incentiveAdmin = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] });
    await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_user'] });
    const profileId = await seedPaymentProfile(t, partner.organizationId);
    const [location] = await t.db.query<{ id: string }>('select id from locations where organization_id = $1 and location_id = $2', [partner.organizationId, partner.publicLocationId]);
    await t.db.orm.insert(payoutAssignments).values({ organizationId: partner.organizationId, locationId: location!.id, programId, paymentProfileId: profileId, payoutCurrency: 'EUR' });
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    const support = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['support'] }));
    return { partner, programId, location: location!.id, admin, incentiveAdmin, profileId, finance, support };
  }

  it('lists pending profiles masked, filtered by country and search; support reads but cannot reveal, approve or send back', async () => {
    const s = await queue();
    const other = await seedOrganization(t);
    await seedPaymentProfile(t, other.id, { account: 'GB82WEST12345698765432' });
    await seedPaymentProfile(t, other.id, { status: 'approved' });
    const all = await (await s.finance.request('/api/v1/payment-reviews')).json();
    expect(all.total).toBe(2);
    const de = await (await s.support.request('/api/v1/payment-reviews?country=DE')).json();
    expect(de.profiles.map((p: { id: string }) => p.id)).toEqual([s.profileId]);
    expect(de.profiles[0]).toMatchObject({ accountMasked: '•••• 3000', partner: { legalName: expect.any(String) } });
    const searched = await (await s.finance.request(`/api/v1/payment-reviews?q=${encodeURIComponent(s.partner.partnerId)}`)).json();
    expect(searched.total).toBe(1);
    expect((await (await s.finance.request('/api/v1/payment-reviews?status=approved')).json()).total).toBe(1);
    const detail = await s.support.request(`/api/v1/payment-reviews/${s.profileId}`);
    expect(await detail.text()).not.toContain(ibanCompact);
    for (const action of ['reveal', 'approve']) expect((await s.support.request(`/api/v1/payment-reviews/${s.profileId}/${action}`, { method: 'POST' })).status).toBe(403);
    expect((await s.support.request(`/api/v1/payment-reviews/${s.profileId}/send-back`, { json: { reason: 'Wrong holder' } })).status).toBe(403);
    expect(await t.db.orm.select().from(auditEvents).where(eq(auditEvents.action, 'payment_profile.unmasked_viewed'))).toEqual([]);

    const revealed = await (await s.finance.request(`/api/v1/payment-reviews/${s.profileId}/reveal`, { method: 'POST' })).json();
    expect(revealed.account).toBe(ibanCompact);
    expect(await t.db.orm.select().from(auditEvents).where(eq(auditEvents.action, 'payment_profile.unmasked_viewed'))).toHaveLength(1);
  });

  it('finance approves a profile; sending one back needs a reason, mails the admins and moves the enrollment back', async () => {
    const s = await queue();
    // The enrollment is Validating with both profiles complete.
    await t.db.query(
      `insert into tax_profiles (organization_id, id, location_id, form, legal_name, address, country, tax_id_sealed, tax_id_last4, signed_on, status, submitted_at)
       values ($1, gen_random_uuid(), $2, 'W-9', 'Legal', 'Addr', 'US', 'x', '1234', '2026-01-01', 'valid', now())`,
      [s.partner.organizationId, s.location],
    );
    let enrollment: EnrollmentRow = (await enrollmentOf(t, { organizationId: s.partner.organizationId, locationId: s.location }, s.programId))!;
    enrollment = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), enrollment, 'accept', 'accepted', '2026-11-20');
    enrollment = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), enrollment, 'profiles_completed', 'complete', '2026-11-20');

    for (const reason of ['no', 'x'.repeat(501)]) {
      const res = await s.finance.request(`/api/v1/payment-reviews/${s.profileId}/send-back`, { json: { reason } });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0].field).toBe('body.reason');
    }
    expect((await profileRow(s.profileId)).status).toBe('pending_validation');

    const approved = await s.finance.request(`/api/v1/payment-reviews/${s.profileId}/approve`, { method: 'POST' });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'approved', version: 2 });
    expect((await s.finance.request(`/api/v1/payment-reviews/${s.profileId}/approve`, { method: 'POST' })).status).toBe(409);

    const sentBack = await s.finance.request(`/api/v1/payment-reviews/${s.profileId}/send-back`, { json: { reason: 'The account holder does not match the legal name' } });
    expect(await sentBack.json()).toMatchObject({ status: 'action_required', statusReason: 'The account holder does not match the legal name' });
    const mails = await t.db.orm.select({ to: mailOutbox.recipientEmail }).from(mailOutbox).where(eq(mailOutbox.template, 'profile_action_required'));
    expect(mails.map((m) => m.to).sort()).toEqual([s.admin.email, s.incentiveAdmin.email].sort());
    expect((await enrollmentOf(t, { organizationId: s.partner.organizationId, locationId: s.location }, s.programId))!.status).toBe('action_required');

    // New bank details bring it back to Pending validation, and the enrollment with it.
    const asAdmin = await signedIn(t, s.admin);
    const { change } = await (await requestChange(asAdmin, { paymentProfileId: s.profileId, ...ibanDetails, accountHolder: 'Legal' })).json();
    await (await signedIn(t, s.incentiveAdmin)).request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' });
    expect((await profileRow(s.profileId)).status).toBe('pending_validation');
    expect((await enrollmentOf(t, { organizationId: s.partner.organizationId, locationId: s.location }, s.programId))!.status).toBe('validating');
  });
});
