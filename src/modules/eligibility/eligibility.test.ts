import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser } from '../../../test/helpers/identity.ts';
import {
  addAgreement,
  addCompetency,
  addRevenue,
  enrollmentOf,
  programFile,
  seedEligiblePartner,
  seedPartner,
  seedProgramId,
} from '../../../test/helpers/incentives.ts';
import { systemActor } from '../identity/actor.ts';
import { applyEnrollmentEvent } from '../enrollments/transitions.ts';
import { enrollmentTransitions } from '../enrollments/schema.ts';
import { agreements, competencies, locations } from '../partners/schema.ts';
import { importProgram } from '../programs/programs.ts';
import { runEligibility } from './evaluate.ts';
import { importPartners } from '../partners/import-partners.ts';
import { jobHandlers } from '../jobs/handlers.ts';
import { runDueJobs } from '../jobs/queue.ts';
import { eligibilityResults } from './schema.ts';
import type { Requirement } from './rule.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

const system = systemActor();
const run = (date = '2026-11-20') => runEligibility(t.ctx, system, { date });

async function resultOf(partner: { organizationId: string; locationId: string }, programId: string) {
  const [row] = await t.db.orm
    .select()
    .from(eligibilityResults)
    .where(and(eq(eligibilityResults.organizationId, partner.organizationId), eq(eligibilityResults.locationId, partner.locationId), eq(eligibilityResults.programId, programId)));
  return row ? { eligible: row.eligible, requirements: row.requirements as Requirement[] } : null;
}
const unmet = (r: { requirements: Requirement[] } | null) => r!.requirements.filter((x) => !x.met).map((x) => x.code);

async function transitionsOf(enrollmentId: string) {
  return t.db.orm
    .select({ from: enrollmentTransitions.fromStatus, to: enrollmentTransitions.toStatus, event: enrollmentTransitions.event, reason: enrollmentTransitions.reason })
    .from(enrollmentTransitions)
    .where(eq(enrollmentTransitions.enrollmentId, enrollmentId))
    .orderBy(enrollmentTransitions.at);
}

/** Drives an invited enrollment to Enrolled as the partner and an operator would. */
async function enroll(enrollment: NonNullable<Awaited<ReturnType<typeof enrollmentOf>>>, date: string) {
  let row = await applyEnrollmentEvent(t.ctx, t.db.orm, system, enrollment, 'accept', 'accepted', date);
  row = await applyEnrollmentEvent(t.ctx, t.db.orm, system, row, 'profiles_completed', 'profiles complete', date);
  return applyEnrollmentEvent(t.ctx, t.db.orm, system, row, 'validate', 'validated', date);
}

describe('the eligibility rule', () => {
  it('invites an eligible location, mails its admins, and stores every requirement as met', async () => {
    const programId = await seedProgramId(t, programFile('CSP-TEST'));
    const partner = await seedEligiblePartner(t);
    const admin = await seedUser(t, { organizationId: partner.organizationId, roles: ['global_admin'] });
    const incentiveAdmin = await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] });
    const scopedElsewhere = await seedUser(t, {
      organizationId: partner.organizationId,
      roles: ['incentive_admin'],
      scopes: [{ locationId: partner.locationId, programCode: 'OTHER' }],
    });
    await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_user'] });

    const result = await run();
    expect(result).toMatchObject({ evaluated: 1, eligible: 1, invited: 1, lost: 0 });
    expect(await resultOf(partner, programId)).toEqual({
      eligible: true,
      requirements: [
        { code: 'location_active', met: true },
        { code: 'partner_type', met: true, expected: ['direct_seller', 'indirect_provider'], actual: 'direct_seller' },
        { code: 'partner_network_agreement', met: true },
        { code: 'reseller_agreement', met: true },
      ],
    });
    const enrollment = await enrollmentOf(t, partner, programId);
    expect(enrollment).toMatchObject({ status: 'invited', earningsStart: null, earningsEnd: null });
    const mail = await t.db.query<{ recipient_email: string; template: string }>(
      "select recipient_email, template from mail_outbox where template = 'enrollment_invited' order by recipient_email",
    );
    expect(mail.map((m) => m.recipient_email).sort()).toEqual([admin.email, incentiveAdmin.email].sort());
    expect(mail.map((m) => m.recipient_email)).not.toContain(scopedElsewhere.email);

    // The same inputs again change nothing and invite nobody twice.
    expect(await run()).toMatchObject({ changed: 0, invited: 0, lost: 0 });
    expect(await transitionsOf(enrollment!.id)).toHaveLength(1);
  });

  const cases: {
    requirement: string;
    program?: Parameters<typeof programFile>[1];
    partnerType?: 'direct_seller' | 'indirect_provider' | 'indirect_reseller';
    satisfy: (p: Awaited<ReturnType<typeof seedPartner>>) => Promise<unknown>;
    breakIt: (p: Awaited<ReturnType<typeof seedPartner>>) => Promise<unknown>;
    expected: Partial<Requirement>;
  }[] = [
    {
      requirement: 'partner_network_agreement',
      satisfy: (p) => Promise.all([addAgreement(t, p, 'partner_network'), addAgreement(t, p, 'reseller')]),
      breakIt: (p) => t.db.orm.update(agreements).set({ status: 'terminated' }).where(and(eq(agreements.organizationId, p.organizationId), eq(agreements.type, 'partner_network'))),
      expected: { code: 'partner_network_agreement', met: false },
    },
    {
      requirement: 'reseller_agreement (direct seller)',
      satisfy: (p) => Promise.all([addAgreement(t, p, 'partner_network'), addAgreement(t, p, 'reseller', { locationId: p.locationId })]),
      // An agreement past its valid_to no longer counts, whatever its status says.
      breakIt: (p) => t.db.orm.update(agreements).set({ validTo: '2026-10-31' }).where(and(eq(agreements.organizationId, p.organizationId), eq(agreements.type, 'reseller'))),
      expected: { code: 'reseller_agreement', met: false },
    },
    {
      requirement: 'cloud_distributor_agreement (indirect provider)',
      partnerType: 'indirect_provider',
      satisfy: (p) => Promise.all([addAgreement(t, p, 'partner_network'), addAgreement(t, p, 'cloud_distributor')]),
      breakIt: (p) => t.db.orm.update(agreements).set({ status: 'expired' }).where(and(eq(agreements.organizationId, p.organizationId), eq(agreements.type, 'cloud_distributor'))),
      expected: { code: 'cloud_distributor_agreement', met: false },
    },
    {
      requirement: 'partner_type',
      satisfy: (p) => Promise.all([addAgreement(t, p, 'partner_network'), addAgreement(t, p, 'reseller')]),
      breakIt: (p) => t.db.orm.update(locations).set({ partnerType: 'indirect_reseller' }).where(eq(locations.id, p.locationId)),
      expected: { code: 'partner_type', met: false, actual: 'indirect_reseller' },
    },
    {
      requirement: 'competencies (number and level)',
      program: { eligibility: { min_competencies: 2, min_competency_level: 'gold' } },
      satisfy: (p) => Promise.all([addAgreement(t, p, 'partner_network'), addAgreement(t, p, 'reseller'), addCompetency(t, p, 'gold'), addCompetency(t, p, 'gold'), addCompetency(t, p, 'silver')]),
      breakIt: async (p) => {
        const [gold] = await t.db.orm.select().from(competencies).where(and(eq(competencies.organizationId, p.organizationId), eq(competencies.level, 'gold')));
        await t.db.orm.update(competencies).set({ level: 'silver' }).where(eq(competencies.id, gold!.id));
      },
      expected: { code: 'competencies', met: false, expected: 2, actual: 1, level: 'gold' },
    },
    {
      requirement: 'trailing_revenue',
      program: { eligibility: { min_trailing_revenue_usd: '50000.00' } },
      satisfy: (p) =>
        Promise.all([
          addAgreement(t, p, 'partner_network'),
          addAgreement(t, p, 'reseller'),
          addRevenue(t, p, '2025-11', '30000.0000'),
          addRevenue(t, p, '2026-10', '20000.0000'),
          // Outside the window: the month of the date, and 13 months back.
          addRevenue(t, p, '2026-11', '90000.0000'),
          addRevenue(t, p, '2025-10', '90000.0000'),
        ]),
      breakIt: (p) => t.db.query("update location_revenue set usd = '19999.9900' where location_id = $1 and month = '2026-10-01'", [p.locationId]),
      expected: { code: 'trailing_revenue', met: false, expected: '50000.00', actual: '49999.99' },
    },
    {
      requirement: 'location_active',
      satisfy: (p) => Promise.all([addAgreement(t, p, 'partner_network'), addAgreement(t, p, 'reseller')]),
      breakIt: (p) => t.db.orm.update(locations).set({ archivedAt: new Date('2026-11-01T00:00:00Z') }).where(eq(locations.id, p.locationId)),
      expected: { code: 'location_active', met: false },
    },
  ];

  for (const c of cases) {
    it(`${c.requirement}: moves a location in and out, with the stored reason`, async () => {
      const programId = await seedProgramId(t, programFile('CSP-TEST', c.program));
      const partner = await seedPartner(t, c.partnerType ?? 'direct_seller');
      await run();
      const before = await resultOf(partner, programId);
      expect(before!.eligible).toBe(false);
      expect(await enrollmentOf(t, partner, programId)).toBeNull();

      await c.satisfy(partner);
      await run();
      expect((await resultOf(partner, programId))!.eligible).toBe(true);
      const invited = await enrollmentOf(t, partner, programId);
      expect(invited!.status).toBe('invited');

      await c.breakIt(partner);
      await run();
      const after = await resultOf(partner, programId);
      expect(after!.eligible).toBe(false);
      expect(unmet(after)).toEqual([c.expected.code]);
      expect(after!.requirements.find((r) => r.code === c.expected.code)).toMatchObject(c.expected);
      const lost = await enrollmentOf(t, partner, programId);
      expect(lost).toMatchObject({ status: 'ineligible', statusReason: c.expected.code });
    });
  }

  it('a program open to all invites every active location, without agreements', async () => {
    const programId = await seedProgramId(t, programFile('OPEN-ALL', { eligibility: { open_to_all: true } }));
    const partner = await seedPartner(t, 'indirect_reseller');
    await run();
    expect(await resultOf(partner, programId)).toEqual({ eligible: true, requirements: [{ code: 'location_active', met: true }, { code: 'open_to_all', met: true }] });
  });

  it('losing eligibility while Enrolled ends the earnings in that month; regaining it invites again', async () => {
    const programId = await seedProgramId(t, programFile('CSP-TEST'));
    const partner = await seedEligiblePartner(t);
    await run('2026-07-10');
    await enroll((await enrollmentOf(t, partner, programId))!, '2026-07-15');
    expect(await enrollmentOf(t, partner, programId)).toMatchObject({ status: 'enrolled', earningsStart: '2026-07-01', earningsEnd: null });

    await t.db.orm.update(agreements).set({ status: 'terminated' }).where(and(eq(agreements.organizationId, partner.organizationId), eq(agreements.type, 'partner_network')));
    await run('2026-09-14');
    expect(await enrollmentOf(t, partner, programId)).toMatchObject({ status: 'ineligible', earningsStart: '2026-07-01', earningsEnd: '2026-09-30', statusReason: 'partner_network_agreement' });

    await addAgreement(t, partner, 'partner_network', { validFrom: '2026-10-01' });
    await run('2026-10-02');
    const again = (await enrollmentOf(t, partner, programId))!;
    expect(again).toMatchObject({ status: 'invited', earningsStart: '2026-07-01', earningsEnd: '2026-09-30' });

    // Enrolled again: the end is cleared, the start stays the first month it was ever Enrolled.
    await enroll(again, '2026-11-03');
    expect(await enrollmentOf(t, partner, programId)).toMatchObject({ status: 'enrolled', earningsStart: '2026-07-01', earningsEnd: null });
    expect((await transitionsOf(again.id)).map((x) => `${x.from ?? '-'}>${x.to}`)).toEqual([
      '->invited',
      'invited>action_required',
      'action_required>validating',
      'validating>enrolled',
      'enrolled>ineligible',
      'ineligible>invited',
      'invited>action_required',
      'action_required>validating',
      'validating>enrolled',
    ]);
  });

  it('evaluates on the date asked for: an agreement not yet valid does not count', async () => {
    const programId = await seedProgramId(t, programFile('CSP-TEST'));
    const partner = await seedPartner(t);
    await addAgreement(t, partner, 'partner_network', { validFrom: '2027-01-01' });
    await addAgreement(t, partner, 'reseller');
    await run('2026-12-31');
    expect(unmet(await resultOf(partner, programId))).toEqual(['partner_network_agreement']);
    await run('2027-01-01');
    expect((await resultOf(partner, programId))!.eligible).toBe(true);
  });

  it('a closed program makes its enrollments Inactive, a discontinued one Discontinued', async () => {
    const programId = await seedProgramId(t, programFile('CSP-TEST'));
    const partner = await seedEligiblePartner(t);
    const other = await seedEligiblePartner(t);
    await run('2026-08-01');
    await enroll((await enrollmentOf(t, partner, programId))!, '2026-08-02');

    await importProgram(t.ctx, system, programFile('CSP-TEST', { status: 'closed' }));
    expect(await run('2026-12-05')).toMatchObject({ programEnded: 2, invited: 0 });
    expect(await enrollmentOf(t, partner, programId)).toMatchObject({ status: 'inactive', earningsStart: '2026-08-01', earningsEnd: '2026-12-31' });
    expect(await enrollmentOf(t, other, programId)).toMatchObject({ status: 'inactive', earningsEnd: null });

    await importProgram(t.ctx, system, programFile('CSP-TEST', { status: 'discontinued' }));
    expect(await run('2027-01-05')).toMatchObject({ programEnded: 2 });
    expect(await enrollmentOf(t, partner, programId)).toMatchObject({ status: 'discontinued', earningsEnd: '2026-12-31' });
    expect(await run('2027-01-06')).toMatchObject({ programEnded: 0 });
  });

  it('a change to its inputs queues a run that the job worker carries out', async () => {
    const programId = await seedProgramId(t, programFile('CSP-TEST'));
    await run();
    const csv = (text: string) => new TextEncoder().encode(text);
    await importPartners(t.ctx, system, [
      { name: 'partners.csv', content: csv('partner_id,legal_name,country,language,location_id,location_country,partner_type,admin_email,admin_name\nP-7100001,Job Test Inc.,US,en,L-7100001,US,direct_seller,,\n') },
      { name: 'agreements.csv', content: csv('partner_id,location_id,type,status,valid_from,valid_to\nP-7100001,,partner_network,active,2026-01-01,\nP-7100001,,reseller,active,2026-01-01,\n') },
    ]);
    const queued = await t.db.query<{ kind: string; status: string }>("select kind, status from jobs where status = 'queued'");
    expect(queued).toEqual([{ kind: 'eligibility.evaluate', status: 'queued' }]);
    expect(await runDueJobs(t.ctx, jobHandlers)).toMatchObject({ done: 1 });
    const [location] = await t.db.orm.select().from(locations).where(eq(locations.locationId, 'L-7100001'));
    expect(await enrollmentOf(t, { organizationId: location!.organizationId, locationId: location!.id }, programId)).toMatchObject({ status: 'invited' });
  });

  it('a draft program is not evaluated', async () => {
    await seedProgramId(t, programFile('CSP-DRAFT', { status: 'draft' }));
    await seedEligiblePartner(t);
    expect(await run()).toMatchObject({ evaluated: 0, invited: 0 });
  });
});
