import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Permission } from '../modules/identity/permissions.ts';
import { requireAccess } from './middleware/access.ts';

/**
 * Who may call a route; every route declares one.
 * - `public`: anyone (health, sign-in, the steps of a reset or invitation link);
 * - `session`: a browser session at any sign-in stage (finishing MFA, the forced password change);
 * - `authenticated`: any signed-in user (own profile);
 * - a permission from the registry in src/modules/identity/permissions.ts.
 */
export type Access = 'public' | 'session' | 'authenticated' | Permission;

export const accessExtension = 'x-accrue-access';

/** A route contract: request and response schemas, and the access it requires (enforced). */
export function defineRoute<const R extends RouteConfig>(config: R & { access: Access }) {
  const { access, ...route } = config;
  if (!access) throw new Error(`Route ${route.method.toUpperCase()} ${route.path} declares no access`);
  return createRoute({
    ...(route as unknown as R),
    middleware: [requireAccess(access)],
    [accessExtension]: access,
  });
}
