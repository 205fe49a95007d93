import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Locale } from '../i18n/locales.ts';
import type { Logger } from '../logger.ts';
import type { Encryptor } from '../security/encryption.ts';
import type { Actor } from '../modules/identity/actor.ts';
import type { SessionRecord } from '../modules/identity/sessions.ts';

/** What every request handler can reach: the process-wide dependencies. */
export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  version: string;
  encryptor: Encryptor;
  /** The time, injectable so tests control it. */
  now: () => Date;
  /** Asks the mail worker to look at the outbox now rather than at its next poll. */
  wakeMail: () => void;
  /** Asks the job worker to look for due jobs now (after a job was queued and committed). */
  wakeJobs: () => void;
}

/** Hono's per-request variables. */
export interface AppEnv {
  Variables: {
    requestId: string;
    locale: Locale;
    ctx: AppContext;
    /** The signed-in user (session or API token), or null. */
    actor: Actor | null;
    /** The browser session, when the request came with one. */
    session: (SessionRecord & { token: string }) | null;
  };
}
