import { createRoute, type RouteConfig } from '@hono/zod-openapi';

/**
 * Who may call a route. Every route declares it; `public` is for what anyone may reach
 * (health checks, the sign-in page's needs). Permissions join this union as modules add them.
 */
export type Access = 'public';

export const accessExtension = 'x-accrue-access';

/** A route contract: request and response schemas, and the access it requires. */
export function defineRoute<const R extends RouteConfig>(config: R & { access: Access }) {
  const { access, ...route } = config;
  if (!access) throw new Error(`Route ${route.method.toUpperCase()} ${route.path} declares no access`);
  return createRoute({ ...(route as unknown as R), [accessExtension]: access });
}
