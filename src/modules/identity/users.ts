import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { hashPassword, temporaryPassword } from '../../security/passwords.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { recordAudit } from '../audit/audit.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { locations, organizations } from '../partners/schema.ts';
import { can, type Actor, type Scope } from './actor.ts';
import {
  isOperatorRole,
  isPartnerRole,
  scopedRoles,
  type Role,
} from './permissions.ts';
import { emailTokens, recoveryCodes, roleAssignments, roleScopes, users } from './schema.ts';
import { endUserSessions } from './sessions.ts';

export interface RoleGrant {
  role: Role;
  /** For incentive roles: `all`, or the (location, program) pairs; other roles are always `all`. */
  scope: 'all' | Scope[];
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  locale: string;
  status: string;
  roles: RoleGrant[];
  mfaEnabled: boolean;
  invitationPending: boolean;
  mustChangePassword: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export const invitationDays = 7;
export const resetLinkMinutes = 30;

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** The caller's own tenant: their partner organization, or the vendor (operators). */
function sameTenant(actor: Actor): SQL {
  return actor.organizationId === null ? isNull(users.organizationId) : eq(users.organizationId, actor.organizationId);
}

/** The admin role of a tenant, of which there must always be one active holder. */
function adminRoleOf(actor: Actor): Role {
  return actor.organizationId === null ? 'operator_admin' : 'global_admin';
}

async function rolesOf(orm: Orm | Tx, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const result = new Map<string, RoleGrant[]>();
  if (userIds.length === 0) return result;
  const assignments = await orm
    .select({ id: roleAssignments.id, userId: roleAssignments.userId, role: roleAssignments.role, allScopes: roleAssignments.allScopes })
    .from(roleAssignments)
    .where(inArray(roleAssignments.userId, userIds))
    .orderBy(asc(roleAssignments.role));
  const limited = assignments.filter((a) => !a.allScopes).map((a) => a.id);
  const scopes = limited.length
    ? await orm
        .select({ assignmentId: roleScopes.assignmentId, locationId: roleScopes.locationId, programCode: roleScopes.programCode })
        .from(roleScopes)
        .where(inArray(roleScopes.assignmentId, limited))
    : [];
  for (const a of assignments) {
    const grant: RoleGrant = {
      role: a.role as Role,
      scope: a.allScopes
        ? 'all'
        : scopes.filter((s) => s.assignmentId === a.id).map((s) => ({ locationId: s.locationId, programCode: s.programCode })),
    };
    result.set(a.userId, [...(result.get(a.userId) ?? []), grant]);
  }
  return result;
}

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  locale: users.locale,
  status: users.status,
  passwordHash: users.passwordHash,
  mustChangePassword: users.mustChangePassword,
  totpEnabledAt: users.totpEnabledAt,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

type UserRow = { [K in keyof typeof userColumns]: (typeof users.$inferSelect)[K] };

function toView(row: UserRow, roles: RoleGrant[]): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    status: row.status,
    roles,
    mfaEnabled: row.totpEnabledAt !== null,
    invitationPending: row.passwordHash === null,
    mustChangePassword: row.mustChangePassword,
    lastSignInAt: row.lastSignInAt,
    createdAt: row.createdAt,
  };
}

export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  query: { q?: string; status?: 'active' | 'deactivated'; limit: number; offset: number },
): Promise<{ users: UserView[]; total: number }> {
  const filters: SQL[] = [sameTenant(actor)];
  if (query.status) filters.push(eq(users.status, query.status));
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!);
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    ctx.db.orm.select(userColumns).from(users).where(where).orderBy(asc(users.name), asc(users.id)).limit(query.limit).offset(query.offset),
    ctx.db.orm.select({ n: count() }).from(users).where(where),
  ]);
  const roles = await rolesOf(ctx.db.orm, rows.map((r) => r.id));
  return { users: rows.map((r) => toView(r, roles.get(r.id) ?? [])), total: Number(total?.n ?? 0) };
}

/** A user of the caller's own tenant; any other id answers 404, as if it did not exist. */
export async function getUser(ctx: AppContext, actor: Actor, id: string, orm: Orm | Tx = ctx.db.orm): Promise<UserView> {
  const [row] = await orm.select(userColumns).from(users).where(and(eq(users.id, id), sameTenant(actor)));
  if (!row) throw AppError.notFound('user');
  const roles = await rolesOf(orm, [id]);
  return toView(row, roles.get(id) ?? []);
}

/** The roles the actor may hand out or take away in their tenant. */
function assertGrantable(actor: Actor, grants: RoleGrant[], field: string): void {
  const operatorTenant = actor.organizationId === null;
  grants.forEach((grant, index) => {
    const at = `${field}.${index}.role`;
    if (operatorTenant ? !isOperatorRole(grant.role) : !isPartnerRole(grant.role)) {
      throw AppError.validation([{ field: at, rule: 'role_not_in_tenant', message: `"${grant.role}" is not a role of this organization` }]);
    }
    if (grant.scope !== 'all' && !scopedRoles.includes(grant.role)) {
      throw AppError.validation([{ field: `${field}.${index}.scope`, rule: 'scope_not_allowed', message: `${grant.role} applies to the whole organization` }]);
    }
  });
  const duplicates = grants.map((g) => g.role).filter((r, i, all) => all.indexOf(r) !== i);
  if (duplicates.length) {
    throw AppError.validation([{ field, rule: 'duplicate_role', message: `lists ${duplicates[0]} twice` }]);
  }
}

function touchesAdminRole(actor: Actor, before: RoleGrant[], after: RoleGrant[]): boolean {
  const admin = adminRoleOf(actor);
  return before.some((g) => g.role === admin) !== after.some((g) => g.role === admin);
}

function mayManageAdmins(actor: Actor): boolean {
  return can(actor, actor.organizationId === null ? 'operators.manage' : 'users.manage_global_admins');
}

async function assertScopesInOrganization(tx: Orm | Tx, actor: Actor, grants: RoleGrant[], field: string): Promise<void> {
  const wanted = grants.flatMap((g) => (g.scope === 'all' ? [] : g.scope.map((s) => s.locationId)));
  if (wanted.length === 0) return;
  if (actor.organizationId === null) {
    throw AppError.validation([{ field, rule: 'scope_not_allowed', message: 'operators are not limited to locations' }]);
  }
  const found = await tx
    .select({ id: locations.id })
    .from(locations)
    .where(and(eq(locations.organizationId, actor.organizationId), inArray(locations.id, [...new Set(wanted)])));
  const known = new Set(found.map((l) => l.id));
  grants.forEach((g, i) => {
    if (g.scope === 'all') return;
    g.scope.forEach((s, j) => {
      if (!known.has(s.locationId)) {
        throw AppError.validation([
          { field: `${field}.${i}.scope.${j}.locationId`, rule: 'unknown_location', message: 'is not a location of your organization' },
        ]);
      }
    });
  });
}

async function writeRoles(tx: Tx, actor: Actor, userId: string, grants: RoleGrant[]): Promise<void> {
  await tx.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  for (const grant of grants) {
    const id = randomUUID();
    await tx.insert(roleAssignments).values({
      id,
      userId,
      organizationId: actor.organizationId,
      role: grant.role,
      allScopes: grant.scope === 'all',
    });
    if (grant.scope !== 'all' && grant.scope.length > 0) {
      await tx.insert(roleScopes).values(
        grant.scope.map((s) => ({ organizationId: actor.organizationId!, assignmentId: id, locationId: s.locationId, programCode: s.programCode })),
      );
    }
  }
}

/** Active holders of the tenant's admin role other than `exceptUserId`. */
async function otherActiveAdmins(tx: Tx, actor: Actor, exceptUserId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.role, adminRoleOf(actor)), eq(users.status, 'active'), ne(users.id, exceptUserId), sameTenant(actor)));
  return Number(row?.n ?? 0);
}

async function lockTenant(tx: Tx, actor: Actor): Promise<void> {
  // Serialises admin-count checks within one tenant, so two requests cannot remove the last two admins.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`accrue.tenant-admins:${actor.organizationId ?? 'vendor'}`}))`);
}

async function organizationName(tx: Orm | Tx, organizationId: string | null): Promise<string> {
  if (!organizationId) return '';
  const [org] = await tx.select({ name: organizations.legalName }).from(organizations).where(eq(organizations.id, organizationId));
  return org?.name ?? '';
}

/** Sends an invitation link (7 days); the previous unused ones stop working. */
export async function inviteUser(ctx: AppContext, tx: Tx, actor: Actor, user: { id: string; email: string; name: string; locale: Locale }) {
  const token = newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + invitationDays * 86_400_000);
  await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.kind, 'invitation'), isNull(emailTokens.usedAt)));
  await tx.insert(emailTokens).values({
    tokenHash: hashToken(token),
    kind: 'invitation',
    userId: user.id,
    organizationId: actor.organizationId,
    expiresAt,
  });
  await enqueueMail(tx, ctx.encryptor, {
    eventKey: `invitation:${hashToken(token)}`,
    organizationId: actor.organizationId,
    to: { email: user.email, name: user.name, locale: user.locale },
    template: 'invitation',
    values: {
      recipientName: user.name,
      organizationName: await organizationName(tx, actor.organizationId),
      inviterName: actor.label,
      link: `${ctx.config.baseUrl}/invitation#${token}`,
      expiresAt: expiresAt.toISOString(),
    },
  });
}

/** Makes someone the first Global admin of a new partner organization and mails their invitation. */
export async function inviteFirstGlobalAdmin(
  ctx: AppContext,
  tx: Tx,
  actor: Actor,
  organizationId: string,
  admin: { email: string; name: string; locale: Locale },
): Promise<string> {
  const userId = randomUUID();
  await tx.insert(users).values({ id: userId, organizationId, email: admin.email, name: admin.name, locale: admin.locale });
  await tx.insert(roleAssignments).values({ id: randomUUID(), userId, organizationId, role: 'global_admin', allScopes: true });
  await inviteUser(ctx, tx, { ...actor, organizationId }, { id: userId, ...admin });
  return userId;
}

export async function sendPasswordResetLink(ctx: AppContext, tx: Tx, user: { id: string; email: string; name: string; locale: string; organizationId: string | null }) {
  const token = newToken();
  const now = ctx.now();
  await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(and(eq(emailTokens.userId, user.id), eq(emailTokens.kind, 'password_reset'), isNull(emailTokens.usedAt)));
  await tx.insert(emailTokens).values({
    tokenHash: hashToken(token),
    kind: 'password_reset',
    userId: user.id,
    organizationId: user.organizationId,
    expiresAt: new Date(now.getTime() + resetLinkMinutes * 60_000),
  });
  await enqueueMail(tx, ctx.encryptor, {
    eventKey: `password_reset:${hashToken(token)}`,
    organizationId: user.organizationId,
    to: { email: user.email, name: user.name, locale: user.locale as Locale },
    template: 'password_reset',
    values: { recipientName: user.name, link: `${ctx.config.baseUrl}/reset-password#${token}`, validMinutes: resetLinkMinutes },
  });
}

export interface NewUser {
  name: string;
  email: string;
  locale: Locale;
  roles: RoleGrant[];
  credentials: 'invitation' | 'temporary_password';
}

/** Creates a user who gets an invitation link, or a temporary password shown once to the admin. */
export async function createUser(ctx: AppContext, actor: Actor, input: NewUser): Promise<{ user: UserView; temporaryPassword: string | null }> {
  assertGrantable(actor, input.roles, 'body.roles');
  if (input.roles.some((g) => g.role === adminRoleOf(actor)) && !mayManageAdmins(actor)) {
    throw new AppError('forbidden', `Only a ${adminRoleOf(actor).replace('_', ' ')} can grant that role.`);
  }
  const email = input.email.trim();
  const id = randomUUID();
  const password = input.credentials === 'temporary_password' ? temporaryPassword() : null;
  const passwordHash = password ? await hashPassword(password) : null;
  await ctx.db.orm.transaction(async (tx) => {
    const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
    if (taken) throw AppError.validation([{ field: 'body.email', rule: 'email_taken', message: 'is already used by another account' }]);
    await assertScopesInOrganization(tx, actor, input.roles, 'body.roles');
    await tx.insert(users).values({
      id,
      organizationId: actor.organizationId,
      email,
      name: input.name.trim(),
      locale: input.locale,
      passwordHash,
      mustChangePassword: password !== null,
    });
    await writeRoles(tx, actor, id, input.roles);
    if (input.credentials === 'invitation') {
      await inviteUser(ctx, tx, actor, { id, email, name: input.name.trim(), locale: input.locale });
    }
    await recordAudit(tx, actor, {
      action: 'user.created',
      organizationId: actor.organizationId,
      targetType: 'user',
      targetId: id,
      after: { email, name: input.name.trim(), locale: input.locale, roles: input.roles, credentials: input.credentials },
    });
  });
  if (input.credentials === 'invitation') ctx.wakeMail();
  return { user: await getUser(ctx, actor, id), temporaryPassword: password };
}

/** Replaces a user's roles; only admins of the tenant grant or revoke its admin role. */
export async function setUserRoles(ctx: AppContext, actor: Actor, id: string, grants: RoleGrant[]): Promise<UserView> {
  assertGrantable(actor, grants, 'body.roles');
  await ctx.db.orm.transaction(async (tx) => {
    await lockTenant(tx, actor);
    const before = await getUser(ctx, actor, id, tx);
    if (touchesAdminRole(actor, before.roles, grants) && !mayManageAdmins(actor)) {
      throw new AppError('forbidden', `Only a ${adminRoleOf(actor).replace('_', ' ')} can grant or revoke that role.`);
    }
    const losesAdmin = before.roles.some((g) => g.role === adminRoleOf(actor)) && !grants.some((g) => g.role === adminRoleOf(actor));
    if (losesAdmin && before.status === 'active' && (await otherActiveAdmins(tx, actor, id)) === 0) {
      throw new AppError('conflict', 'This is the last administrator of the organization; make someone else one first.', {
        messageKey: 'identity:users.lastAdmin',
      });
    }
    await assertScopesInOrganization(tx, actor, grants, 'body.roles');
    await writeRoles(tx, actor, id, grants);
    // A change of privileges ends the user's sessions, so new ones carry the new roles.
    await endUserSessions(tx, id);
    await recordAudit(tx, actor, {
      action: 'user.roles_changed',
      organizationId: actor.organizationId,
      targetType: 'user',
      targetId: id,
      before: { roles: before.roles },
      after: { roles: grants },
    });
  });
  return getUser(ctx, actor, id);
}

function assertMayTouch(actor: Actor, target: UserView, what: string): void {
  if (target.roles.some((g) => g.role === adminRoleOf(actor)) && !mayManageAdmins(actor)) {
    throw new AppError('forbidden', `Only a ${adminRoleOf(actor).replace('_', ' ')} can ${what} an administrator.`);
  }
}

export async function setUserStatus(ctx: AppContext, actor: Actor, id: string, status: 'active' | 'deactivated'): Promise<UserView> {
  if (status === 'deactivated' && id === actor.userId) {
    throw new AppError('conflict', 'You cannot deactivate your own account.', { messageKey: 'identity:users.notSelf' });
  }
  await ctx.db.orm.transaction(async (tx) => {
    await lockTenant(tx, actor);
    const before = await getUser(ctx, actor, id, tx);
    assertMayTouch(actor, before, status === 'deactivated' ? 'deactivate' : 'reactivate');
    if (before.status === status) return;
    if (status === 'deactivated' && before.roles.some((g) => g.role === adminRoleOf(actor)) && (await otherActiveAdmins(tx, actor, id)) === 0) {
      throw new AppError('conflict', 'This is the last administrator of the organization; make someone else one first.', {
        messageKey: 'identity:users.lastAdmin',
      });
    }
    await tx.update(users).set({ status, updatedAt: ctx.now() }).where(eq(users.id, id));
    if (status === 'deactivated') await endUserSessions(tx, id);
    await recordAudit(tx, actor, {
      action: status === 'deactivated' ? 'user.deactivated' : 'user.reactivated',
      organizationId: actor.organizationId,
      targetType: 'user',
      targetId: id,
      before: { status: before.status },
      after: { status },
    });
  });
  return getUser(ctx, actor, id);
}

/**
 * Resets another user's password: a temporary password shown once, or an emailed link. Either way
 * they must choose a new one at their next sign-in, and all their sessions end now.
 */
export async function resetUserPassword(
  ctx: AppContext,
  actor: Actor,
  id: string,
  method: 'temporary_password' | 'email_link',
): Promise<{ temporaryPassword: string | null }> {
  const password = method === 'temporary_password' ? temporaryPassword() : null;
  const passwordHash = password ? await hashPassword(password) : null;
  await ctx.db.orm.transaction(async (tx) => {
    const target = await getUser(ctx, actor, id, tx);
    assertMayTouch(actor, target, "reset the password of");
    if (target.status !== 'active') {
      throw new AppError('conflict', 'Reactivate the user before resetting their password.', { messageKey: 'identity:users.reactivateFirst' });
    }
    await tx
      .update(users)
      .set({ ...(passwordHash ? { passwordHash } : {}), mustChangePassword: true, updatedAt: ctx.now() })
      .where(eq(users.id, id));
    await endUserSessions(tx, id);
    if (method === 'email_link') {
      await sendPasswordResetLink(ctx, tx, { ...target, organizationId: actor.organizationId });
    }
    await recordAudit(tx, actor, {
      action: 'user.password_reset_by_admin',
      organizationId: actor.organizationId,
      targetType: 'user',
      targetId: id,
      after: { method },
    });
  });
  if (method === 'email_link') ctx.wakeMail();
  return { temporaryPassword: password };
}

/**
 * Turns off another user's two-step verification (they lost their device and their recovery
 * codes). Their sessions end; they sign in with their password and may set it up again.
 */
export async function resetUserMfa(ctx: AppContext, actor: Actor, id: string): Promise<UserView> {
  await ctx.db.orm.transaction(async (tx) => {
    const target = await getUser(ctx, actor, id, tx);
    assertMayTouch(actor, target, 'turn off two-step verification of');
    if (!target.mfaEnabled) throw new AppError('conflict', 'This user has no two-step verification to turn off.', { messageKey: 'identity:users.noMfa' });
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: ctx.now() }).where(eq(users.id, id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, id));
    await endUserSessions(tx, id);
    await recordAudit(tx, actor, { action: 'auth.mfa_disabled', organizationId: actor.organizationId, targetType: 'user', targetId: id, after: { byAdministrator: true } });
  });
  return getUser(ctx, actor, id);
}

/** Sends a new invitation link to a user who has not yet set a password. */
export async function resendInvitation(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.orm.transaction(async (tx) => {
    const target = await getUser(ctx, actor, id, tx);
    if (!target.invitationPending) throw new AppError('conflict', 'This user has already accepted their invitation.', { messageKey: 'identity:users.invitationAccepted' });
    await inviteUser(ctx, tx, actor, { ...target, locale: target.locale as Locale });
  });
  ctx.wakeMail();
}

/** Who administers the caller's organization: shown to every user, with or without roles. */
export async function organizationAdmins(ctx: AppContext, actor: Actor): Promise<{ name: string; email: string; roles: Role[] }[]> {
  const adminRoles: Role[] = actor.organizationId === null ? ['operator_admin'] : ['global_admin', 'user_admin'];
  const rows = await ctx.db.orm
    .select({ id: users.id, name: users.name, email: users.email, role: roleAssignments.role })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(and(sameTenant(actor), eq(users.status, 'active'), inArray(roleAssignments.role, adminRoles)))
    .orderBy(asc(users.name));
  const byUser = new Map<string, { name: string; email: string; roles: Role[] }>();
  for (const row of rows) {
    const entry = byUser.get(row.id) ?? { name: row.name, email: row.email, roles: [] };
    entry.roles.push(row.role as Role);
    byUser.set(row.id, entry);
  }
  return [...byUser.values()];
}
