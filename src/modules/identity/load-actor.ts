import { eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { Actor, Scope } from './actor.ts';
import { permissionsOf, type Permission, type Role, roles as allRoles } from './permissions.ts';
import { roleAssignments, roleScopes, users } from './schema.ts';

export interface UserSummary {
  id: string;
  organizationId: string | null;
  email: string;
  name: string;
  locale: string;
  status: string;
}

/**
 * The actor for a signed-in user: their roles, the permissions those grant (narrowed to an API
 * token's permissions when one is used) and the scopes of their incentive roles.
 */
export async function loadActor(
  orm: Orm,
  userId: string,
  request: { ip: string | null; requestId: string | null; tokenPermissions?: readonly string[] },
): Promise<{ actor: Actor; user: UserSummary } | null> {
  const [user] = await orm
    .select({
      id: users.id,
      organizationId: users.organizationId,
      email: users.email,
      name: users.name,
      locale: users.locale,
      status: users.status,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user || user.status !== 'active') return null;

  const assignments = await orm
    .select({ id: roleAssignments.id, role: roleAssignments.role, allScopes: roleAssignments.allScopes })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, userId));
  const held = assignments.map((a) => a.role).filter((r): r is Role => (allRoles as readonly string[]).includes(r));

  const limited = assignments.filter((a) => !a.allScopes);
  const scopeRows = limited.length
    ? await orm
        .select({ assignmentId: roleScopes.assignmentId, locationId: roleScopes.locationId, programCode: roleScopes.programCode })
        .from(roleScopes)
        .where(inArray(roleScopes.assignmentId, limited.map((a) => a.id)))
    : [];
  const scopes: Actor['scopes'] = {};
  for (const assignment of assignments) {
    const role = assignment.role as Role;
    scopes[role] = assignment.allScopes
      ? 'all'
      : scopeRows
          .filter((s) => s.assignmentId === assignment.id)
          .map((s): Scope => ({ locationId: s.locationId, programCode: s.programCode }));
  }

  let permissions = permissionsOf(held);
  if (request.tokenPermissions) {
    const allowed = new Set(request.tokenPermissions);
    permissions = new Set([...permissions].filter((p: Permission) => allowed.has(p)));
  }
  return {
    user,
    actor: {
      kind: 'user',
      userId: user.id,
      organizationId: user.organizationId,
      label: user.email,
      locale: user.locale,
      roles: held,
      permissions,
      scopes,
      ip: request.ip,
      requestId: request.requestId,
    },
  };
}
