import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn } from '../../../test/helpers/identity.ts';
import { enrollmentOf, programFile, seedEligiblePartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { seedProfiles } from '../../../test/helpers/profiles.ts';
import { runEligibility } from '../eligibility/evaluate.ts';
import { systemActor } from '../identity/actor.ts';
import { nextMonthStart } from './assignments.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

/** An accepted enrollment (Action required) whose location has a tax profile but no payout yet. */
async function setting() {
  const programId = await seedProgramId(t, programFile('CSP-PAYOUT'));
  const partner = await seedEligiblePartner(t);
  const other = await seedEligiblePartner(t);
  await runEligibility(t.ctx, systemActor(), { date: '2026-11-20' });
  const admin = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] });
  const viewer = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_user'] });
  const outsider = await seedUser(t, { organizationId: other.organizationId, roles: ['global_admin'] });
  const pair = { organizationId: partner.organizationId, locationId: partner.locationId, programId };
  const path = `/api/v1/incentives/${partner.publicLocationId}/CSP-PAYOUT`;
  const a = await signedIn(t, admin);
  expect((await a.request(`${path}/accept`, { json: {} })).status).toBe(200);
  // A tax profile and an approved payment profile that is not yet assigned to the pair.
  await seedProfiles(t, pair, { tax: 'pending_validation', payment: null });
  const { paymentProfileId } = await seedProfiles(t, { ...pair, programId: (await seedProgramId(t, programFile('CSP-OTHER'))) }, { tax: null, payment: 'approved' });
  return { partner, other, pair, path, adminUser: admin, viewerUser: viewer, admin: a, viewer: await signedIn(t, viewer), outsider: await signedIn(t, outsider), paymentProfileId: paymentProfileId! };
}

describe('payout of a location and program', () => {
  it('assigning a payment profile completes the enrollment: Action required → Validating, with both next steps done', async () => {
    const s = await setting();
    const before = await (await s.admin.request(s.path)).json();
    expect(before.nextSteps).toEqual([
      { step: 'tax_profile', done: true, status: 'pending_validation' },
      { step: 'payment_profile', done: false, status: 'missing' },
    ]);
    const payout = await (await s.admin.request(`${s.path}/payout`)).json();
    expect(payout).toMatchObject({ access: 'manage', paymentProfile: null, payoutCurrency: null, hold: false });
    expect(payout.options).toEqual([expect.objectContaining({ id: s.paymentProfileId, account: '•••• 3000', acceptedCurrencies: ['EUR', 'USD'] })]);

    const assigned = await s.admin.request(`${s.path}/payout`, { method: 'PUT', json: { paymentProfileId: s.paymentProfileId, payoutCurrency: 'EUR' } });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ paymentProfile: { id: s.paymentProfileId, account: '•••• 3000' }, payoutCurrency: 'EUR' });
    expect(await enrollmentOf(t, s.partner, s.pair.programId)).toMatchObject({ status: 'validating', statusReason: 'payout_assigned' });
    const audit = await t.db.query<{ after: unknown }>("select after from audit_events where action = 'payout.assigned'");
    expect(JSON.stringify(audit[0]!.after)).toContain('•••• 3000');
    expect(JSON.stringify(audit[0]!.after)).not.toContain('DE89');
  });

  it('refuses a currency the profile does not accept, or a profile of another organization, naming the field and changing nothing', async () => {
    const s = await setting();
    const wrongCurrency = await s.admin.request(`${s.path}/payout`, { method: 'PUT', json: { paymentProfileId: s.paymentProfileId, payoutCurrency: 'KRW' } });
    expect(wrongCurrency.status).toBe(400);
    expect(JSON.stringify(await wrongCurrency.json())).toMatch(/body\.payoutCurrency.*not_accepted|not_accepted.*body\.payoutCurrency/);
    const notACode = await s.admin.request(`${s.path}/payout`, { method: 'PUT', json: { paymentProfileId: s.paymentProfileId, payoutCurrency: 'euro' } });
    expect(notACode.status).toBe(400);
    expect(JSON.stringify(await notACode.json())).toContain('payoutCurrency');

    const foreign = await seedProfiles(t, { organizationId: s.other.organizationId, locationId: s.other.locationId, programId: s.pair.programId }, { tax: null, payment: 'approved' });
    const theirs = await s.admin.request(`${s.path}/payout`, { method: 'PUT', json: { paymentProfileId: foreign.paymentProfileId, payoutCurrency: 'EUR' } });
    expect(theirs.status).toBe(400);
    expect(JSON.stringify(await theirs.json())).toContain('body.paymentProfileId');

    await t.db.query('update payment_profiles set archived_at = now() where id = $1', [s.paymentProfileId]);
    expect((await s.admin.request(`${s.path}/payout`, { method: 'PUT', json: { paymentProfileId: s.paymentProfileId, payoutCurrency: 'EUR' } })).status).toBe(400);

    expect(await t.db.query('select * from payout_assignments where location_id = $1 and program_id = $2', [s.pair.locationId, s.pair.programId])).toEqual([]);
    expect(await enrollmentOf(t, s.partner, s.pair.programId)).toMatchObject({ status: 'action_required' });
  });

  it('"hold my payment" applies from the next month, is kept as a history, and is shown with that month', async () => {
    const s = await setting();
    // Sessions end after an hour idle: sign in again at each moment.
    t.clock.set('2026-11-30T23:30:00Z');
    const held = await (await (await signedIn(t, s.adminUser)).request(`${s.path}/hold`, { method: 'PUT', json: { hold: true } })).json();
    expect(held).toMatchObject({ hold: true, holdEffectiveFrom: '2026-12-01', heldThisMonth: false });
    // Setting it again changes nothing.
    await (await signedIn(t, s.adminUser)).request(`${s.path}/hold`, { method: 'PUT', json: { hold: true } });
    t.clock.set('2026-12-01T00:00:00Z');
    expect(await (await (await signedIn(t, s.viewerUser)).request(`${s.path}/payout`)).json()).toMatchObject({ hold: true, heldThisMonth: true, options: [] });

    t.clock.set('2026-12-15T10:00:00Z');
    const cleared = await (await (await signedIn(t, s.adminUser)).request(`${s.path}/hold`, { method: 'PUT', json: { hold: false } })).json();
    // Cleared in December: December's run still holds; January's pays.
    expect(cleared).toMatchObject({ hold: false, holdEffectiveFrom: '2027-01-01', heldThisMonth: true });
    const history = await t.db.query<{ hold: boolean; effective_from: string }>(
      "select hold, to_char(effective_from, 'YYYY-MM-DD') as effective_from from hold_changes where location_id = $1 order by at",
      [s.pair.locationId],
    );
    expect(history).toEqual([
      { hold: true, effective_from: '2026-12-01' },
      { hold: false, effective_from: '2027-01-01' },
    ]);
    await expect(t.db.query('delete from hold_changes')).rejects.toThrow(/append-only/);
    expect(await t.db.query("select 1 from audit_events where action = 'payout.hold_changed'")).toHaveLength(2);
  });

  it('an Incentive user reads the payout but cannot change it; another organization gets 404', async () => {
    const s = await setting();
    expect((await s.viewer.request(`${s.path}/payout`)).status).toBe(200);
    expect((await s.viewer.request(`${s.path}/hold`, { method: 'PUT', json: { hold: true } })).status).toBe(403);
    expect((await s.viewer.request(`${s.path}/payout`, { method: 'PUT', json: { paymentProfileId: s.paymentProfileId, payoutCurrency: 'EUR' } })).status).toBe(403);
    expect((await s.outsider.request(`${s.path}/payout`)).status).toBe(404);
    expect((await s.outsider.request(`${s.path}/hold`, { method: 'PUT', json: { hold: true } })).status).toBe(404);
  });

  it('a payout waits for the invitation to be accepted', async () => {
    const programId = await seedProgramId(t, programFile('CSP-LATER'));
    const partner = await seedEligiblePartner(t);
    await runEligibility(t.ctx, systemActor(), { date: '2026-11-20' });
    const admin = await signedIn(t, await seedUser(t, { organizationId: partner.organizationId, roles: ['global_admin'] }));
    expect(programId).toBeTruthy();
    const res = await admin.request(`/api/v1/incentives/${partner.publicLocationId}/CSP-LATER/hold`, { method: 'PUT', json: { hold: true } });
    expect(res.status).toBe(409);
  });

  it('the month after a date', () => {
    expect(nextMonthStart('2026-11-30')).toBe('2026-12-01');
    expect(nextMonthStart('2026-12-01')).toBe('2027-01-01');
    expect(nextMonthStart('2024-01-31')).toBe('2024-02-01');
  });
});
