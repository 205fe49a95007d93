import { OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { clientInfo } from '../../http/client.ts';
import type { AppEnv } from '../../http/env.ts';
import { clearSessionCookie, setSessionCookie } from '../../http/middleware/authenticate.ts';
import { defineRoute } from '../../http/route.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.ts';
import { organizations } from '../partners/schema.ts';
import { accountActor } from './actor.ts';
import { changeOwnPassword, completeSecondFactor, reauthenticate, signIn } from './auth.ts';
import { loadActor } from './load-actor.ts';
import { users } from './schema.ts';
import { SessionSchema, EmailSchema, json, jsonBody, NewPasswordSchema, noContent } from './schemas.ts';
import { csrfTokenFor, endSession, findSession } from './sessions.ts';

const signedOut = { signedIn: false, stage: null, csrfToken: null, user: null, organization: null, roles: [], permissions: [] };

/** What the portal needs to know about the caller after each step of signing in. */
async function sessionView(c: Context<AppEnv>, token: string | null) {
  const ctx = c.get('ctx');
  if (!token) return SessionSchema.parse(signedOut);
  const session = await findSession(ctx.db.orm, token, ctx.now());
  if (!session) return SessionSchema.parse(signedOut);
  const [user] = await ctx.db.orm.select().from(users).where(eq(users.id, session.userId));
  if (!user) return SessionSchema.parse(signedOut);
  const [org] = user.organizationId
    ? await ctx.db.orm
        .select({ id: organizations.id, partnerId: organizations.partnerId, legalName: organizations.legalName })
        .from(organizations)
        .where(eq(organizations.id, user.organizationId))
    : [];
  const loaded = session.stage === 'active' ? await loadActor(ctx.db.orm, user.id, clientInfo(c)) : null;
  return SessionSchema.parse({
    signedIn: true,
    stage: session.stage,
    csrfToken: csrfTokenFor(token),
    user: { id: user.id, email: user.email, name: user.name, locale: user.locale, mfaEnabled: user.totpEnabledAt !== null },
    organization: org ?? null,
    roles: loaded?.actor.roles ?? [],
    permissions: [...(loaded?.actor.permissions ?? [])].sort(),
  });
}

function currentSession(c: Context<AppEnv>) {
  const session = c.get('session');
  if (!session) throw new AppError('unauthenticated', 'Sign in to continue.');
  return session;
}

const tags = ['Sign-in'];

const getSession = defineRoute({
  method: 'get',
  path: '/api/v1/auth/session',
  tags,
  summary: 'Who is signed in on this browser, the sign-in step owed, and the CSRF token',
  access: 'public',
  responses: { 200: json(SessionSchema, 'The session, or signedIn false') },
});

const postSignIn = defineRoute({
  method: 'post',
  path: '/api/v1/auth/sign-in',
  tags,
  summary: 'Sign in with email and password',
  description: 'Unknown accounts and wrong passwords get the same answer. After 10 failures in 15 minutes further attempts wait.',
  access: 'public',
  request: { body: jsonBody(z.strictObject({ email: EmailSchema, password: z.string().min(1).max(1024) })) },
  responses: {
    200: json(SessionSchema, 'Signed in; `stage` says what is still owed'),
    401: { description: 'Wrong email or password' },
    429: { description: 'Too many attempts' },
  },
});

const postMfa = defineRoute({
  method: 'post',
  path: '/api/v1/auth/mfa',
  tags,
  summary: 'Finish signing in with a TOTP code or a recovery code',
  access: 'session',
  request: { body: jsonBody(z.strictObject({ code: z.string().trim().min(6).max(40) })) },
  responses: { 200: json(SessionSchema, 'Verified'), 401: { description: 'Wrong code' } },
});

const postPassword = defineRoute({
  method: 'post',
  path: '/api/v1/auth/password',
  tags,
  summary: 'Change your own password (also the forced change after a temporary password)',
  access: 'session',
  request: {
    body: jsonBody(z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: NewPasswordSchema })),
  },
  responses: { 200: json(SessionSchema, 'Changed; other sessions ended') },
});

const postReauthenticate = defineRoute({
  method: 'post',
  path: '/api/v1/auth/reauthenticate',
  tags,
  summary: 'Confirm your password (and code) before a sensitive action; valid 10 minutes',
  access: 'authenticated',
  request: {
    body: jsonBody(z.strictObject({ password: z.string().min(1).max(1024), code: z.string().trim().max(40).optional() })),
  },
  responses: { 204: noContent },
});

const postSignOut = defineRoute({
  method: 'post',
  path: '/api/v1/auth/sign-out',
  tags,
  summary: 'Sign out of this browser',
  access: 'session',
  responses: { 204: noContent },
});

export function authRoutes() {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(getSession, async (c) => {
    const session = c.get('session');
    c.header('Cache-Control', 'no-store');
    return c.json(await sessionView(c, session?.token ?? null), 200);
  });

  app.openapi(postSignIn, async (c) => {
    const result = await signIn(c.get('ctx'), c.req.valid('json'), clientInfo(c));
    setSessionCookie(c, result.token);
    return c.json(await sessionView(c, result.token), 200);
  });

  app.openapi(postMfa, async (c) => {
    const result = await completeSecondFactor(c.get('ctx'), currentSession(c), c.req.valid('json').code, clientInfo(c));
    setSessionCookie(c, result.token);
    return c.json(await sessionView(c, result.token), 200);
  });

  app.openapi(postPassword, async (c) => {
    const result = await changeOwnPassword(c.get('ctx'), currentSession(c), c.req.valid('json'), clientInfo(c));
    setSessionCookie(c, result.token);
    return c.json(await sessionView(c, result.token), 200);
  });

  app.openapi(postReauthenticate, async (c) => {
    await reauthenticate(c.get('ctx'), currentSession(c), c.req.valid('json'), clientInfo(c));
    return c.body(null, 204);
  });

  app.openapi(postSignOut, async (c) => {
    const session = currentSession(c);
    const { db } = c.get('ctx');
    const client = clientInfo(c);
    const [user] = await db.orm.select({ email: users.email }).from(users).where(eq(users.id, session.userId));
    await db.orm.transaction(async (tx) => {
      await endSession(tx, session.tokenHash);
      await recordAudit(tx, accountActor({ id: session.userId, email: user?.email ?? session.userId, organizationId: session.organizationId }, client), {
        action: 'auth.sign_out',
        organizationId: session.organizationId,
        targetType: 'user',
        targetId: session.userId,
      });
    });
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  return app;
}
