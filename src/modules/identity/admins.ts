import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { roleAssignments, users } from './schema.ts';

export interface Person {
  id: string;
  email: string;
  name: string;
  locale: string;
}

const person = { id: users.id, email: users.email, name: users.name, locale: users.locale };

/** The organization's active users holding any of the roles (whatever their scope), each once. */
export async function activeRoleHolders(tx: Orm, organizationId: string, roles: ('global_admin' | 'incentive_admin')[]): Promise<Person[]> {
  return tx
    .selectDistinct(person)
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(and(eq(users.organizationId, organizationId), eq(users.status, 'active'), inArray(roleAssignments.role, roles)))
    .orderBy(users.email);
}

/**
 * The people told about a location, or one (location, program) of it: the organization's active
 * Global admins, and its Incentive admins whose scope is all pairs or includes the pair (without a
 * program: any pair of the location).
 */
export async function incentiveAdminsOf(tx: Orm, organizationId: string, locationId: string, programCode?: string): Promise<Person[]> {
  const program = programCode === undefined ? sql`` : sql` and rs.program_code = ${programCode}`;
  return tx
    .selectDistinct(person)
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
              and rs.location_id = ${locationId}${program}))))`,
      ),
    )
    .orderBy(users.email);
}
