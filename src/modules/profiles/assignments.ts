import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { utcDate } from '../eligibility/evaluate.ts';
import { pairAccess } from '../enrollments/access.ts';
import { enrollments } from '../enrollments/schema.ts';
import type { Actor } from '../identity/actor.ts';
import { locations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';
import { syncEnrollmentsWithProfiles } from './completion.ts';
import { holdChanges, paymentProfiles, payoutAssignments } from './schema.ts';
import { maskTail } from './validators.ts';

/** First day of the month after the month of `date` (`YYYY-MM-DD`): when a hold change applies. */
export function nextMonthStart(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

interface Pair {
  organizationId: string;
  locationUuid: string;
  programId: string;
  access: 'manage' | 'read';
}

/** The caller's (location, program) with an accepted enrollment; 404 outside their organization or scope. */
async function pairOf(orm: Orm, actor: Actor, locationId: string, programCode: string): Promise<Pair> {
  const [row] = await orm
    .select({ locationUuid: locations.id, programId: programs.id, status: enrollments.status })
    .from(locations)
    .innerJoin(programs, eq(programs.code, programCode))
    .leftJoin(enrollments, and(eq(enrollments.organizationId, locations.organizationId), eq(enrollments.locationId, locations.id), eq(enrollments.programId, programs.id)))
    .where(and(eq(locations.organizationId, actor.organizationId!), eq(locations.locationId, locationId)));
  const access = row ? pairAccess(actor, row.locationUuid, programCode) : null;
  if (!row || !access) throw AppError.notFound('incentive');
  if (!row.status || row.status === 'invited') {
    throw new AppError('conflict', 'Accept the invitation first: payouts are set for an enrollment.', { messageKey: 'incentives:payout.notEnrolled' });
  }
  return { organizationId: actor.organizationId!, locationUuid: row.locationUuid, programId: row.programId, access };
}

function requireManage(pair: Pair): void {
  if (pair.access !== 'manage') {
    throw new AppError('forbidden', 'Only an Incentive admin of this location and program can change how it is paid.', { messageKey: 'incentives:payout.adminOnly' });
  }
}

/**
 * How a (location, program) is paid: the assigned payment profile (masked), the payout currency,
 * and "hold my payment" with the month it applies from. Managers also get the profiles they can
 * choose from.
 */
export async function getPayout(ctx: AppContext, actor: Actor, locationId: string, programCode: string, orm: Orm = ctx.db.orm) {
  const pair = await pairOf(orm, actor, locationId, programCode);
  const [assignment] = await orm
    .select()
    .from(payoutAssignments)
    .where(and(eq(payoutAssignments.organizationId, pair.organizationId), eq(payoutAssignments.locationId, pair.locationUuid), eq(payoutAssignments.programId, pair.programId)));
  const profiles = await orm
    .select()
    .from(paymentProfiles)
    .where(eq(paymentProfiles.organizationId, pair.organizationId))
    .orderBy(asc(paymentProfiles.name));
  const view = (p: (typeof profiles)[number]) => ({
    id: p.id,
    name: p.name,
    account: maskTail(p.accountLast4),
    bankCountry: p.bankCountry,
    acceptedCurrencies: p.acceptedCurrencies,
    status: p.status,
    archived: p.archivedAt !== null,
  });
  const assigned = assignment?.paymentProfileId ? profiles.find((p) => p.id === assignment.paymentProfileId) : undefined;
  const today = utcDate(ctx.now());
  const hold = await holdOn(orm, pair, today);
  return {
    access: pair.access,
    paymentProfile: assigned ? view(assigned) : null,
    payoutCurrency: assignment?.payoutCurrency ?? null,
    /** The setting as last chosen, and the first month whose payment run follows it. */
    hold: assignment?.hold ?? false,
    holdEffectiveFrom: assignment?.holdEffectiveFrom ?? null,
    /** Whether this month's payment run holds the pair. */
    heldThisMonth: hold,
    options: pair.access === 'manage' ? profiles.filter((p) => p.archivedAt === null).map(view) : [],
  };
}

/** Whether a payment run for the month of `date` holds the pair: its latest hold change in effect by then. */
async function holdOn(orm: Orm, pair: Pair, date: string): Promise<boolean> {
  const [latest] = await orm
    .select({ hold: holdChanges.hold })
    .from(holdChanges)
    .where(
      and(
        eq(holdChanges.organizationId, pair.organizationId),
        eq(holdChanges.locationId, pair.locationUuid),
        eq(holdChanges.programId, pair.programId),
        lte(holdChanges.effectiveFrom, date),
      ),
    )
    .orderBy(desc(holdChanges.effectiveFrom), desc(holdChanges.at))
    .limit(1);
  return latest?.hold ?? false;
}

/** Assigns a payment profile and payout currency to a (location, program). */
export async function setPayout(
  ctx: AppContext,
  actor: Actor,
  locationId: string,
  programCode: string,
  input: { paymentProfileId: string; payoutCurrency: string },
) {
  return ctx.db.orm.transaction(async (tx) => {
    const pair = await pairOf(tx, actor, locationId, programCode);
    requireManage(pair);
    const [profile] = await tx
      .select()
      .from(paymentProfiles)
      .where(and(eq(paymentProfiles.organizationId, pair.organizationId), eq(paymentProfiles.id, input.paymentProfileId), isNull(paymentProfiles.archivedAt)));
    if (!profile) {
      throw AppError.validation([{ field: 'body.paymentProfileId', rule: 'unknown_profile', message: 'is not an active payment profile of your organization' }]);
    }
    if (!profile.acceptedCurrencies.includes(input.payoutCurrency)) {
      throw AppError.validation([
        { field: 'body.payoutCurrency', rule: 'not_accepted', message: `is not a currency the profile accepts (${profile.acceptedCurrencies.join(', ')})` },
      ]);
    }
    const [before] = await tx
      .select()
      .from(payoutAssignments)
      .where(and(eq(payoutAssignments.organizationId, pair.organizationId), eq(payoutAssignments.locationId, pair.locationUuid), eq(payoutAssignments.programId, pair.programId)));
    const values = { paymentProfileId: profile.id, payoutCurrency: input.payoutCurrency, updatedBy: actor.userId, updatedAt: ctx.now() };
    await tx
      .insert(payoutAssignments)
      .values({ organizationId: pair.organizationId, locationId: pair.locationUuid, programId: pair.programId, ...values })
      .onConflictDoUpdate({ target: [payoutAssignments.organizationId, payoutAssignments.locationId, payoutAssignments.programId], set: values });
    await recordAudit(tx, actor, {
      action: 'payout.assigned',
      organizationId: pair.organizationId,
      targetType: 'payout_assignment',
      targetId: `${locationId}/${programCode}`,
      before: before ? { paymentProfileId: before.paymentProfileId, payoutCurrency: before.payoutCurrency } : null,
      after: { paymentProfileId: profile.id, account: maskTail(profile.accountLast4), payoutCurrency: input.payoutCurrency },
    });
    await syncEnrollmentsWithProfiles(ctx, tx, actor, pair.organizationId, { locationId: pair.locationUuid, reason: 'payout_assigned' });
    return getPayout(ctx, actor, locationId, programCode, tx);
  });
}

/**
 * Sets or clears "hold my payment". It applies to payment runs of the months after this one, so
 * the change is recorded with that month and shown with it.
 */
export async function setHold(ctx: AppContext, actor: Actor, locationId: string, programCode: string, hold: boolean) {
  return ctx.db.orm.transaction(async (tx) => {
    const pair = await pairOf(tx, actor, locationId, programCode);
    requireManage(pair);
    const now = ctx.now();
    const effectiveFrom = nextMonthStart(utcDate(now));
    const [before] = await tx
      .select({ hold: payoutAssignments.hold, holdEffectiveFrom: payoutAssignments.holdEffectiveFrom })
      .from(payoutAssignments)
      .where(and(eq(payoutAssignments.organizationId, pair.organizationId), eq(payoutAssignments.locationId, pair.locationUuid), eq(payoutAssignments.programId, pair.programId)))
      .for('update');
    if ((before?.hold ?? false) === hold) return getPayout(ctx, actor, locationId, programCode, tx);
    await tx
      .insert(payoutAssignments)
      .values({ organizationId: pair.organizationId, locationId: pair.locationUuid, programId: pair.programId, hold, holdEffectiveFrom: effectiveFrom, updatedBy: actor.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: [payoutAssignments.organizationId, payoutAssignments.locationId, payoutAssignments.programId],
        set: { hold, holdEffectiveFrom: effectiveFrom, updatedBy: actor.userId, updatedAt: now },
      });
    await tx.insert(holdChanges).values({
      organizationId: pair.organizationId,
      id: randomUUID(),
      locationId: pair.locationUuid,
      programId: pair.programId,
      hold,
      effectiveFrom,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      at: now,
    });
    await recordAudit(tx, actor, {
      action: 'payout.hold_changed',
      organizationId: pair.organizationId,
      targetType: 'payout_assignment',
      targetId: `${locationId}/${programCode}`,
      before: { hold: before?.hold ?? false, effectiveFrom: before?.holdEffectiveFrom ?? null },
      after: { hold, effectiveFrom },
    });
    return getPayout(ctx, actor, locationId, programCode, tx);
  });
}
