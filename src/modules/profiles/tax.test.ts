import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn } from '../../../test/helpers/identity.ts';
import { enrollmentOf, programFile, seedPartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { systemActor } from '../identity/actor.ts';
import { applyEnrollmentEvent, inviteLocation } from '../enrollments/transitions.ts';
import { dailyTasks, jobHandlers } from '../jobs/handlers.ts';
import { runDueJobs } from '../jobs/queue.ts';
import { paymentProfiles, payoutAssignments } from './schema.ts';
import { runTaxExpiry } from './tax-expiry.ts';
import { expiryNoticeDue, expiryOf, validatedStatusOn, withholdingRate } from './tax-rules.ts';

let t: TestApp;
/** A fresh application per test, for the suites that need one (the rules are pure). */
function withApp() {
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());
}

/** A valid Korean business registration number. */
const krId = '220-81-62517';

const w8 = (overrides: Record<string, unknown> = {}) => ({
  form: 'W-8BEN-E',
  legalName: 'Hanbit Cloud Co., Ltd.',
  address: '1 Teheran-ro, Gangnam-gu, Seoul',
  country: 'KR',
  taxId: krId,
  treaty: { country: 'KR', rate: '10' },
  signedOn: '2026-05-01',
  ...overrides,
});

async function setting() {
  const partner = await seedPartner(t, 'direct_seller', 'KR');
  const us = await seedPartner(t, 'direct_seller', 'US');
  const admin = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] });
  const viewer = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_user'] });
  const global = await seedUser(t, { organizationId: partner.organizationId, roles: ['global_admin'] });
  // An Incentive admin limited to another location of the organization sees nothing of this one.
  const elsewhere = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'], scopes: [{ locationId: randomUUID(), programCode: 'X' }] });
  const usAdmin = await seedUser(t, { organizationId: us.organizationId, roles: ['incentive_admin'] });
  const finance = await seedUser(t, { organizationId: null, roles: ['finance'] });
  const support = await seedUser(t, { organizationId: null, roles: ['support'] });
  return { partner, us, admin, viewer, global, elsewhere, usAdmin, finance, support, path: `/api/v1/tax-profiles/${partner.publicLocationId}` };
}

const profileCount = async () => Number((await t.db.query<{ n: string }>('select count(*) as n from tax_profiles'))[0]!.n);
const auditCount = async (action: string) => Number((await t.db.query<{ n: string }>('select count(*) as n from audit_events where action = $1', [action]))[0]!.n);

describe('tax profile rules', () => {
  it.each([
    ['W-9', { form: 'W-9', treatyRate: null, treatyAccepted: null }, '0'],
    ['W-8BEN-E without a treaty claim', { form: 'W-8BEN-E', treatyRate: null, treatyAccepted: null }, '30'],
    ['W-8BEN-E with a claim not yet accepted', { form: 'W-8BEN-E', treatyRate: '10.00', treatyAccepted: null }, '30'],
    ['W-8BEN-E with a refused claim', { form: 'W-8BEN-E', treatyRate: '10.00', treatyAccepted: false }, '30'],
    ['W-8BEN-E with an accepted claim', { form: 'W-8BEN-E', treatyRate: '10.00', treatyAccepted: true }, '10'],
    ['W-8BEN-E with an accepted claim of 12.5 %', { form: 'W-8BEN-E', treatyRate: '12.50', treatyAccepted: true }, '12.5'],
    ['W-8BEN-E with an accepted claim of 0 %', { form: 'W-8BEN-E', treatyRate: '0.00', treatyAccepted: true }, '0'],
  ] as const)('withholding rate: %s → %s', (_label, profile, rate) => {
    expect(withholdingRate(profile)).toBe(rate);
  });

  it('a W-8BEN-E expires on 31 December of the third year after signing; a W-9 never', () => {
    expect(expiryOf('W-8BEN-E', '2023-05-01')).toBe('2026-12-31');
    expect(expiryOf('W-8BEN-E', '2023-12-31')).toBe('2026-12-31');
    expect(expiryOf('W-8BEN-E', '2024-01-01')).toBe('2027-12-31');
    expect(expiryOf('W-9', '2023-05-01')).toBeNull();
    expect(validatedStatusOn('2026-12-31', '2026-10-01')).toBe('valid');
    expect(validatedStatusOn('2026-12-31', '2026-10-02')).toBe('expiring_soon');
    expect(validatedStatusOn('2026-12-31', '2026-12-31')).toBe('expiring_soon');
    expect(validatedStatusOn('2026-12-31', '2027-01-01')).toBe('expired');
  });

  it('a reminder at 90, 30 and 7 days, each once; after skipped days only the smallest reached', () => {
    expect(expiryNoticeDue('2026-12-31', '2026-10-01', null)).toBeNull();
    expect(expiryNoticeDue('2026-12-31', '2026-10-02', null)).toBe(90);
    expect(expiryNoticeDue('2026-12-31', '2026-10-03', 90)).toBeNull();
    expect(expiryNoticeDue('2026-12-31', '2026-12-01', 90)).toBe(30);
    expect(expiryNoticeDue('2026-12-31', '2026-12-24', 30)).toBe(7);
    expect(expiryNoticeDue('2026-12-31', '2026-12-30', 7)).toBeNull();
    // First run on 2026-12-26: only the 7-day reminder, not 90, 30 and 7 at once.
    expect(expiryNoticeDue('2026-12-31', '2026-12-26', null)).toBe(7);
    expect(expiryNoticeDue('2026-12-31', '2027-01-01', null)).toBeNull();
  });
});

describe('tax profiles of a partner', () => {
  withApp();

  it('an Incentive admin submits a W-8BEN-E: pending validation, expiry computed, the tax id masked everywhere but the audited edit form', async () => {
    const s = await setting();
    const admin = await signedIn(t, s.admin);
    const before = await (await admin.request('/api/v1/tax-profiles')).json();
    expect(before.locations).toEqual([{ location: expect.objectContaining({ locationId: s.partner.publicLocationId, country: 'KR' }), requiredForm: 'W-8BEN-E', access: 'manage', profile: null }]);

    const res = await admin.request(s.path, { method: 'PUT', json: w8() });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const body = JSON.parse(text);
    expect(body.profile).toMatchObject({
      form: 'W-8BEN-E',
      taxId: '•••• 2517',
      status: 'pending_validation',
      signedOn: '2026-05-01',
      expiresOn: '2029-12-31',
      treaty: { country: 'KR', rate: '10.00', accepted: null },
      withholdingRate: '30',
      version: 1,
    });
    const fullId = /220-?81-?62517|2208162517/;
    expect(text).not.toMatch(fullId);
    for (const path of ['/api/v1/tax-profiles', s.path]) expect(await (await admin.request(path)).text()).not.toMatch(fullId);
    // Stored sealed, never in the audit log.
    expect(JSON.stringify(await t.db.query('select * from tax_profiles'))).not.toMatch(fullId);
    expect(JSON.stringify(await t.db.query('select before, after from audit_events'))).not.toMatch(fullId);
    expect(await auditCount('tax_profile.submitted')).toBe(1);

    expect(await auditCount('tax_profile.unmasked_viewed')).toBe(0);
    const edit = await admin.request(`${s.path}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.json()).toMatchObject({ taxId: krId, profile: { version: 1 } });
    await admin.request(`${s.path}/edit`);
    expect(await auditCount('tax_profile.unmasked_viewed')).toBe(2);
    const [viewed] = await t.db.query<{ actor_label: string; after: { taxIdLast4: string } }>("select actor_label, after from audit_events where action = 'tax_profile.unmasked_viewed' limit 1");
    expect(viewed).toMatchObject({ actor_label: s.admin.email, after: { taxIdLast4: '2517' } });
  });

  it('refuses each bad field with its rule and changes nothing', async () => {
    const s = await setting();
    const admin = await signedIn(t, s.admin);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ taxId: '123-45-67890' }, 'body.taxId', 'check_digit'],
      [{ taxId: '12345' }, 'body.taxId', 'format'],
      [{ form: 'W-9', treaty: null }, 'body.form', 'w9_us_only'],
      [{ legalName: '  ' }, 'body.legalName', 'too_small_string'],
      [{ address: '' }, 'body.address', 'too_small_string'],
      [{ country: 'XX' }, 'body.country', 'country'],
      [{ treaty: { country: 'KR', rate: '30' } }, 'body.treaty.rate', 'treaty_rate_range'],
      [{ treaty: { country: 'KR', rate: '-1' } }, 'body.treaty.rate', 'treaty_rate_format'],
      [{ treaty: { country: 'KR', rate: '12.345' } }, 'body.treaty.rate', 'treaty_rate_format'],
      [{ treaty: { country: 'K1', rate: '10' } }, 'body.treaty.country', 'invalid_format'],
      [{ signedOn: '2026-11-21' }, 'body.signedOn', 'date_in_future'],
      [{ signedOn: '1999-12-31' }, 'body.signedOn', 'date_before_2000'],
      [{ signedOn: '2022-05-01' }, 'body.signedOn', 'expired_on_signing'],
      [{ signedOn: '2026-02-30' }, 'body.signedOn', 'real_date'],
    ];
    for (const [change, field, rule] of cases) {
      const res = await admin.request(s.path, { method: 'PUT', json: w8(change) });
      expect(res.status, JSON.stringify(change)).toBe(400);
      const problem = await res.json();
      expect(problem.errors, JSON.stringify(change)).toContainEqual(expect.objectContaining({ field, rule }));
    }
    expect(await profileCount()).toBe(0);
    expect(await auditCount('tax_profile.submitted')).toBe(0);

    // The validator's own words name the rule broken.
    const problem = await (await admin.request(s.path, { method: 'PUT', json: w8({ taxId: '123-45-67890' }) })).json();
    expect(problem.errors[0].message).toMatch(/check digit.*Korean business registration number/);
  });

  it('a W-9 is for US locations: accepted there with the EIN, no treaty claim, and it does not expire', async () => {
    const s = await setting();
    const usAdmin = await signedIn(t, s.usAdmin);
    const path = `/api/v1/tax-profiles/${s.us.publicLocationId}`;
    const w9 = { form: 'W-9', legalName: 'Acme Cloud Inc.', address: '1 Main St, Springfield', country: 'US', taxId: '123456789', signedOn: '2026-01-15' };
    const refused = await usAdmin.request(path, { method: 'PUT', json: { ...w9, form: 'W-8BEN-E' } });
    expect((await refused.json()).errors).toContainEqual(expect.objectContaining({ field: 'body.form', rule: 'w8bene_not_us' }));
    const treaty = await usAdmin.request(path, { method: 'PUT', json: { ...w9, treaty: { country: 'KR', rate: '10' } } });
    expect((await treaty.json()).errors).toContainEqual(expect.objectContaining({ field: 'body.treaty', rule: 'treaty_w8bene_only' }));
    const res = await usAdmin.request(path, { method: 'PUT', json: w9 });
    expect(res.status).toBe(200);
    expect((await res.json()).profile).toMatchObject({ form: 'W-9', taxId: '•••• 6789', expiresOn: null, withholdingRate: '0', status: 'pending_validation' });
  });

  it('an Incentive user reads but cannot submit nor open the edit form; other scopes and organizations get 404', async () => {
    const s = await setting();
    const admin = await signedIn(t, s.admin);
    await admin.request(s.path, { method: 'PUT', json: w8() });
    const viewer = await signedIn(t, s.viewer);
    const read = await (await viewer.request(s.path)).json();
    expect(read).toMatchObject({ access: 'read', profile: { taxId: '•••• 2517', status: 'pending_validation' } });
    expect((await viewer.request(s.path, { method: 'PUT', json: w8({ expectedVersion: 1 }) })).status).toBe(403);
    expect((await viewer.request(`${s.path}/edit`)).status).toBe(403);

    const elsewhere = await signedIn(t, s.elsewhere);
    expect((await (await elsewhere.request('/api/v1/tax-profiles')).json()).locations).toEqual([]);
    for (const b of [elsewhere, await signedIn(t, s.usAdmin)]) {
      expect((await b.request(s.path)).status).toBe(404);
      expect((await b.request(`${s.path}/edit`)).status).toBe(404);
      expect((await b.request(s.path, { method: 'PUT', json: w8({ expectedVersion: 1 }) })).status).toBe(404);
    }
    expect(await auditCount('tax_profile.unmasked_viewed')).toBe(0);
    expect(await auditCount('tax_profile.submitted')).toBe(1);
  });

  it('a replacement needs the current version (409 when stale), waits for validation again and resets the treaty acceptance', async () => {
    const s = await setting();
    const admin = await signedIn(t, s.admin);
    const first = (await (await admin.request(s.path, { method: 'PUT', json: w8() })).json()).profile;
    expect((await admin.request(s.path, { method: 'PUT', json: w8() })).status).toBe(409);
    const finance = await signedIn(t, s.finance);
    expect((await finance.request(`/api/v1/tax-reviews/${first.id}/approve`, { json: { acceptTreaty: true } })).status).toBe(200);
    expect((await (await admin.request(s.path)).json()).profile).toMatchObject({ status: 'valid', withholdingRate: '10', version: 2 });

    expect((await admin.request(s.path, { method: 'PUT', json: w8({ expectedVersion: 1 }) })).status).toBe(409);
    const res = await admin.request(s.path, { method: 'PUT', json: w8({ expectedVersion: 2, legalName: 'Hanbit Cloud Corporation', treaty: { country: 'KR', rate: '12.5' } }) });
    expect(res.status).toBe(200);
    expect((await res.json()).profile).toMatchObject({
      legalName: 'Hanbit Cloud Corporation',
      status: 'pending_validation',
      treaty: { rate: '12.50', accepted: null },
      withholdingRate: '30',
      version: 3,
    });
    const [audit] = await t.db.query<{ before: { legalName: string; version: number }; after: { legalName: string } }>(
      "select before, after from audit_events where action = 'tax_profile.submitted' order by id desc limit 1",
    );
    expect(audit).toMatchObject({ before: { legalName: 'Hanbit Cloud Co., Ltd.', version: 2 }, after: { legalName: 'Hanbit Cloud Corporation' } });
  });
});

describe('tax profile validation by operators', () => {
  withApp();

  it('finance approves with or without the treaty claim; the queue filters; support reads masked and cannot reveal nor decide', async () => {
    const s = await setting();
    const admin = await signedIn(t, s.admin);
    const submitted = (await (await admin.request(s.path, { method: 'PUT', json: w8() })).json()).profile;
    const finance = await signedIn(t, s.finance);
    const support = await signedIn(t, s.support);

    const queue = await (await support.request('/api/v1/tax-reviews')).json();
    expect(queue.total).toBe(1);
    expect(queue.taxProfiles[0]).toMatchObject({ id: submitted.id, taxId: '•••• 2517', partner: { partnerId: s.partner.partnerId }, location: { country: 'KR' } });
    expect((await (await support.request('/api/v1/tax-reviews?country=US')).json()).total).toBe(0);
    expect((await (await support.request(`/api/v1/tax-reviews?q=${s.partner.publicLocationId}`)).json()).total).toBe(1);
    expect((await (await support.request('/api/v1/tax-reviews?status=valid')).json()).total).toBe(0);
    expect(await (await support.request(`/api/v1/tax-reviews/${submitted.id}`)).text()).not.toMatch(/62517/);
    expect((await support.request(`/api/v1/tax-reviews/${submitted.id}/tax-id`)).status).toBe(403);
    expect((await support.request(`/api/v1/tax-reviews/${submitted.id}/approve`, { json: { acceptTreaty: true } })).status).toBe(403);

    const revealed = await finance.request(`/api/v1/tax-reviews/${submitted.id}/tax-id`);
    expect(await revealed.json()).toEqual({ taxId: krId });
    expect(await auditCount('tax_profile.unmasked_viewed')).toBe(1);

    const missing = await finance.request(`/api/v1/tax-reviews/${submitted.id}/approve`, { json: {} });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors).toContainEqual(expect.objectContaining({ field: 'body.acceptTreaty', rule: 'required' }));
    const approved = await finance.request(`/api/v1/tax-reviews/${submitted.id}/approve`, { json: { acceptTreaty: false } });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'valid', treaty: { accepted: false }, withholdingRate: '30' });
    expect(await auditCount('tax_profile.validated')).toBe(1);
    // Approved once; a second approval is refused.
    expect((await finance.request(`/api/v1/tax-reviews/${submitted.id}/approve`, { json: { acceptTreaty: true } })).status).toBe(409);
    expect((await finance.request('/api/v1/tax-reviews/00000000-0000-4000-8000-000000000000/approve', { json: {} })).status).toBe(404);
  });

  it('a form close to its expiry is approved as Expiring soon', async () => {
    const s = await setting();
    t.clock.set('2026-10-15T09:00:00Z');
    const admin = await signedIn(t, s.admin);
    const submitted = (await (await admin.request(s.path, { method: 'PUT', json: w8({ signedOn: '2023-05-01', treaty: null }) })).json()).profile;
    const finance = await signedIn(t, s.finance);
    expect(await (await finance.request(`/api/v1/tax-reviews/${submitted.id}/approve`, { json: {} })).json()).toMatchObject({ status: 'expiring_soon', expiresInDays: 77 });
  });

  it("a form sent back is Action required with the reason, mailed to the location's admins, and its enrollments need action", async () => {
    const s = await setting();
    const programId = await seedProgramId(t, programFile('TAX-SENDBACK', { eligibility: { open_to_all: true } }));
    await paymentFor(s.partner, programId);
    const admin = await signedIn(t, s.admin);
    const submitted = (await (await admin.request(s.path, { method: 'PUT', json: w8() })).json()).profile;
    const enrollment = await enrolled(s.partner, programId);
    expect(enrollment.status).toBe('enrolled');

    const finance = await signedIn(t, s.finance);
    const short = await finance.request(`/api/v1/tax-reviews/${submitted.id}/send-back`, { json: { reason: 'no' } });
    expect(short.status).toBe(400);
    expect((await short.json()).errors).toContainEqual(expect.objectContaining({ field: 'body.reason', rule: 'too_small_string' }));
    const res = await finance.request(`/api/v1/tax-reviews/${submitted.id}/send-back`, { json: { reason: 'The form is not signed on page 8.' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'action_required', statusReason: 'The form is not signed on page 8.' });
    expect((await (await admin.request(s.path)).json()).profile).toMatchObject({ status: 'action_required', statusReason: 'The form is not signed on page 8.' });

    const mails = await t.db.query<{ template: string; recipient_email: string }>("select template, recipient_email from mail_outbox where template = 'profile_action_required' order by recipient_email");
    expect(mails.map((m) => m.recipient_email).sort()).toEqual([s.admin.email, s.global.email].sort());
    expect(await auditCount('tax_profile.action_required')).toBe(1);
    expect(await enrollmentOf(t, s.partner, programId)).toMatchObject({ status: 'action_required', statusReason: 'tax_profile_sent_back: tax_profile:action_required' });
  });
});

/** An approved bank account assigned to the (location, program), inserted as the payment module stores it. */
async function paymentFor(partner: { organizationId: string; locationId: string }, programId: string) {
  const id = randomUUID();
  await t.db.orm.insert(paymentProfiles).values({
    organizationId: partner.organizationId,
    id,
    name: 'Operating account',
    bankCountry: 'KR',
    accountHolder: 'Hanbit Cloud Co., Ltd.',
    scheme: 'bic',
    accountSealed: t.ctx.encryptor.seal('110123456789'),
    accountLast4: '6789',
    bic: 'SHBKKRSE',
    acceptedCurrencies: ['KRW'],
    status: 'approved',
  });
  await t.db.orm.insert(payoutAssignments).values({ organizationId: partner.organizationId, locationId: partner.locationId, programId, paymentProfileId: id, payoutCurrency: 'KRW' });
}

/** The location's enrollment in the program, taken to Enrolled. */
async function enrolled(partner: { organizationId: string; locationId: string }, programId: string) {
  const actor = systemActor();
  const date = t.clock.now().toISOString().slice(0, 10);
  let row = await inviteLocation(t.ctx, t.db.orm, actor, { organizationId: partner.organizationId, locationId: partner.locationId, programId }, 'eligible');
  row = await applyEnrollmentEvent(t.ctx, t.db.orm, actor, row, 'accept', 'accepted', date);
  row = await applyEnrollmentEvent(t.ctx, t.db.orm, actor, row, 'profiles_completed', 'profiles complete', date);
  return applyEnrollmentEvent(t.ctx, t.db.orm, actor, row, 'validate', 'validated', date);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('the daily tax form expiry', () => {
  withApp();

  it('acceptance: a W-8BEN-E signed 2023-05-01 for an Enrolled location, run day by day from 2026-09-01 to 2027-01-01', async () => {
    const s = await setting();
    t.clock.set('2026-08-01T09:00:00Z');
    const programId = await seedProgramId(t, programFile('TAX-EXPIRY', { eligibility: { open_to_all: true } }));
    await paymentFor(s.partner, programId);
    const admin = await signedIn(t, s.admin);
    const submitted = (await (await admin.request(s.path, { method: 'PUT', json: w8({ signedOn: '2023-05-01' }) })).json()).profile;
    expect(submitted.expiresOn).toBe('2026-12-31');
    const finance = await signedIn(t, s.finance);
    expect((await (await finance.request(`/api/v1/tax-reviews/${submitted.id}/approve`, { json: { acceptTreaty: true } })).json()).status).toBe('valid');
    expect((await enrolled(s.partner, programId)).status).toBe('enrolled');

    const reminders: Record<string, number[]> = {};
    const expiredMails: string[] = [];
    const statusOn: Record<string, string> = {};
    let seenMails = 0;
    for (let day = '2026-09-01'; day <= '2027-01-01'; day = nextDay(day)) {
      t.clock.set(`${day}T02:00:00Z`);
      await runTaxExpiry(t.ctx, day);
      const mails = await t.db.query<{ template: string; recipient_email: string; values: unknown }>('select template, recipient_email from mail_outbox order by created_at, id');
      const fresh = mails.filter((m) => m.template.startsWith('tax_form_')).slice(seenMails);
      seenMails += fresh.length;
      for (const mail of fresh) {
        if (mail.template === 'tax_form_expiring') (reminders[day] ??= []).push(1);
        else expiredMails.push(`${day} ${mail.recipient_email}`);
      }
      statusOn[day] = (await t.db.query<{ status: string }>('select status from tax_profiles'))[0]!.status;
    }
    // Each reminder goes to the location's two admins (the Global admin and the Incentive admin).
    expect(Object.fromEntries(Object.entries(reminders).map(([day, sent]) => [day, sent.length]))).toEqual({ '2026-10-02': 2, '2026-12-01': 2, '2026-12-24': 2 });
    expect(expiredMails.map((m) => m.slice(0, 10))).toEqual(['2027-01-01', '2027-01-01']);
    expect(statusOn['2026-10-01']).toBe('valid');
    expect(statusOn['2026-10-02']).toBe('expiring_soon');
    expect(statusOn['2026-12-31']).toBe('expiring_soon');
    expect(statusOn['2027-01-01']).toBe('expired');
    expect(await enrollmentOf(t, s.partner, programId)).toMatchObject({ status: 'action_required', statusReason: 'tax_form_expired: tax_profile:expired' });
    const changes = await t.db.query<{ after: { status: string; date: string } }>("select after from audit_events where action = 'tax_profile.status_changed' order by id");
    expect(changes.map((c) => `${c.after.date} ${c.after.status}`)).toEqual(['2026-10-02 expiring_soon', '2027-01-01 expired']);
    // Running a day again changes nothing more.
    await runTaxExpiry(t.ctx, '2027-01-01');
    expect(Number((await t.db.query<{ n: string }>("select count(*) as n from mail_outbox where template like 'tax_form_%'"))[0]!.n)).toBe(8);

    // A new form (pending validation) moves the enrollment on to Validating: the payment profile is assigned.
    const again = await signedIn(t, s.admin);
    const viewed = (await (await again.request(s.path)).json()).profile;
    expect(viewed).toMatchObject({ status: 'expired', withholdingRate: '10' });
    const renewed = await again.request(s.path, { method: 'PUT', json: w8({ signedOn: '2027-01-01', expectedVersion: viewed.version }) });
    expect(renewed.status).toBe(200);
    expect((await renewed.json()).profile).toMatchObject({ status: 'pending_validation', expiresOn: '2030-12-31' });
    expect(await enrollmentOf(t, s.partner, programId)).toMatchObject({ status: 'validating', statusReason: 'tax_profile_submitted' });
  });

  it('after skipped days only the smallest reminder reached is sent, not a burst', async () => {
    const s = await setting();
    t.clock.set('2026-08-01T09:00:00Z');
    const admin = await signedIn(t, s.admin);
    await admin.request(s.path, { method: 'PUT', json: w8({ signedOn: '2023-05-01' }) });
    t.clock.set('2026-12-26T02:00:00Z');
    expect(await runTaxExpiry(t.ctx, '2026-12-26')).toMatchObject({ reminders: 1, expired: 0 });
    const mails = await t.db.query<{ template: string }>("select template from mail_outbox where template like 'tax_form_%'");
    expect(mails).toHaveLength(2);
    expect(await runTaxExpiry(t.ctx, '2026-12-27')).toMatchObject({ reminders: 0 });
    // A pending form is not promoted to Expiring soon, but does expire.
    expect((await t.db.query<{ status: string }>('select status from tax_profiles'))[0]!.status).toBe('pending_validation');
    expect(await runTaxExpiry(t.ctx, '2027-01-02')).toMatchObject({ expired: 1 });
  });

  it('runs as a daily task of the job worker', async () => {
    const s = await setting();
    t.clock.set('2026-08-01T09:00:00Z');
    const admin = await signedIn(t, s.admin);
    await admin.request(s.path, { method: 'PUT', json: w8({ signedOn: '2023-05-01' }) });
    const task = dailyTasks.find((d) => d.name === 'tax-expiry');
    expect(task).toBeDefined();
    t.clock.set('2027-01-03T00:01:00Z');
    await task!.enqueue(t.db.orm, '2027-01-03');
    expect((await runDueJobs(t.ctx, jobHandlers)).done).toBeGreaterThanOrEqual(1);
    expect((await t.db.query<{ status: string }>('select status from tax_profiles'))[0]!.status).toBe('expired');
  });
});
