import type { Permission, Role } from './permissions.ts';

/** A (location, program) pair an incentive role is limited to. */
export interface Scope {
  locationId: string;
  programCode: string;
}

/**
 * Who is acting, passed explicitly to every use case: a signed-in user (through a session or an
 * API token), or the system itself (jobs, the command line, the demo loader).
 */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  /** The partner organization acted for; null for operators and the system. */
  organizationId: string | null;
  /** Shown in the audit log: the user's email, or `system` / `cli`. */
  label: string;
  /** The user's language setting; null for the system. */
  locale: string | null;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  /** Per incentive role: `all`, or the pairs it is limited to. */
  scopes: Partial<Record<Role, 'all' | Scope[]>>;
  ip: string | null;
  requestId: string | null;
}

export function systemActor(label: 'system' | 'cli' = 'system'): Actor {
  return {
    kind: 'system',
    userId: null,
    organizationId: null,
    label,
    locale: null,
    roles: [],
    permissions: new Set(),
    scopes: {},
    ip: null,
    requestId: null,
  };
}

/**
 * A person acting on their own account outside a signed-in session with roles: signing in, a
 * mailed link, a sign-in step. `id` is null for an address with no account (a failed sign-in).
 */
export function accountActor(
  account: { id: string | null; email: string; organizationId: string | null; locale?: string | null },
  request: { ip: string | null; requestId: string | null },
): Actor {
  return {
    ...systemActor(),
    kind: 'user',
    userId: account.id,
    organizationId: account.organizationId,
    label: account.email,
    locale: account.locale ?? null,
    ip: request.ip,
    requestId: request.requestId,
  };
}

export function isOperator(actor: Actor): boolean {
  return actor.kind === 'user' && actor.organizationId === null;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || actor.permissions.has(permission);
}
