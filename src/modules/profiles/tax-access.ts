import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { Actor } from '../identity/actor.ts';
import { scopedAccess } from '../enrollments/access.ts';
import { locations } from '../partners/schema.ts';

/**
 * What a partner user may do with a location's tax form: `manage` (the Global admin, or an
 * Incentive admin whose scope covers any pair of the location, or all), `read` (an Incentive user
 * covering any pair of it), or nothing.
 */
export function locationAccess(actor: Actor, locationUuid: string): 'manage' | 'read' | null {
  return scopedAccess(actor, (s) => s.locationId === locationUuid);
}

/** The organization's active locations in the actor's scope, each with the actor's access. */
export async function locationsInScope(orm: Orm, actor: Actor, only?: string) {
  const rows = await orm
    .select()
    .from(locations)
    .where(and(eq(locations.organizationId, actor.organizationId!), isNull(locations.archivedAt), only ? eq(locations.locationId, only) : undefined))
    .orderBy(asc(locations.locationId));
  return rows.flatMap((location) => {
    const access = locationAccess(actor, location.id);
    return access ? [{ location, access }] : [];
  });
}
