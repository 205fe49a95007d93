import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import type { Actor } from './actor.ts';
import { unlockAccount } from './support.ts';
import { EmailSchema, LocaleSchema, NameSchema, RoleGrantSchema, RoleSchema, UserSchema, json, jsonBody, noContent } from './schemas.ts';
import {
  createUser,
  getUser,
  listUsers,
  organizationAdmins,
  resendInvitation,
  resetUserMfa,
  resetUserPassword,
  setUserRoles,
  setUserStatus,
  type RoleGrant,
} from './users.ts';

const tags = ['Users'];
const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

const actorOf = (c: Context<AppEnv>): Actor => c.get('actor')!;

const listRoute = defineRoute({
  method: 'get',
  path: '/api/v1/users',
  tags,
  summary: "List and search the users of your organization (operators: the vendor's users)",
  access: 'users.read',
  request: {
    query: z.strictObject({
      q: z.string().trim().max(200).optional(),
      status: z.enum(['active', 'deactivated']).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    }),
  },
  responses: { 200: json(z.object({ users: z.array(UserSchema), total: z.number().int() }), 'A page of users') },
});

const createRoute = defineRoute({
  method: 'post',
  path: '/api/v1/users',
  tags,
  summary: 'Create a user who gets an invitation link, or a temporary password shown once',
  access: 'users.manage',
  request: {
    body: jsonBody(
      z.strictObject({
        name: NameSchema,
        email: EmailSchema,
        locale: LocaleSchema,
        roles: z.array(RoleGrantSchema).max(8),
        credentials: z.enum(['invitation', 'temporary_password']),
      }),
    ),
  },
  responses: {
    201: json(z.object({ user: UserSchema, temporaryPassword: z.string().nullable() }), 'Created; the temporary password is not shown again'),
  },
});

const getRoute = defineRoute({
  method: 'get',
  path: '/api/v1/users/{id}',
  tags,
  summary: 'One user of your organization',
  access: 'users.read',
  request: { params: IdParam },
  responses: { 200: json(UserSchema, 'The user'), 404: { description: 'No such user in your organization' } },
});

const rolesRoute = defineRoute({
  method: 'put',
  path: '/api/v1/users/{id}/roles',
  tags,
  summary: "Replace a user's roles (only Global admins grant or revoke Global admin)",
  access: 'users.manage',
  request: { params: IdParam, body: jsonBody(z.strictObject({ roles: z.array(RoleGrantSchema).max(8) })) },
  responses: { 200: json(UserSchema, 'Updated; their sessions ended') },
});

const statusRoute = (action: 'deactivate' | 'reactivate') =>
  defineRoute({
    method: 'post',
    path: `/api/v1/users/{id}/${action}`,
    tags,
    summary: action === 'deactivate' ? 'Deactivate a user: their sessions and API tokens end at once' : 'Reactivate a user',
    access: 'users.manage',
    request: { params: IdParam },
    responses: { 200: json(UserSchema, 'Done') },
  });

const resetRoute = defineRoute({
  method: 'post',
  path: '/api/v1/users/{id}/password-reset',
  tags,
  summary: "Reset a user's password: a temporary password shown once, or an emailed link",
  access: 'users.manage',
  request: { params: IdParam, body: jsonBody(z.strictObject({ method: z.enum(['temporary_password', 'email_link']) })) },
  responses: { 200: json(z.object({ temporaryPassword: z.string().nullable() }), 'Reset; their sessions ended') },
});

const mfaResetRoute = defineRoute({
  method: 'post',
  path: '/api/v1/users/{id}/mfa-reset',
  tags,
  summary: "Turn off a user's two-step verification (lost device); their sessions end",
  access: 'users.manage',
  request: { params: IdParam },
  responses: { 200: json(UserSchema, 'Turned off') },
});

const invitationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/users/{id}/invitation',
  tags,
  summary: 'Send a new invitation link to a user who has not accepted theirs',
  access: 'users.manage',
  request: { params: IdParam },
  responses: { 204: noContent },
});

const adminsRoute = defineRoute({
  method: 'get',
  path: '/api/v1/organization/admins',
  tags,
  summary: "Your organization's administrators, to ask for access",
  access: 'authenticated',
  responses: {
    200: json(z.object({ admins: z.array(z.object({ name: z.string(), email: z.string(), roles: z.array(RoleSchema) })) }), 'The admins'),
  },
});

const unlockRoute = defineRoute({
  method: 'post',
  path: '/api/v1/accounts/unlock',
  tags: ['Users'],
  summary: 'Lift the sign-in wait of an account after too many failed attempts (support)',
  access: 'accounts.unlock',
  request: { body: jsonBody(z.strictObject({ email: EmailSchema })) },
  responses: { 200: json(z.object({ clearedAttempts: z.number().int() }), 'Unlocked') },
});

export function userRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(listRoute, async (c) => {
    const result = await listUsers(c.get('ctx'), actorOf(c), c.req.valid('query'));
    return c.json({ users: result.users.map((u) => UserSchema.parse(u)), total: result.total }, 200);
  });
  app.openapi(createRoute, async (c) => {
    const body = c.req.valid('json');
    const result = await createUser(c.get('ctx'), actorOf(c), { ...body, roles: body.roles as RoleGrant[] });
    return c.json({ user: UserSchema.parse(result.user), temporaryPassword: result.temporaryPassword }, 201);
  });
  app.openapi(getRoute, async (c) => c.json(UserSchema.parse(await getUser(c.get('ctx'), actorOf(c), c.req.valid('param').id)), 200));
  app.openapi(rolesRoute, async (c) => {
    const user = await setUserRoles(c.get('ctx'), actorOf(c), c.req.valid('param').id, c.req.valid('json').roles as RoleGrant[]);
    return c.json(UserSchema.parse(user), 200);
  });
  for (const action of ['deactivate', 'reactivate'] as const) {
    app.openapi(statusRoute(action), async (c) => {
      const status = action === 'deactivate' ? 'deactivated' : 'active';
      return c.json(UserSchema.parse(await setUserStatus(c.get('ctx'), actorOf(c), c.req.valid('param').id, status)), 200);
    });
  }
  app.openapi(resetRoute, async (c) => {
    const result = await resetUserPassword(c.get('ctx'), actorOf(c), c.req.valid('param').id, c.req.valid('json').method);
    c.header('Cache-Control', 'no-store');
    return c.json(result, 200);
  });
  app.openapi(mfaResetRoute, async (c) => c.json(UserSchema.parse(await resetUserMfa(c.get('ctx'), actorOf(c), c.req.valid('param').id)), 200));
  app.openapi(invitationRoute, async (c) => {
    await resendInvitation(c.get('ctx'), actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(unlockRoute, async (c) => c.json(await unlockAccount(c.get('ctx'), actorOf(c), c.req.valid('json').email), 200));
  app.openapi(adminsRoute, async (c) => c.json({ admins: await organizationAdmins(c.get('ctx'), actorOf(c)) }, 200));
  return app;
}
