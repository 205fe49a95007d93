import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { localeCookie, resolveLocale } from '../../i18n/locales.ts';
import type { AppEnv } from '../env.ts';

/** The reader's language: their own setting, then the switcher's cookie, then Accept-Language. */
export function detectLocale(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set(
      'locale',
      resolveLocale({
        chosen: getCookie(c, localeCookie),
        acceptLanguage: c.req.header('accept-language'),
      }),
    );
    await next();
  };
}
