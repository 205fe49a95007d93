import type { Actor, Scope } from '../identity/actor.ts';
import type { Role } from '../identity/permissions.ts';

/**
 * What a partner user may do with one (location, program): `manage` (accept, submit: the Global
 * admin, or an Incentive admin whose scope includes the pair), `read` (an Incentive user whose
 * scope includes it), or nothing. Operators reach enrollments through their own routes.
 */
export function pairAccess(actor: Actor, locationId: string, programCode: string): 'manage' | 'read' | null {
  return scopedAccess(actor, (s) => s.locationId === locationId && s.programCode === programCode);
}

/** The same decision for whatever a scoped pair matching `inScope` gives access to (e.g. a whole location). */
export function scopedAccess(actor: Actor, inScope: (pair: Scope) => boolean): 'manage' | 'read' | null {
  if (actor.organizationId === null) return null;
  const covers = (role: Role) => {
    if (!actor.roles.includes(role)) return false;
    const scope = actor.scopes[role];
    return scope === 'all' || (Array.isArray(scope) && scope.some(inScope));
  };
  const admin = actor.roles.includes('global_admin') || covers('incentive_admin');
  if (admin && actor.permissions.has('incentives.manage')) return 'manage';
  if ((admin || covers('incentive_user')) && actor.permissions.has('incentives.read')) return 'read';
  return null;
}
