import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { createApp, type AppOptions } from '../../src/http/app.ts';
import type { AppContext } from '../../src/http/env.ts';
import { createLogger } from '../../src/logger.ts';
import { Encryptor, newKeySpec, parseKeyRing } from '../../src/security/encryption.ts';
import { version } from '../../src/version.ts';
import { createTestDatabase } from './db.ts';

/** A clock tests move by hand. */
export class TestClock {
  constructor(private current = new Date('2026-11-20T09:00:00Z')) {}
  now = (): Date => new Date(this.current);
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  ctx: AppContext;
  clock: TestClock;
  close(): Promise<void>;
}

/** The real application on a fresh database, called in process with `app.request`. */
export async function createTestApp(options: AppOptions & { env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ACCRUE_ENCRYPTION_KEY: newKeySpec('test'), ...options.env });
  const clock = new TestClock();
  const ctx: AppContext = {
    config,
    db,
    logger: createLogger(config),
    version,
    encryptor: new Encryptor(config.encryption ?? parseKeyRing(newKeySpec('test'))),
    now: clock.now,
    wakeMail: () => {},
    wakeJobs: () => {},
  };
  const app = createApp(ctx, options);
  return { app, db, ctx, clock, close: () => db.close() };
}
