import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { calculateEarnings } from '../earnings/calculate.ts';
import { runEligibility } from '../eligibility/evaluate.ts';
import { locationRevenue } from '../eligibility/schema.ts';
import { enrollments } from '../enrollments/schema.ts';
import type { EnrollmentEvent } from '../enrollments/state-machine.ts';
import { applyEnrollmentEvent } from '../enrollments/transitions.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { users } from '../identity/schema.ts';
import { agreements, competencies, locations, organizations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';
import { importProgram } from '../programs/programs.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import {
  demoBillingMonthCount,
  demoBillingMonths,
  importDemoCorrections,
  importDemoMonth,
  monthBefore,
  recordDemoAdjustments,
  seededRandom,
} from './demo-billing.ts';
import { demoPastPrograms, demoRateChange } from './demo-programs.ts';

type DemoContext = Pick<AppContext, 'db' | 'config' | 'encryptor' | 'wakeMail'>;

/** A date `days` days and `months` months before `today`, `YYYY-MM-DD`. */
function before(today: Date, months: number, days = 0): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate() - days));
  return d.toISOString().slice(0, 10);
}

/**
 * The incentive side of the demo, played forward in time through the real rules: agreements and
 * competencies that make some locations eligible and others not (one for each requirement),
 * eligibility runs at past dates, partners accepting and operators validating, two earlier
 * programs that closed and were discontinued. The result: enrollments in every state, with a
 * history that reads as it happened.
 *
 *   Invited          Northwind Seattle (CSP-DIRECT: its competency is days old)
 *   Action required  雲橋 台北 (CSP-DIRECT, accepted last month)
 *   Validating       Fabrikam Boston (CSP-DIRECT)
 *   Enrolled         한빛 서울 (CSP-DIRECT), Contoso Chicago (CSP-INDIRECT)
 *   Ineligible       Fabrikam Denver (CSP-DIRECT: its reseller agreement expired)
 *   Inactive         Northwind Seattle, 한빛 서울 (CSP-DIRECT-FY26, closed)
 *   Discontinued     Contoso Chicago (CSP-COOP-PILOT)
 *   Never eligible   every indirect reseller (partner type); 宏遠 高雄 (no partner network
 *                    agreement); 다온 (no competency; 대전 archived); 누리 (revenue too low);
 *                    群策 (no cloud distributor agreement)
 *
 * Billing arrives month by month on the way (demo-billing.ts): each month's FX rates and billing
 * file on the 3rd of the next, imported and calculated. `beforeYesterday` adds what else happened
 * by then. Yesterday Finance imported corrections, the program manager raised a past CSP-DIRECT
 * rate, a recalculation settled both, and Finance recorded four manual adjustments.
 */
export async function loadDemoIncentives(ctx: DemoContext, programFiles: ProgramFile[], today = new Date(), beforeYesterday?: () => Promise<void>): Promise<number> {
  let clock = new Date(today);
  const timed = { ...ctx, now: () => new Date(clock) };
  const times = seededRandom('demo clock');
  const months = demoBillingMonths(today);
  let arrived = 0;
  /** Moves the clock to office hours of `date`, after importing the billing that arrived by then. */
  const at = async (date: string) => {
    while (arrived < months.length && months[arrived]!.arrivesOn <= date) {
      const month = months[arrived++]!;
      clock = new Date(`${month.arrivesOn}T06:30:00Z`);
      await importDemoMonth(timed, month);
    }
    clock = new Date(`${date}T${String(times.int(9, 16)).padStart(2, '0')}:${String(times.int(0, 59)).padStart(2, '0')}:00Z`);
  };
  const later = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };
  const { orm } = ctx.db;

  const orgRows = await orm.select({ id: organizations.id, partnerId: organizations.partnerId }).from(organizations);
  const org = (partnerId: string) => orgRows.find((o) => o.partnerId === partnerId)!.id;
  const locationRows = await orm.select({ id: locations.id, organizationId: locations.organizationId, locationId: locations.locationId }).from(locations);
  const location = (locationId: string) => locationRows.find((l) => l.locationId === locationId)!;

  const agreement = async (partnerId: string, type: 'partner_network' | 'cloud_distributor' | 'reseller', validFrom: string, options: { locationId?: string; status?: 'active' | 'expired' | 'terminated'; validTo?: string } = {}) =>
    orm.insert(agreements).values({
      organizationId: org(partnerId),
      id: randomUUID(),
      locationId: options.locationId ? location(options.locationId).id : null,
      type,
      status: options.status ?? 'active',
      validFrom,
      validTo: options.validTo ?? null,
    });
  const competency = async (partnerId: string, name: string, level: 'silver' | 'gold', validFrom: string) =>
    orm.insert(competencies).values({ organizationId: org(partnerId), id: randomUUID(), name, level, validFrom, validTo: null });
  // The billing (demo-billing.ts) gives the revenue of its eighteen months. The first eligibility
  // run, seventeen months ago, reads the twelve months before those: they are set here for the
  // indirect providers, whose revenue CSP-INDIRECT checks (Contoso above its minimum, 누리 below).
  const revenue = async (locationId: string, monthlyUsd: string) => {
    const l = location(locationId);
    for (let m = demoBillingMonthCount + 1; m <= demoBillingMonthCount + 12; m++) {
      await orm.insert(locationRevenue).values({ organizationId: l.organizationId, locationId: l.id, month: `${monthBefore(today, m)}-01`, usd: monthlyUsd });
    }
  };

  const longAgo = before(today, 24);
  // Every organization but 宏遠 holds the partner network agreement.
  for (const partnerId of ['P-1000001', 'P-1000002', 'P-1000003', 'P-1000004', 'P-1000005', 'P-1000006', 'P-1000007', 'P-1000008', 'P-1000009', 'P-1000010', 'P-1000012']) {
    await agreement(partnerId, 'partner_network', longAgo);
  }
  await agreement('P-1000011', 'partner_network', longAgo, { status: 'terminated', validTo: before(today, 20) });
  // Direct sellers' reseller agreements; Fabrikam Denver's expired three months ago.
  await agreement('P-1000001', 'reseller', longAgo);
  await agreement('P-1000003', 'reseller', longAgo, { locationId: 'L-2000004' });
  await agreement('P-1000003', 'reseller', longAgo, { locationId: 'L-2000005', validTo: before(today, 3) });
  await agreement('P-1000005', 'reseller', longAgo);
  await agreement('P-1000007', 'reseller', longAgo);
  await agreement('P-1000009', 'reseller', longAgo);
  await agreement('P-1000011', 'reseller', longAgo);
  // Indirect providers' cloud distributor agreements; 群策 has none.
  await agreement('P-1000002', 'cloud_distributor', longAgo);
  await agreement('P-1000006', 'cloud_distributor', longAgo);

  await competency('P-1000001', 'Modern Work', 'silver', before(today, 0, 5));
  await competency('P-1000002', 'Infrastructure', 'gold', longAgo);
  await competency('P-1000003', 'Security', 'silver', longAgo);
  await competency('P-1000005', 'Modern Work', 'gold', longAgo);
  await competency('P-1000005', 'Data and AI', 'silver', longAgo);
  await competency('P-1000006', 'Infrastructure', 'gold', longAgo);
  await competency('P-1000009', 'Modern Work', 'silver', before(today, 2, 3));
  await competency('P-1000010', 'Infrastructure', 'gold', longAgo);
  await competency('P-1000011', 'Security', 'silver', longAgo);

  await revenue('L-2000003', '48250.5000');
  await revenue('L-2000008', '1675.2500');
  await revenue('L-2000014', '9120.0000');

  await orm
    .update(locations)
    .set({ archivedAt: new Date(`${before(today, 8)}T00:00:00Z`) })
    .where(eq(locations.id, location('L-2000010').id));

  await at(before(today, 18));
  for (const program of programFiles) await importProgram(timed, systemActor(), program);
  const programIds = new Map((await orm.select({ id: programs.id, code: programs.code }).from(programs)).map((p) => [p.code, p.id]));
  const people = new Map(
    (
      await orm
        .select({ id: users.id, email: users.email, organizationId: users.organizationId, locale: users.locale })
        .from(users)
        .where(
          inArray(users.email, [
            'incentive.admin@northwind.example',
            'incentive.admin@hanbit.example',
            'incentive.admin@yunqiao.example',
            'admin@contoso.example',
            'admin@fabrikam.example',
            'programs@accrue.example',
            'finance@accrue.example',
          ]),
        )
    ).map((u) => [u.email, u]),
  );
  const person = (email: string): Actor => {
    const u = people.get(email);
    if (!u) throw new Error(`The demo expected a user ${email}`);
    return { ...systemActor(), kind: 'user', userId: u.id, organizationId: u.organizationId, label: u.email, locale: u.locale };
  };
  const operator = person('programs@accrue.example');
  const system = systemActor();

  const step = async (locationId: string, code: string, event: EnrollmentEvent, actor: Actor, date: string, reason: string) => {
    await at(date);
    const l = location(locationId);
    const [row] = await orm
      .select()
      .from(enrollments)
      .where(and(eq(enrollments.organizationId, l.organizationId), eq(enrollments.locationId, l.id), eq(enrollments.programId, programIds.get(code)!)));
    if (!row) throw new Error(`The demo expected an enrollment of ${locationId} in ${code}`);
    await orm.transaction((tx) => applyEnrollmentEvent(timed, tx, actor, row, event, reason, date));
  };
  /** Accepted two days after the invitation, profiles done a week later, validated after three more days. */
  const enroll = async (locationId: string, code: string, admin: string, invitedOn: string) => {
    await step(locationId, code, 'accept', person(admin), plusDays(invitedOn, 2), 'accepted');
    await step(locationId, code, 'profiles_completed', system, plusDays(invitedOn, 9), 'profiles complete');
    await step(locationId, code, 'validate', operator, plusDays(invitedOn, 12), 'validated');
  };
  const evaluate = async (date: string) => {
    await at(date);
    await runEligibility(timed, system, { date, reason: 'daily' });
  };

  // Seventeen months ago the programs open and the eligible locations are invited.
  const opened = before(today, 17);
  await evaluate(opened);
  await enroll('L-2000317', 'CSP-DIRECT', 'incentive.admin@hanbit.example', opened);
  await enroll('L-2000317', 'CSP-DIRECT-FY26', 'incentive.admin@hanbit.example', opened);
  await enroll('L-2000001', 'CSP-DIRECT-FY26', 'incentive.admin@northwind.example', opened);
  await enroll('L-2000003', 'CSP-INDIRECT', 'admin@contoso.example', opened);
  await enroll('L-2000003', 'CSP-COOP-PILOT', 'admin@contoso.example', opened);
  await enroll('L-2000005', 'CSP-DIRECT', 'admin@fabrikam.example', opened);
  await enroll('L-2000005', 'CSP-DIRECT-FY26', 'admin@fabrikam.example', opened);

  // The co-op pilot is discontinued; the FY26 program closes after its fiscal year.
  await at(before(today, 6));
  await importProgram(timed, operator, { ...demoPastPrograms[1]!, status: 'discontinued' });
  await evaluate(before(today, 6));
  await at(before(today, 4));
  await importProgram(timed, operator, { ...demoPastPrograms[0]!, status: 'closed' });
  await evaluate(before(today, 4));

  // In the order they happened (the billing arrives as the clock passes its dates): Fabrikam
  // Boston accepts; Denver's reseller agreement has lapsed (Ineligible) and 雲橋's new competency
  // gets 台北 invited; Boston is sent back once and waits for validation again; 台北 accepts.
  await step('L-2000004', 'CSP-DIRECT', 'accept', person('admin@fabrikam.example'), before(today, 3), 'accepted');
  await evaluate(before(today, 2));
  await step('L-2000004', 'CSP-DIRECT', 'profiles_completed', system, before(today, 1, 10), 'profiles complete');
  await step('L-2000004', 'CSP-DIRECT', 'reject', operator, before(today, 1, 7), 'The W-9 is not signed. Please sign it and upload it again.');
  await step('L-2000012', 'CSP-DIRECT', 'accept', person('incentive.admin@yunqiao.example'), before(today, 1), 'accepted');
  await step('L-2000004', 'CSP-DIRECT', 'profiles_completed', system, before(today, 0, 10), 'profiles complete');

  // What else happened by then (demo.ts: the profiles, last month's payment run).
  await beforeYesterday?.();

  // Yesterday: corrections from the billing system, CSP-DIRECT's azure rate raised for three past
  // months, the recalculation that settles both, and adjustments by hand.
  const finance = person('finance@accrue.example');
  await at(before(today, 0, 1));
  await importDemoCorrections(timed, finance, today);
  later(25);
  await importProgram(timed, operator, demoRateChange(today));
  later(40);
  await calculateEarnings(timed, finance);
  later(90);
  await recordDemoAdjustments(timed, finance, today);

  // Today's run invites Northwind Seattle, whose competency is days old.
  await evaluate(before(today, 0));
  return (await orm.select({ id: enrollments.id }).from(enrollments)).length;
}

function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
