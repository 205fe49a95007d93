import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Logger } from '../logger.ts';

/** What every request handler can reach: the process-wide dependencies. */
export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  version: string;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    requestId: string;
    locale: Locale;
    ctx: AppContext;
  };
}
