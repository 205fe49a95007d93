import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import { utcDate } from '../eligibility/evaluate.ts';
import type { Actor } from '../identity/actor.ts';
import { enrollments } from '../enrollments/schema.ts';
import { applyEnrollmentEvent } from '../enrollments/transitions.ts';
import { paymentProfiles, payoutAssignments, taxProfiles, type PaymentProfileStatus, type TaxProfileStatus } from './schema.ts';

/** Where a (location, program) stands with the two profiles its enrollment needs. */
export interface ProfileState {
  tax: TaxProfileStatus | 'missing';
  /** The assigned payment profile's status; `archived` or `missing` when none is usable. */
  payment: PaymentProfileStatus | 'archived' | 'missing';
}

/** Tax forms that count as submitted and in force (an expiring form still is). */
const taxInForce: readonly ProfileState['tax'][] = ['pending_validation', 'valid', 'expiring_soon'];
const paymentInForce: readonly ProfileState['payment'][] = ['pending_validation', 'approved'];

export const taxDone = (state: ProfileState) => taxInForce.includes(state.tax);
export const paymentDone = (state: ProfileState) => paymentInForce.includes(state.payment);

/** Both profiles are submitted and neither was sent back or expired: the enrollment can be validated. */
export function profilesComplete(state: ProfileState): boolean {
  return taxDone(state) && paymentDone(state);
}

/** Both profiles are checked by the vendor: the operator may validate the enrollment. */
export function profilesValidated(state: ProfileState): boolean {
  return (state.tax === 'valid' || state.tax === 'expiring_soon') && state.payment === 'approved';
}

/** The profile state of each pair `(location uuid, program id)` of one organization. */
export async function profileStatesOf(
  orm: Orm,
  organizationId: string,
  pairs: readonly { locationId: string; programId: string }[],
): Promise<Map<string, ProfileState>> {
  const states = new Map<string, ProfileState>();
  if (!pairs.length) return states;
  const locationIds = [...new Set(pairs.map((p) => p.locationId))];
  const [taxRows, assignmentRows] = await Promise.all([
    orm
      .select({ locationId: taxProfiles.locationId, status: taxProfiles.status })
      .from(taxProfiles)
      .where(and(eq(taxProfiles.organizationId, organizationId), inArray(taxProfiles.locationId, locationIds))),
    orm
      .select({
        locationId: payoutAssignments.locationId,
        programId: payoutAssignments.programId,
        status: paymentProfiles.status,
        archivedAt: paymentProfiles.archivedAt,
      })
      .from(payoutAssignments)
      .innerJoin(
        paymentProfiles,
        and(eq(paymentProfiles.organizationId, payoutAssignments.organizationId), eq(paymentProfiles.id, payoutAssignments.paymentProfileId)),
      )
      .where(and(eq(payoutAssignments.organizationId, organizationId), inArray(payoutAssignments.locationId, locationIds))),
  ]);
  for (const pair of pairs) {
    const tax = taxRows.find((r) => r.locationId === pair.locationId);
    const assigned = assignmentRows.find((r) => r.locationId === pair.locationId && r.programId === pair.programId);
    states.set(pairKey(pair), {
      tax: tax?.status ?? 'missing',
      payment: !assigned ? 'missing' : assigned.archivedAt ? 'archived' : assigned.status,
    });
  }
  return states;
}

export const pairKey = (pair: { locationId: string; programId: string }) => `${pair.locationId}/${pair.programId}`;

/**
 * Moves the organization's enrollments after a change of their profiles, in the caller's
 * transaction: Action required → Validating once both profiles are complete; Validating or
 * Enrolled → Action required when one of them was sent back, expired or unassigned. `locationId`
 * limits it to one location. Returns how many enrollments moved.
 */
export async function syncEnrollmentsWithProfiles(
  ctx: Pick<AppContext, 'config' | 'encryptor' | 'now'>,
  tx: Orm,
  actor: Actor,
  organizationId: string,
  options: { locationId?: string; reason: string },
): Promise<number> {
  const rows = await tx
    .select()
    .from(enrollments)
    .where(
      and(
        eq(enrollments.organizationId, organizationId),
        options.locationId ? eq(enrollments.locationId, options.locationId) : undefined,
        inArray(enrollments.status, ['action_required', 'validating', 'enrolled']),
      ),
    )
    .for('update');
  if (!rows.length) return 0;
  const states = await profileStatesOf(tx, organizationId, rows);
  const date = utcDate(ctx.now());
  let moved = 0;
  for (const row of rows) {
    const state = states.get(pairKey(row))!;
    const complete = profilesComplete(state);
    if (row.status === 'action_required' && complete) {
      await applyEnrollmentEvent(ctx, tx, actor, row, 'profiles_completed', options.reason, date);
      moved++;
    } else if (row.status !== 'action_required' && !complete) {
      await applyEnrollmentEvent(ctx, tx, actor, row, 'compliance_lapsed', `${options.reason}: ${lapseOf(state)}`, date);
      moved++;
    }
  }
  return moved;
}

/** The reason codes of a lapse, e.g. `tax_profile:expired`. */
export function lapseOf(state: ProfileState): string {
  return [
    ...(taxDone(state) ? [] : [`tax_profile:${state.tax}`]),
    ...(paymentDone(state) ? [] : [`payment_profile:${state.payment}`]),
  ].join(', ');
}

/** Organizations with an enrollment that may have to move (for a daily sweep). */
export async function organizationsWithOpenEnrollments(orm: Orm): Promise<string[]> {
  const rows = await orm
    .selectDistinct({ organizationId: enrollments.organizationId })
    .from(enrollments)
    .where(sql`${enrollments.status} in ('action_required', 'validating', 'enrolled')`);
  return rows.map((r) => r.organizationId);
}
