import { randomUUID } from 'node:crypto';
import { and, eq, isNull, ne, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Actor } from '../identity/actor.ts';
import { agreementView } from './directory.ts';
import { FieldProblems, lockPartnerWrites, organizationForChange, recordInputChange, today, type Tx } from './edits.ts';
import { agreements, locations, type agreementStatuses, type agreementTypes } from './schema.ts';

type AgreementType = (typeof agreementTypes)[number];
type AgreementStatus = (typeof agreementStatuses)[number];

export interface NewAgreement {
  type: AgreementType;
  status: AgreementStatus;
  /** A location's public id, or null for the whole organization. */
  locationId: string | null;
  validFrom: string;
  validTo: string | null;
}

export interface AgreementChanges {
  status?: AgreementStatus;
  validFrom?: string;
  validTo?: string | null;
}

export type AgreementView = ReturnType<typeof agreementView>;

async function agreementForChange(tx: Tx, organizationId: string, id: string) {
  const [agreement] = await tx
    .select()
    .from(agreements)
    .where(and(eq(agreements.organizationId, organizationId), eq(agreements.id, id)))
    .for('update');
  if (!agreement) throw AppError.notFound('agreement');
  return agreement;
}

async function viewOf(tx: Tx, agreement: typeof agreements.$inferSelect): Promise<AgreementView> {
  if (!agreement.locationId) return agreementView(agreement, null);
  const [location] = await tx
    .select({ locationId: locations.locationId })
    .from(locations)
    .where(and(eq(locations.organizationId, agreement.organizationId), eq(locations.id, agreement.locationId)));
  return agreementView(agreement, location?.locationId ?? null);
}

/** Refuses a second agreement of the same type, for the same location, starting the same day. */
async function assertNoTwin(tx: Tx, key: { organizationId: string; locationId: string | null; type: AgreementType; validFrom: string }, exceptId?: string) {
  const conditions: SQL[] = [
    eq(agreements.organizationId, key.organizationId),
    key.locationId ? eq(agreements.locationId, key.locationId) : isNull(agreements.locationId),
    eq(agreements.type, key.type),
    eq(agreements.validFrom, key.validFrom),
  ];
  if (exceptId) conditions.push(ne(agreements.id, exceptId));
  const [twin] = await tx.select({ id: agreements.id }).from(agreements).where(and(...conditions));
  if (twin) {
    throw new AppError('conflict', `An agreement of type ${key.type} for the same location already starts on ${key.validFrom}.`, {
      messageKey: 'partners:problem.agreementExists',
      params: { validFrom: key.validFrom },
    });
  }
}

/** Adds an agreement of the whole organization or of one of its (unarchived) locations. */
export async function addAgreement(ctx: AppContext, actor: Actor, partnerId: string, input: NewAgreement): Promise<AgreementView> {
  const problems = new FieldProblems();
  problems.period(input.validFrom, input.validTo, 'validTo');
  problems.throwIfAny();
  return ctx.db.orm.transaction(async (tx) => {
    await lockPartnerWrites(tx);
    const org = await organizationForChange(tx, partnerId);
    let locationUuid: string | null = null;
    if (input.locationId) {
      const [location] = await tx
        .select()
        .from(locations)
        .where(and(eq(locations.organizationId, org.id), eq(locations.locationId, input.locationId)));
      if (!location) problems.add('body.locationId', 'location_of_other_partner', `is not a location of ${partnerId}`);
      else if (location.archivedAt !== null) problems.add('body.locationId', 'location_archived', 'is an archived location');
      problems.throwIfAny();
      locationUuid = location!.id;
    }
    await assertNoTwin(tx, { organizationId: org.id, locationId: locationUuid, type: input.type, validFrom: input.validFrom });
    const [agreement] = await tx
      .insert(agreements)
      .values({ organizationId: org.id, id: randomUUID(), locationId: locationUuid, type: input.type, status: input.status, validFrom: input.validFrom, validTo: input.validTo })
      .returning();
    const view = agreementView(agreement!, input.locationId);
    await recordInputChange(tx, actor, { action: 'agreement.added', organizationId: org.id, targetType: 'agreement', targetId: view.id, after: view });
    return view;
  });
}

/** Changes an agreement's status or period; its type and location stay. */
export async function updateAgreement(ctx: AppContext, actor: Actor, partnerId: string, id: string, changes: AgreementChanges): Promise<AgreementView> {
  return ctx.db.orm.transaction(async (tx) => {
    await lockPartnerWrites(tx);
    const org = await organizationForChange(tx, partnerId);
    const agreement = await agreementForChange(tx, org.id, id);
    const next = {
      status: changes.status ?? agreement.status,
      validFrom: changes.validFrom ?? agreement.validFrom,
      validTo: changes.validTo === undefined ? agreement.validTo : changes.validTo,
    };
    const problems = new FieldProblems();
    problems.period(next.validFrom, next.validTo, changes.validTo === undefined ? 'validFrom' : 'validTo');
    problems.throwIfAny();
    const before = await viewOf(tx, agreement);
    if (next.status === agreement.status && next.validFrom === agreement.validFrom && next.validTo === agreement.validTo) return before;
    if (next.validFrom !== agreement.validFrom) {
      await assertNoTwin(tx, { organizationId: org.id, locationId: agreement.locationId, type: agreement.type, validFrom: next.validFrom }, agreement.id);
    }
    const [after] = await tx
      .update(agreements)
      .set({ ...next, updatedAt: ctx.now() })
      .where(and(eq(agreements.organizationId, org.id), eq(agreements.id, agreement.id)))
      .returning();
    const view = agreementView(after!, before.locationId);
    await recordInputChange(tx, actor, { action: 'agreement.updated', organizationId: org.id, targetType: 'agreement', targetId: id, before, after: view });
    return view;
  });
}

/** Ends an active agreement on `date` (default today): status expired, valid to that date. */
export async function expireAgreement(ctx: AppContext, actor: Actor, partnerId: string, id: string, date = today(ctx)): Promise<AgreementView> {
  return ctx.db.orm.transaction(async (tx) => {
    const org = await organizationForChange(tx, partnerId);
    const agreement = await agreementForChange(tx, org.id, id);
    if (agreement.status !== 'active') {
      throw new AppError('conflict', `The agreement is ${agreement.status}; only an active agreement can be expired.`, {
        messageKey: 'partners:problem.agreementNotActive',
      });
    }
    const problems = new FieldProblems();
    problems.expiry(date, agreement.validFrom, agreement.validTo);
    problems.throwIfAny();
    const before = await viewOf(tx, agreement);
    const [after] = await tx
      .update(agreements)
      .set({ status: 'expired', validTo: date, updatedAt: ctx.now() })
      .where(and(eq(agreements.organizationId, org.id), eq(agreements.id, agreement.id)))
      .returning();
    const view = agreementView(after!, before.locationId);
    await recordInputChange(tx, actor, { action: 'agreement.expired', organizationId: org.id, targetType: 'agreement', targetId: id, before, after: view });
    return view;
  });
}
