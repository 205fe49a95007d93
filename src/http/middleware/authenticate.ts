import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../errors.ts';
import { authenticateApiToken } from '../../modules/identity/api-tokens.ts';
import { loadActor } from '../../modules/identity/load-actor.ts';
import { csrfTokenFor, findSession, sessionPolicy } from '../../modules/identity/sessions.ts';
import { isLocale } from '../../i18n/locales.ts';
import { safeEqual } from '../../security/tokens.ts';
import { clientInfo } from '../client.ts';
import type { AppEnv } from '../env.ts';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(secure: boolean): string {
  // The __Host- prefix pins the cookie to this origin and path; browsers allow it only when Secure.
  return secure ? '__Host-accrue_session' : 'accrue_session';
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const secure = c.get('ctx').config.secureCookies;
  setCookie(c, sessionCookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: sessionPolicy.absoluteHours * 3600,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const secure = c.get('ctx').config.secureCookies;
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure });
}

function sameOrigin(c: Context<AppEnv>): boolean {
  const claimed = c.req.header('origin') ?? refererOrigin(c.req.header('referer'));
  if (!claimed) return false;
  const allowed = new Set([new URL(c.get('ctx').config.baseUrl).origin, new URL(c.req.url).origin]);
  return allowed.has(claimed);
}

function refererOrigin(referer: string | undefined): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/**
 * Finds who is calling: an API token (`Authorization: Bearer`) or the session cookie. A
 * state-changing request that relies on the cookie must come from our own origin and carry the
 * session's CSRF token in `X-CSRF-Token`.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.get('ctx');
    c.set('actor', null);
    c.set('session', null);
    const client = clientInfo(c);

    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const resolved = match ? await authenticateApiToken(ctx, match[1]!, client) : null;
      if (!resolved) throw new AppError('unauthenticated', 'The API token is not valid, has expired or was revoked.');
      c.set('actor', resolved);
      if (isLocale(resolved.locale)) c.set('locale', resolved.locale);
      return next();
    }

    const cookieName = sessionCookieName(ctx.config.secureCookies);
    const token = getCookie(c, cookieName);
    const unsafe = unsafeMethods.has(c.req.method);
    if (unsafe && (token !== undefined || c.req.header('origin') !== undefined) && !sameOrigin(c)) {
      throw new AppError('forbidden', 'The request did not come from this site.');
    }
    if (token) {
      const session = await findSession(ctx.db.orm, token, ctx.now());
      if (!session) {
        clearSessionCookie(c);
      } else {
        if (unsafe) {
          const sent = c.req.header('x-csrf-token') ?? '';
          if (!safeEqual(sent, csrfTokenFor(token))) {
            throw new AppError('forbidden', 'The request is missing its CSRF token; reload the page and try again.');
          }
        }
        c.set('session', { ...session, token });
        if (session.stage === 'active') {
          const loaded = await loadActor(ctx.db.orm, session.userId, client);
          c.set('actor', loaded?.actor ?? null);
          if (isLocale(loaded?.user.locale)) c.set('locale', loaded.user.locale);
        }
      }
    }
    return next();
  };
}
