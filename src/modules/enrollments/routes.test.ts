import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn } from '../../../test/helpers/identity.ts';
import { enrollmentOf, programFile, seedEligiblePartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { runEligibility } from '../eligibility/evaluate.ts';
import { seedProfiles } from '../../../test/helpers/profiles.ts';
import { systemActor } from '../identity/actor.ts';
import { enrollments, enrollmentTransitions } from './schema.ts';
import { applyEnrollmentEvent } from './transitions.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

async function setting() {
  const programId = await seedProgramId(t, programFile('CSP-TEST'));
  const partner = await seedEligiblePartner(t);
  const other = await seedEligiblePartner(t);
  await runEligibility(t.ctx, systemActor(), { date: '2026-11-20' });
  const admin = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] });
  const viewer = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_user'] });
  const outsider = await seedUser(t, { organizationId: other.organizationId, roles: ['global_admin'] });
  const operator = await seedUser(t, { organizationId: null, roles: ['program_manager'] });
  return { programId, partner, other, admin, viewer, outsider, operator };
}

const transitionCount = async (id: string) => (await t.db.orm.select().from(enrollmentTransitions).where(eq(enrollmentTransitions.enrollmentId, id))).length;

describe('incentives of a partner', () => {
  it('an Incentive admin accepts the invitation; an Incentive user sees "Enrolling"; another organization gets 404', async () => {
    const s = await setting();
    const pair = `/api/v1/incentives/${s.partner.publicLocationId}/CSP-TEST`;
    const admin = await signedIn(t, s.admin);
    const viewer = await signedIn(t, s.viewer);

    const listed = await (await admin.request('/api/v1/incentives')).json();
    expect(listed.incentives).toHaveLength(1);
    expect(listed.incentives[0]).toMatchObject({ status: 'invited', canAccept: true, eligible: true, program: { code: 'CSP-TEST' } });
    expect((await (await viewer.request('/api/v1/incentives')).json()).incentives[0]).toMatchObject({ status: 'invited', canAccept: false });

    const detail = await (await viewer.request(pair)).json();
    expect(detail.requirements.map((r: { code: string; met: boolean }) => `${r.code}:${r.met}`)).toEqual([
      'location_active:true',
      'partner_type:true',
      'partner_network_agreement:true',
      'reseller_agreement:true',
    ]);
    expect(detail.history).toEqual([expect.objectContaining({ from: null, to: 'invited', event: 'invite', by: null })]);

    // An Incentive user cannot accept.
    expect((await viewer.request(`${pair}/accept`, { json: {} })).status).toBe(403);

    const accepted = await admin.request(`${pair}/accept`, { json: {} });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: 'action_required', nextSteps: [{ step: 'tax_profile', done: false }, { step: 'payment_profile', done: false }] });
    const asViewer = await (await viewer.request(pair)).json();
    expect(asViewer).toMatchObject({ status: 'enrolling', nextSteps: [] });
    expect(asViewer.history.at(-1)).toMatchObject({ from: 'invited', to: 'enrolling', event: 'accept', by: s.admin.email });

    // Accepting again is not a step the machine allows from Action required.
    const again = await admin.request(`${pair}/accept`, { json: {} });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toBe("An enrollment that is Action required cannot take the step “Invitation accepted”.");

    const outsider = await signedIn(t, s.outsider);
    expect((await outsider.request(pair)).status).toBe(404);
    expect((await outsider.request(`${pair}/accept`, { json: {} })).status).toBe(404);
    const theirs = await (await outsider.request('/api/v1/incentives')).json();
    expect(theirs.incentives.map((i: { location: { locationId: string } }) => i.location.locationId)).toEqual([s.other.publicLocationId]);
  });

  it('an Incentive admin limited to other pairs does not see this one', async () => {
    const s = await setting();
    const scoped = await seedUser(t, { organizationId: s.partner.organizationId, roles: ['incentive_admin'], scopes: [{ locationId: s.partner.locationId, programCode: 'ELSEWHERE' }] });
    const b = await signedIn(t, scoped);
    expect((await (await b.request('/api/v1/incentives')).json()).incentives).toEqual([]);
    expect((await b.request(`/api/v1/incentives/${s.partner.publicLocationId}/CSP-TEST`)).status).toBe(404);
    expect((await b.request(`/api/v1/incentives/${s.partner.publicLocationId}/CSP-TEST/accept`, { json: {} })).status).toBe(404);
  });
});

describe('enrollments for operators', () => {
  it('filters by status, program and country', async () => {
    const s = await setting();
    const op = await signedIn(t, s.operator);
    const all = await (await op.request('/api/v1/enrollments')).json();
    expect(all.total).toBe(2);
    expect((await (await op.request('/api/v1/enrollments?status=enrolled')).json()).total).toBe(0);
    expect((await (await op.request('/api/v1/enrollments?status=invited&program=CSP-TEST&country=US')).json()).total).toBe(2);
    expect((await (await op.request('/api/v1/enrollments?country=KR')).json()).total).toBe(0);
    expect((await (await op.request(`/api/v1/enrollments?q=${s.partner.partnerId}`)).json()).enrollments).toHaveLength(1);
    const bad = await op.request('/api/v1/enrollments?status=pending');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('status');
  });

  it('validates or sends back with a reason, mailing the partner; a disallowed step answers 409 and changes nothing', async () => {
    const s = await setting();
    const op = await signedIn(t, s.operator);
    const enrollment = (await enrollmentOf(t, s.partner, s.programId))!;

    // Invited cannot be validated.
    const refused = await op.request(`/api/v1/enrollments/${enrollment.id}/validate`, { json: {} });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'conflict' });
    expect(await enrollmentOf(t, s.partner, s.programId)).toMatchObject({ status: 'invited' });
    expect(await transitionCount(enrollment.id)).toBe(1);

    let row = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), enrollment, 'accept', 'accepted', '2026-11-20');
    row = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), row, 'profiles_completed', 'profiles complete', '2026-11-20');

    const noReason = await op.request(`/api/v1/enrollments/${enrollment.id}/reject`, { json: { reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain('reason');
    expect(await enrollmentOf(t, s.partner, s.programId)).toMatchObject({ status: 'validating' });

    const rejected = await op.request(`/api/v1/enrollments/${enrollment.id}/reject`, { json: { reason: 'The W-9 is not signed.' } });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ status: 'action_required', statusReason: 'The W-9 is not signed.' });
    const mails = await t.db.query<{ template: string; recipient_email: string }>("select template, recipient_email from mail_outbox where template = 'enrollment_rejected'");
    expect(mails.map((m) => m.recipient_email)).toContain(s.admin.email);

    await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), { ...row, status: 'action_required' }, 'profiles_completed', 'profiles complete', '2026-11-20');
    // Not before the vendor has checked both profiles.
    const unchecked = await op.request(`/api/v1/enrollments/${enrollment.id}/validate`, { json: {} });
    expect(unchecked.status).toBe(409);
    expect((await unchecked.json()).detail).toContain('tax profile: missing; payment profile: missing');
    await seedProfiles(t, { organizationId: s.partner.organizationId, locationId: s.partner.locationId, programId: s.programId }, { tax: 'valid', payment: 'pending_validation' });
    expect((await op.request(`/api/v1/enrollments/${enrollment.id}/validate`, { json: {} })).status).toBe(409);
    await t.db.query("update payment_profiles set status = 'approved' where organization_id = $1", [s.partner.organizationId]);
    const validated = await op.request(`/api/v1/enrollments/${enrollment.id}/validate`, { json: { note: 'Profiles checked' } });
    expect(validated.status).toBe(200);
    const body = await validated.json();
    expect(body).toMatchObject({ status: 'enrolled', earningsStart: '2026-11-01', earningsEnd: null });
    expect(body.history.map((h: { event: string }) => h.event)).toEqual(['invite', 'accept', 'profiles_completed', 'reject', 'profiles_completed', 'validate']);
    expect(body.history.at(-1)).toMatchObject({ by: s.operator.email, reason: 'Profiles checked' });
    const audit = await t.db.query<{ n: string }>("select count(*)::text as n from audit_events where action = 'enrollment.transitioned' and target_id = $1", [enrollment.id]);
    expect(audit[0]!.n).toBe('6');

    expect((await op.request(`/api/v1/enrollments/${enrollment.id}/reject`, { json: { reason: 'Too late' } })).status).toBe(409);
    expect(await enrollmentOf(t, s.partner, s.programId)).toMatchObject({ status: 'enrolled' });
    expect((await op.request('/api/v1/enrollments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('runs eligibility on demand for a date; a bad date names the field', async () => {
    const s = await setting();
    const op = await signedIn(t, s.operator);
    const res = await op.request('/api/v1/eligibility/run', { json: { date: '2026-11-21' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ date: '2026-11-21', evaluated: 2, eligible: 2, changed: 0, invited: 0 });
    const bad = await op.request('/api/v1/eligibility/run', { json: { date: '2026-02-30' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('date');
    const rows = await t.db.orm.select().from(enrollments);
    expect(rows).toHaveLength(2);
  });
});
