import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { Actor } from '../identity/actor.ts';
import type { Role } from '../identity/permissions.ts';
import { roleAssignments, users } from '../identity/schema.ts';
import { locations } from '../partners/schema.ts';

/**
 * What a partner user may do with a location's tax form: `manage` (the Global admin, or an
 * Incentive admin whose scope covers any pair of the location, or all), `read` (an Incentive user
 * covering any pair of it), or nothing.
 */
export function locationAccess(actor: Actor, locationUuid: string): 'manage' | 'read' | null {
  if (actor.organizationId === null) return null;
  const covers = (role: Role) => {
    if (!actor.roles.includes(role)) return false;
    const scope = actor.scopes[role];
    return scope === 'all' || (Array.isArray(scope) && scope.some((s) => s.locationId === locationUuid));
  };
  const admin = actor.roles.includes('global_admin') || covers('incentive_admin');
  if (admin && actor.permissions.has('incentives.manage')) return 'manage';
  if ((admin || covers('incentive_user')) && actor.permissions.has('incentives.read')) return 'read';
  return null;
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

/**
 * The people told about a location's tax form: the organization's active Global admins, and its
 * Incentive admins whose scope is all pairs or includes a pair of the location.
 */
export async function locationAdminsOf(tx: Orm, organizationId: string, locationUuid: string) {
  return tx
    .selectDistinct({ id: users.id, email: users.email, name: users.name, locale: users.locale })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(
      and(
        eq(users.organizationId, organizationId),
        eq(users.status, 'active'),
        sql`(${roleAssignments.role} = 'global_admin'
          or (${roleAssignments.role} = 'incentive_admin' and (${roleAssignments.allScopes} or exists (
            select 1 from role_scopes rs
            where rs.organization_id = ${organizationId} and rs.assignment_id = ${roleAssignments.id}
              and rs.location_id = ${locationUuid}))))`,
      ),
    )
    .orderBy(users.email);
}
