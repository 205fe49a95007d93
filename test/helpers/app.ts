import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import { createApp, type AppOptions } from '../../src/http/app.ts';
import type { AppContext } from '../../src/http/env.ts';
import { createLogger } from '../../src/logger.ts';
import { version } from '../../src/version.ts';
import { createTestDatabase } from './db.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  ctx: AppContext;
  close(): Promise<void>;
}

/** The real application on a fresh database, called in process with `app.request`. */
export async function createTestApp(options: AppOptions & { env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...options.env });
  const ctx: AppContext = { config, db, logger: createLogger(config), version };
  const app = createApp(ctx, options);
  return { app, db, ctx, close: () => db.close() };
}
