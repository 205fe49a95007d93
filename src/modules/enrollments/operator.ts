import { and, asc, count, desc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { eligibilityResults } from '../eligibility/schema.ts';
import type { Requirement } from '../eligibility/rule.ts';
import { utcDate } from '../eligibility/evaluate.ts';
import type { Actor } from '../identity/actor.ts';
import { locations, organizations } from '../partners/schema.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { programs, programVersions } from '../programs/schema.ts';
import { pairKey, profilesValidated, profileStatesOf } from '../profiles/completion.ts';
import { enrollments, enrollmentTransitions, type EnrollmentStatus } from './schema.ts';
import { applyEnrollmentEvent } from './transitions.ts';

export interface EnrollmentQuery {
  status?: EnrollmentStatus;
  program?: string;
  country?: string;
  q?: string;
  limit: number;
  offset: number;
}

const columns = {
  id: enrollments.id,
  organizationId: enrollments.organizationId,
  status: enrollments.status,
  statusReason: enrollments.statusReason,
  statusChangedAt: enrollments.statusChangedAt,
  earningsStart: enrollments.earningsStart,
  earningsEnd: enrollments.earningsEnd,
  partnerId: organizations.partnerId,
  legalName: organizations.legalName,
  locationUuid: locations.id,
  locationId: locations.locationId,
  locationName: locations.name,
  country: locations.country,
  partnerType: locations.partnerType,
  programId: programs.id,
  programCode: programs.code,
  programStatus: programs.status,
  definition: programVersions.definition,
};

function joined(orm: Orm) {
  return orm
    .select(columns)
    .from(enrollments)
    .innerJoin(organizations, eq(organizations.id, enrollments.organizationId))
    .innerJoin(locations, and(eq(locations.organizationId, enrollments.organizationId), eq(locations.id, enrollments.locationId)))
    .innerJoin(programs, eq(programs.id, enrollments.programId))
    .innerJoin(programVersions, and(eq(programVersions.programId, programs.id), eq(programVersions.version, programs.currentVersion)));
}

type Row = Awaited<ReturnType<ReturnType<typeof joined>['execute']>>[number];

function view(row: Row) {
  return {
    id: row.id,
    status: row.status,
    statusReason: row.statusReason,
    statusChangedAt: row.statusChangedAt,
    earningsStart: row.earningsStart,
    earningsEnd: row.earningsEnd,
    partner: { partnerId: row.partnerId, legalName: row.legalName },
    location: { locationId: row.locationId, name: row.locationName, country: row.country, partnerType: row.partnerType },
    program: { code: row.programCode, name: (row.definition as ProgramFile).name, status: row.programStatus },
  };
}

/** Operators' list of enrollments, by status, program and location country, newest change first. */
export async function listEnrollments(ctx: AppContext, query: EnrollmentQuery) {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(enrollments.status, query.status));
  if (query.program) filters.push(eq(programs.code, query.program));
  if (query.country) filters.push(eq(locations.country, query.country));
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(or(ilike(organizations.legalName, pattern), ilike(organizations.partnerId, pattern), ilike(locations.locationId, pattern), ilike(locations.name, pattern))!);
  }
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    joined(ctx.db.orm).where(where).orderBy(desc(enrollments.statusChangedAt), asc(enrollments.id)).limit(query.limit).offset(query.offset),
    ctx.db.orm
      .select({ n: count() })
      .from(enrollments)
      .innerJoin(organizations, eq(organizations.id, enrollments.organizationId))
      .innerJoin(locations, and(eq(locations.organizationId, enrollments.organizationId), eq(locations.id, enrollments.locationId)))
      .innerJoin(programs, eq(programs.id, enrollments.programId))
      .where(where),
  ]);
  return { enrollments: rows.map(view), total: Number(total?.n ?? 0) };
}

/** One enrollment with the eligibility requirements of its pair and every transition. */
export async function getEnrollment(ctx: AppContext, id: string, orm: Orm = ctx.db.orm) {
  const [row] = await joined(orm).where(eq(enrollments.id, id));
  if (!row) throw AppError.notFound('enrollment');
  const [result] = await orm
    .select()
    .from(eligibilityResults)
    .where(and(eq(eligibilityResults.organizationId, row.organizationId), eq(eligibilityResults.locationId, row.locationUuid), eq(eligibilityResults.programId, row.programId)));
  const history = await orm
    .select()
    .from(enrollmentTransitions)
    .where(and(eq(enrollmentTransitions.organizationId, row.organizationId), eq(enrollmentTransitions.enrollmentId, row.id)))
    .orderBy(asc(enrollmentTransitions.at));
  const pair = { locationId: row.locationUuid, programId: row.programId };
  const state = (await profileStatesOf(orm, row.organizationId, [pair])).get(pairKey(pair))!;
  return {
    ...view(row),
    profiles: { ...state, reviewed: profilesValidated(state) },
    eligible: result?.eligible ?? false,
    requirements: (result?.requirements as Requirement[] | undefined) ?? [],
    evaluatedOn: result?.evaluatedOn ?? null,
    history: history.map((h) => ({ at: h.at, from: h.fromStatus, to: h.toStatus, event: h.event, reason: h.reason, by: h.actorLabel })),
  };
}

async function decide(ctx: AppContext, actor: Actor, id: string, event: 'validate' | 'reject', reason: string) {
  const result = await ctx.db.orm.transaction(async (tx) => {
    const [row] = await tx.select().from(enrollments).where(eq(enrollments.id, id));
    if (!row) throw AppError.notFound('enrollment');
    if (event === 'validate' && row.status === 'validating') {
      const state = (await profileStatesOf(tx, row.organizationId, [row])).get(pairKey(row))!;
      if (!profilesValidated(state)) {
        throw new AppError('conflict', `Validate the partner's profiles first (tax profile: ${state.tax}; payment profile: ${state.payment}).`, {
          messageKey: 'enrollments:operator.profilesNotValidated',
          params: { tax: state.tax, payment: state.payment },
        });
      }
    }
    await applyEnrollmentEvent(ctx, tx, actor, row, event, reason, utcDate(ctx.now()));
    return getEnrollment(ctx, id, tx);
  });
  ctx.wakeMail();
  return result;
}

/** An operator validates an enrollment: Validating → Enrolled; the partner's admins are told. */
export function validateEnrollment(ctx: AppContext, actor: Actor, id: string, note?: string) {
  return decide(ctx, actor, id, 'validate', note?.trim() || 'validated');
}

/** An operator sends an enrollment back with a reason: Validating → Action required, with a mail. */
export function rejectEnrollment(ctx: AppContext, actor: Actor, id: string, reason: string) {
  return decide(ctx, actor, id, 'reject', reason.trim());
}
