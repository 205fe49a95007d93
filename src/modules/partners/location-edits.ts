import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Actor } from '../identity/actor.ts';
import { locationView } from './directory.ts';
import { FieldProblems, lockPartnerWrites, nextPublicId, organizationForChange, recordInputChange, type Tx } from './edits.ts';
import { locations, type PartnerType } from './schema.ts';

export interface NewLocation {
  name: string;
  country: string;
  address: string;
  partnerType: PartnerType;
}

export type LocationChanges = Partial<NewLocation>;

export type LocationView = ReturnType<typeof locationView>;

/** A location of the organization, locked until the change commits; another organization's is not found. */
async function locationForChange(tx: Tx, organizationId: string, locationId: string) {
  const [location] = await tx
    .select()
    .from(locations)
    .where(and(eq(locations.organizationId, organizationId), eq(locations.locationId, locationId)))
    .for('update');
  if (!location) throw AppError.notFound('location');
  return location;
}

/** Adds a location with the next `L-` number. */
export async function createLocation(ctx: AppContext, actor: Actor, partnerId: string, input: NewLocation): Promise<LocationView> {
  const problems = new FieldProblems();
  problems.country('body.country', input.country);
  problems.throwIfAny();
  return ctx.db.orm.transaction(async (tx) => {
    await lockPartnerWrites(tx);
    const org = await organizationForChange(tx, partnerId);
    const locationId = await nextPublicId(tx, 'location_number_seq', 'L-', async (id) =>
      // Public location ids are unique across organizations.
      (await tx.select({ id: locations.id }).from(locations).where(eq(locations.locationId, id))).length > 0,
    );
    const [location] = await tx
      .insert(locations)
      .values({ organizationId: org.id, id: randomUUID(), locationId, ...input })
      .returning();
    const view = locationView(location!);
    await recordInputChange(tx, actor, { action: 'location.created', organizationId: org.id, targetType: 'location', targetId: locationId, after: view });
    return view;
  });
}

/** Changes a location's name, address, country or partner type; an archived location must be restored first. */
export async function updateLocation(ctx: AppContext, actor: Actor, partnerId: string, locationId: string, changes: LocationChanges): Promise<LocationView> {
  const problems = new FieldProblems();
  problems.country('body.country', changes.country);
  problems.throwIfAny();
  return ctx.db.orm.transaction(async (tx) => {
    const org = await organizationForChange(tx, partnerId);
    const location = await locationForChange(tx, org.id, locationId);
    if (location.archivedAt !== null) {
      throw new AppError('conflict', `${locationId} is archived; restore it before changing it.`, {
        messageKey: 'partners:problem.locationArchived',
        params: { locationId },
      });
    }
    const next = {
      name: changes.name ?? location.name,
      country: changes.country ?? location.country,
      address: changes.address ?? location.address,
      partnerType: changes.partnerType ?? location.partnerType,
    };
    const before = locationView(location);
    if ((Object.keys(next) as (keyof typeof next)[]).every((key) => next[key] === location[key])) return before;
    const [after] = await tx
      .update(locations)
      .set({ ...next, updatedAt: ctx.now() })
      .where(and(eq(locations.organizationId, org.id), eq(locations.id, location.id)))
      .returning();
    const view = locationView(after!);
    await recordInputChange(tx, actor, { action: 'location.updated', organizationId: org.id, targetType: 'location', targetId: locationId, before, after: view });
    return view;
  });
}

/**
 * Archives a location (it is never deleted) or restores an archived one. Asking for the state it
 * is already in changes and records nothing.
 */
export async function setLocationArchived(ctx: AppContext, actor: Actor, partnerId: string, locationId: string, archived: boolean): Promise<LocationView> {
  return ctx.db.orm.transaction(async (tx) => {
    const org = await organizationForChange(tx, partnerId);
    const location = await locationForChange(tx, org.id, locationId);
    const before = locationView(location);
    if (before.archived === archived) return before;
    const now = ctx.now();
    const [after] = await tx
      .update(locations)
      .set({ archivedAt: archived ? now : null, updatedAt: now })
      .where(and(eq(locations.organizationId, org.id), eq(locations.id, location.id)))
      .returning();
    const view = locationView(after!);
    await recordInputChange(tx, actor, {
      action: archived ? 'location.archived' : 'location.restored',
      organizationId: org.id,
      targetType: 'location',
      targetId: locationId,
      before,
      after: view,
    });
    return view;
  });
}
