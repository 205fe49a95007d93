import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../errors.ts';
import { clientInfo } from '../../http/client.ts';
import type { AppEnv } from '../../http/env.ts';
import { setSessionCookie } from '../../http/middleware/authenticate.ts';
import { defineRoute } from '../../http/route.ts';
import type { Actor } from './actor.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { beginTotpSetup, disableTotp, enableTotp, getOrganizationSecurity, regenerateRecoveryCodes, setOrganizationSecurity } from './mfa.ts';
import { EmailSchema, LocaleSchema, NameSchema, NewPasswordSchema, PermissionSchema, json, jsonBody, noContent } from './schemas.ts';
import {
  acceptInvitation,
  confirmEmailChange,
  describeLink,
  requestEmailChange,
  requestPasswordReset,
  resetPasswordWithToken,
  updateProfile,
} from './self-service.ts';

const actorOf = (c: Context<AppEnv>): Actor => c.get('actor')!;
const sessionOf = (c: Context<AppEnv>) => {
  const session = c.get('session');
  if (!session) throw new AppError('reauthentication_required', 'This needs a browser session; API tokens cannot do it.');
  return session;
};
const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const TokenInBody = z.string().min(20).max(200);

const profile = defineRoute({
  method: 'patch',
  path: '/api/v1/me',
  tags: ['Profile'],
  summary: 'Change your name or language',
  access: 'authenticated',
  request: { body: jsonBody(z.strictObject({ name: NameSchema.optional(), locale: LocaleSchema.optional() })) },
  responses: { 204: noContent },
});

const emailChange = defineRoute({
  method: 'post',
  path: '/api/v1/me/email',
  tags: ['Profile'],
  summary: 'Change your email: a confirmation link goes to the new address',
  access: 'authenticated',
  request: { body: jsonBody(z.strictObject({ email: EmailSchema })) },
  responses: { 202: { description: 'Confirmation sent' } },
});

const totpSetup = defineRoute({
  method: 'post',
  path: '/api/v1/me/mfa/totp/setup',
  tags: ['Two-step verification'],
  summary: 'Start setting up an authenticator app (needs a recent password confirmation)',
  access: 'session',
  responses: { 200: json(z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() }), 'Scan the QR code') },
});

const totpEnable = defineRoute({
  method: 'post',
  path: '/api/v1/me/mfa/totp/enable',
  tags: ['Two-step verification'],
  summary: 'Confirm the app with a first code; returns ten single-use recovery codes, shown once',
  access: 'session',
  request: { body: jsonBody(z.strictObject({ code: z.string().trim().min(6).max(10) })) },
  responses: { 200: json(z.object({ recoveryCodes: z.array(z.string()), stage: z.string() }), 'On') },
});

const totpDisable = defineRoute({
  method: 'delete',
  path: '/api/v1/me/mfa/totp',
  tags: ['Two-step verification'],
  summary: 'Turn off two-step verification (needs a recent confirmation)',
  access: 'authenticated',
  responses: { 204: noContent },
});

const recoveryRegenerate = defineRoute({
  method: 'post',
  path: '/api/v1/me/mfa/recovery-codes',
  tags: ['Two-step verification'],
  summary: 'Replace your recovery codes (needs a recent confirmation)',
  access: 'authenticated',
  responses: { 200: json(z.object({ recoveryCodes: z.array(z.string()) }), 'New codes, shown once') },
});

const ApiTokenSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    permissions: z.array(z.string()),
    expiresAt: iso,
    lastUsedAt: z.date().nullable().transform((d) => d?.toISOString() ?? null).pipe(z.string().nullable()),
    revokedAt: z.date().nullable().transform((d) => d?.toISOString() ?? null).pipe(z.string().nullable()),
    createdAt: iso,
  })
  .openapi('ApiToken');

const tokensList = defineRoute({
  method: 'get',
  path: '/api/v1/me/tokens',
  tags: ['API tokens'],
  summary: 'Your API tokens',
  access: 'authenticated',
  responses: { 200: json(z.object({ tokens: z.array(ApiTokenSchema) }), 'Your tokens (never their secrets)') },
});

const tokensCreate = defineRoute({
  method: 'post',
  path: '/api/v1/me/tokens',
  tags: ['API tokens'],
  summary: 'Create an API token with some of your permissions (needs a recent confirmation); shown once',
  access: 'authenticated',
  request: {
    body: jsonBody(
      z.strictObject({ name: z.string().trim().min(1).max(100), permissions: z.array(PermissionSchema).min(1).max(50), expiresAt: z.iso.datetime() }),
    ),
  },
  responses: { 201: json(z.object({ id: z.uuid(), token: z.string(), prefix: z.string(), expiresAt: z.string() }), 'Created') },
});

const tokensRevoke = defineRoute({
  method: 'delete',
  path: '/api/v1/me/tokens/{id}',
  tags: ['API tokens'],
  summary: 'Revoke one of your API tokens',
  access: 'authenticated',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: noContent },
});

const securityGet = defineRoute({
  method: 'get',
  path: '/api/v1/organization/security',
  tags: ['Organization'],
  summary: "Your organization's security policy",
  access: 'organization.manage_security',
  responses: { 200: json(z.object({ requireMfa: z.boolean() }), 'The policy') },
});

const securityPut = defineRoute({
  method: 'put',
  path: '/api/v1/organization/security',
  tags: ['Organization'],
  summary: 'Require two-step verification of every user of your organization',
  access: 'organization.manage_security',
  request: { body: jsonBody(z.strictObject({ requireMfa: z.boolean() })) },
  responses: { 200: json(z.object({ requireMfa: z.boolean() }), 'The policy') },
});

const LinkInfo = z.object({ email: z.string(), name: z.string(), organizationName: z.string().nullable(), expiresAt: iso });

const forgot = defineRoute({
  method: 'post',
  path: '/api/v1/auth/forgot-password',
  tags: ['Sign-in'],
  summary: 'Email a password reset link (valid 30 minutes); the same answer for unknown addresses',
  access: 'public',
  request: { body: jsonBody(z.strictObject({ email: EmailSchema })) },
  responses: { 202: { description: 'If the address has an account, a link is on its way' } },
});

const linkInfo = (kind: 'invitation' | 'password_reset' | 'email_change', path: string, summary: string) =>
  defineRoute({
    method: 'post',
    path,
    tags: ['Sign-in'],
    summary,
    access: 'public',
    request: { body: jsonBody(z.strictObject({ token: TokenInBody })) },
    responses: { 200: json(LinkInfo, 'The link is valid'), 404: { description: 'Unknown, used or expired' } },
  });

const invitationInfo = linkInfo('invitation', '/api/v1/auth/invitation', 'Who an invitation link is for');
const resetInfo = linkInfo('password_reset', '/api/v1/auth/reset-password/check', 'Whether a reset link is still valid');

const acceptInvitationRoute = defineRoute({
  method: 'post',
  path: '/api/v1/auth/invitation/accept',
  tags: ['Sign-in'],
  summary: 'Accept an invitation by choosing a password; signs you in',
  access: 'public',
  request: { body: jsonBody(z.strictObject({ token: TokenInBody, password: NewPasswordSchema })) },
  responses: { 200: json(z.object({ stage: z.string() }), 'Signed in') },
});

const resetRoute = defineRoute({
  method: 'post',
  path: '/api/v1/auth/reset-password',
  tags: ['Sign-in'],
  summary: 'Set a new password from a reset link; every session ends',
  access: 'public',
  request: { body: jsonBody(z.strictObject({ token: TokenInBody, password: NewPasswordSchema })) },
  responses: { 204: noContent },
});

const confirmEmailRoute = defineRoute({
  method: 'post',
  path: '/api/v1/auth/confirm-email',
  tags: ['Sign-in'],
  summary: 'Confirm a change of email address from the link sent to it',
  access: 'public',
  request: { body: jsonBody(z.strictObject({ token: TokenInBody })) },
  responses: { 200: json(z.object({ email: z.string() }), 'Changed') },
});

export function meRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(profile, async (c) => {
    await updateProfile(c.get('ctx'), actorOf(c), c.req.valid('json'));
    return c.body(null, 204);
  });
  app.openapi(emailChange, async (c) => {
    await requestEmailChange(c.get('ctx'), actorOf(c), c.req.valid('json').email);
    return c.body(null, 202);
  });
  app.openapi(totpSetup, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await beginTotpSetup(c.get('ctx'), sessionOf(c)), 200);
  });
  app.openapi(totpEnable, async (c) => {
    const result = await enableTotp(c.get('ctx'), sessionOf(c), c.req.valid('json').code, clientInfo(c));
    if (result.token) setSessionCookie(c, result.token);
    c.header('Cache-Control', 'no-store');
    return c.json({ recoveryCodes: result.recoveryCodes, stage: result.stage }, 200);
  });
  app.openapi(totpDisable, async (c) => {
    await disableTotp(c.get('ctx'), actorOf(c), c.get('session'));
    return c.body(null, 204);
  });
  app.openapi(recoveryRegenerate, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ recoveryCodes: await regenerateRecoveryCodes(c.get('ctx'), actorOf(c), c.get('session')) }, 200);
  });
  app.openapi(tokensList, async (c) => {
    const tokens = await listApiTokens(c.get('ctx'), actorOf(c));
    return c.json({ tokens: tokens.map((t) => ApiTokenSchema.parse(t)) }, 200);
  });
  app.openapi(tokensCreate, async (c) => {
    const body = c.req.valid('json');
    const created = await createApiToken(c.get('ctx'), actorOf(c), c.get('session'), { ...body, expiresAt: new Date(body.expiresAt) });
    c.header('Cache-Control', 'no-store');
    return c.json({ ...created, expiresAt: created.expiresAt.toISOString() }, 201);
  });
  app.openapi(tokensRevoke, async (c) => {
    await revokeApiToken(c.get('ctx'), actorOf(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
  app.openapi(securityGet, async (c) => c.json(await getOrganizationSecurity(c.get('ctx'), actorOf(c)), 200));
  app.openapi(securityPut, async (c) => c.json(await setOrganizationSecurity(c.get('ctx'), actorOf(c), c.req.valid('json')), 200));

  app.openapi(forgot, async (c) => {
    await requestPasswordReset(c.get('ctx'), c.req.valid('json').email, clientInfo(c));
    return c.body(null, 202);
  });
  app.openapi(invitationInfo, async (c) => c.json(LinkInfo.parse(await describeLink(c.get('ctx'), 'invitation', c.req.valid('json').token)), 200));
  app.openapi(resetInfo, async (c) => c.json(LinkInfo.parse(await describeLink(c.get('ctx'), 'password_reset', c.req.valid('json').token)), 200));
  app.openapi(acceptInvitationRoute, async (c) => {
    const { token, password } = c.req.valid('json');
    const result = await acceptInvitation(c.get('ctx'), token, password, clientInfo(c));
    setSessionCookie(c, result.sessionToken);
    return c.json({ stage: result.stage }, 200);
  });
  app.openapi(resetRoute, async (c) => {
    const { token, password } = c.req.valid('json');
    await resetPasswordWithToken(c.get('ctx'), token, password, clientInfo(c));
    return c.body(null, 204);
  });
  app.openapi(confirmEmailRoute, async (c) => c.json(await confirmEmailChange(c.get('ctx'), c.req.valid('json').token, clientInfo(c)), 200));
  return app;
}
