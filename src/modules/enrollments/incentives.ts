import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { eligibilityResults } from '../eligibility/schema.ts';
import type { Requirement } from '../eligibility/rule.ts';
import { utcDate } from '../eligibility/evaluate.ts';
import type { Actor } from '../identity/actor.ts';
import { users } from '../identity/schema.ts';
import { locations } from '../partners/schema.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { programs, programVersions } from '../programs/schema.ts';
import { pairKey, paymentDone, profileStatesOf, taxDone } from '../profiles/completion.ts';
import { pairAccess } from './access.ts';
import { enrollments, enrollmentTransitions, type EnrollmentStatus } from './schema.ts';
import { applyEnrollmentEvent } from './transitions.ts';

/**
 * The status a partner user sees: users who cannot act on the pair (no Incentive admin role for
 * it) see Action required and Validating as `enrolling`; a pair without an enrollment is
 * `not_eligible`.
 */
export type DisplayStatus = EnrollmentStatus | 'enrolling' | 'not_eligible';

export function displayStatus(status: EnrollmentStatus | null, access: 'manage' | 'read'): DisplayStatus {
  if (!status) return 'not_eligible';
  if (access === 'read' && (status === 'action_required' || status === 'validating')) return 'enrolling';
  return status;
}

interface PairRow {
  locationUuid: string;
  locationId: string;
  locationName: string;
  country: string;
  partnerType: string;
  archived: boolean;
  programId: string;
  programCode: string;
  programStatus: string;
  programName: ProgramFile['name'];
  enrollment: typeof enrollments.$inferSelect | null;
  eligibility: typeof eligibilityResults.$inferSelect | null;
}

/** Every (location, program) of the organization with an enrollment, or evaluated for an open program. */
async function pairsOf(orm: Orm, organizationId: string, only?: { locationId: string; programCode: string }): Promise<PairRow[]> {
  const locationRows = await orm
    .select()
    .from(locations)
    .where(and(eq(locations.organizationId, organizationId), only ? eq(locations.locationId, only.locationId) : undefined))
    .orderBy(asc(locations.locationId));
  if (!locationRows.length) return [];
  const programRows = await orm
    .select({ id: programs.id, code: programs.code, status: programs.status, definition: programVersions.definition })
    .from(programs)
    .innerJoin(programVersions, and(eq(programVersions.programId, programs.id), eq(programVersions.version, programs.currentVersion)))
    .where(only ? eq(programs.code, only.programCode) : undefined)
    .orderBy(asc(programs.code));
  const locationIds = locationRows.map((l) => l.id);
  const [enrollmentRows, resultRows] = await Promise.all([
    orm.select().from(enrollments).where(and(eq(enrollments.organizationId, organizationId), inArray(enrollments.locationId, locationIds))),
    orm.select().from(eligibilityResults).where(and(eq(eligibilityResults.organizationId, organizationId), inArray(eligibilityResults.locationId, locationIds))),
  ]);
  const pairs: PairRow[] = [];
  for (const location of locationRows) {
    for (const program of programRows) {
      const enrollment = enrollmentRows.find((e) => e.locationId === location.id && e.programId === program.id) ?? null;
      const eligibility = resultRows.find((r) => r.locationId === location.id && r.programId === program.id) ?? null;
      // Without an enrollment only open programs matter: a closed program's old evaluation is noise.
      if (!enrollment && (!eligibility || program.status !== 'open')) continue;
      pairs.push({
        locationUuid: location.id,
        locationId: location.locationId,
        locationName: location.name,
        country: location.country,
        partnerType: location.partnerType,
        archived: location.archivedAt !== null,
        programId: program.id,
        programCode: program.code,
        programStatus: program.status,
        programName: (program.definition as ProgramFile).name,
        enrollment,
        eligibility,
      });
    }
  }
  return pairs;
}

function summary(pair: PairRow, access: 'manage' | 'read') {
  const status = pair.enrollment?.status ?? null;
  return {
    location: { locationId: pair.locationId, name: pair.locationName, country: pair.country, partnerType: pair.partnerType, archived: pair.archived },
    program: { code: pair.programCode, name: pair.programName, status: pair.programStatus },
    status: displayStatus(status, access),
    eligible: pair.eligibility?.eligible ?? false,
    canAccept: access === 'manage' && status === 'invited',
    earningsStart: pair.enrollment?.earningsStart ?? null,
    earningsEnd: pair.enrollment?.earningsEnd ?? null,
    statusChangedAt: pair.enrollment?.statusChangedAt ?? null,
  };
}

/** The signed-in partner user's incentives: each pair in the scope of their incentive roles. */
export async function listIncentives(ctx: AppContext, actor: Actor) {
  const pairs = await pairsOf(ctx.db.orm, actor.organizationId!);
  return pairs.flatMap((pair) => {
    const access = pairAccess(actor, pair.locationUuid, pair.programCode);
    return access ? [summary(pair, access)] : [];
  });
}

/** One pair with its requirements and history; 404 outside the actor's organization or scope. */
export async function getIncentive(ctx: AppContext, actor: Actor, locationId: string, programCode: string, orm: Orm = ctx.db.orm) {
  const [pair] = await pairsOf(orm, actor.organizationId!, { locationId, programCode });
  const access = pair ? pairAccess(actor, pair.locationUuid, pair.programCode) : null;
  if (!pair || !access) throw AppError.notFound('incentive');
  const history = pair.enrollment
    ? await orm
        .select({ transition: enrollmentTransitions, actorOrganizationId: users.organizationId })
        .from(enrollmentTransitions)
        .leftJoin(users, eq(users.id, enrollmentTransitions.actorUserId))
        .where(and(eq(enrollmentTransitions.organizationId, actor.organizationId!), eq(enrollmentTransitions.enrollmentId, pair.enrollment.id)))
        .orderBy(asc(enrollmentTransitions.at))
    : [];
  const status = pair.enrollment?.status ?? null;
  return {
    ...summary(pair, access),
    access,
    requirements: (pair.eligibility?.requirements as Requirement[] | undefined) ?? [],
    evaluatedOn: pair.eligibility?.evaluatedOn ?? null,
    /** The reason of the last change: failing requirement codes, or an operator's words. */
    statusReason: pair.enrollment?.statusReason ?? null,
    /** What an Incentive admin still has to provide before the enrollment is validated. */
    nextSteps: status === 'action_required' && access === 'manage' ? await nextStepsOf(orm, pair) : [],
    history: history.map(({ transition: h, actorOrganizationId }) => ({
      at: h.at,
      from: h.fromStatus ? displayStatus(h.fromStatus, access) : null,
      to: displayStatus(h.toStatus, access),
      event: h.event,
      reason: h.reason,
      // Partners see their own people by address; the vendor's staff and the system as the vendor.
      by: actorOrganizationId === actor.organizationId ? h.actorLabel : null,
    })),
  };
}

/** The two profiles an enrollment waits for, each with where it stands. */
async function nextStepsOf(orm: Orm, pair: PairRow) {
  const key = { locationId: pair.locationUuid, programId: pair.programId };
  const state = (await profileStatesOf(orm, pair.enrollment!.organizationId, [key])).get(pairKey(key))!;
  return [
    { step: 'tax_profile' as const, done: taxDone(state), status: state.tax },
    { step: 'payment_profile' as const, done: paymentDone(state), status: state.payment },
  ];
}

/** An Incentive admin accepts the invitation: the enrollment moves to Action required. */
export async function acceptInvitation(ctx: AppContext, actor: Actor, locationId: string, programCode: string) {
  return ctx.db.orm.transaction(async (tx) => {
    const [pair] = await pairsOf(tx, actor.organizationId!, { locationId, programCode });
    const access = pair ? pairAccess(actor, pair.locationUuid, pair.programCode) : null;
    if (!pair || !access) throw AppError.notFound('incentive');
    if (access !== 'manage') {
      throw new AppError('forbidden', 'Only an Incentive admin of this location and program can accept the invitation.', { messageKey: 'incentives:adminOnly' });
    }
    if (!pair.enrollment) {
      throw new AppError('conflict', 'This location has no invitation for the program.', { messageKey: 'incentives:noInvitation' });
    }
    await applyEnrollmentEvent(ctx, tx, actor, pair.enrollment, 'accept', 'accepted', utcDate(ctx.now()));
    return getIncentive(ctx, actor, locationId, programCode, tx);
  });
}
