import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { programFile, seedPartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../identity/actor.ts';
import { enrollments, enrollmentTransitions, enrollmentStatuses, type EnrollmentStatus } from './schema.ts';
import { enrollmentEvents, transitions, type EnrollmentEvent } from './state-machine.ts';
import { applyEnrollmentEvent, inviteLocation, type EnrollmentRow } from './transitions.ts';

let t: TestApp;
let programId: string;
beforeAll(async () => {
  t = await createTestApp();
  programId = await seedProgramId(t, programFile('CSP-MACHINE'));
});
afterAll(() => t.close());

/** A new enrollment put straight into `status` (with an earnings start where it has earned). */
async function enrollmentIn(status: EnrollmentStatus): Promise<EnrollmentRow> {
  const partner = await seedPartner(t);
  const row = await inviteLocation(t.ctx, t.db.orm, systemActor(), { organizationId: partner.organizationId, locationId: partner.locationId, programId }, 'eligible');
  const earningsStart = ['enrolled', 'inactive', 'discontinued'].includes(status) ? '2026-01-01' : null;
  await t.db.orm.update(enrollments).set({ status, earningsStart }).where(eq(enrollments.id, row.id));
  return { ...row, status, earningsStart };
}

const countOf = async (table: 'transitions' | 'audit', id: string) =>
  table === 'transitions'
    ? (await t.db.orm.select().from(enrollmentTransitions).where(eq(enrollmentTransitions.enrollmentId, id))).length
    : (await t.db.query<{ n: string }>("select count(*)::text as n from audit_events where action = 'enrollment.transitioned' and target_id = $1", [id]))[0]!.n;

describe('enrollment transitions on the database', () => {
  for (const event of enrollmentEvents) {
    for (const from of transitions[event].from) {
      if (from === null) continue;
      it(`${from} --${event}--> ${transitions[event].to}: stored with its reason, recorded and audited`, async () => {
        const row = await enrollmentIn(from);
        const next = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), row, event, `because ${event}`, '2026-11-20');
        const [stored] = await t.db.orm.select().from(enrollments).where(and(eq(enrollments.organizationId, row.organizationId), eq(enrollments.id, row.id)));
        expect(stored).toMatchObject({ status: transitions[event].to, statusReason: `because ${event}`, earningsStart: next.earningsStart, earningsEnd: next.earningsEnd });
        const [last] = await t.db.orm.select().from(enrollmentTransitions).where(and(eq(enrollmentTransitions.enrollmentId, row.id), eq(enrollmentTransitions.event, event)));
        expect(last).toMatchObject({ fromStatus: from, toStatus: transitions[event].to, reason: `because ${event}`, actorLabel: 'system' });
        expect(await countOf('audit', row.id)).toBe('2');
      });
    }
  }

  it('refuses every step the machine does not allow with 409, changing nothing', async () => {
    let refused = 0;
    for (const from of enrollmentStatuses) {
      const row = await enrollmentIn(from);
      for (const event of enrollmentEvents as readonly EnrollmentEvent[]) {
        if (transitions[event].from.includes(from)) continue;
        const error = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), row, event, 'no', '2026-11-20').catch((e: unknown) => e);
        expect(error, `${from} --${event}`).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('conflict');
        refused++;
      }
      const [stored] = await t.db.orm.select().from(enrollments).where(eq(enrollments.id, row.id));
      expect(stored!.status).toBe(from);
      expect(await countOf('transitions', row.id)).toBe(1);
    }
    expect(refused).toBeGreaterThan(40);
  });

  it('refuses a step taken on a stale copy: the enrollment changed meanwhile', async () => {
    const row = await enrollmentIn('invited');
    await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), row, 'accept', 'accepted', '2026-11-20');
    const error = await applyEnrollmentEvent(t.ctx, t.db.orm, systemActor(), row, 'eligibility_lost', 'partner_type', '2026-11-20').catch((e: unknown) => e);
    expect((error as AppError).code).toBe('conflict');
    const [stored] = await t.db.orm.select().from(enrollments).where(eq(enrollments.id, row.id));
    expect(stored!.status).toBe('action_required');
  });
});
