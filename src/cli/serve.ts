import { serve as serveHttp } from '@hono/node-server';
import type { Config } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createApp } from '../http/app.ts';
import { ensureWebBuild, webDist } from '../http/web-build.ts';
import { createLogger } from '../logger.ts';
import { isEmpty, loadDemo } from '../modules/demo/demo.ts';
import { demoPassword, demoSignIns } from '../modules/demo/demo-users.ts';
import { version } from '../version.ts';
import { Encryptor, localKeyRing } from '../security/encryption.ts';
import { createMailTransport, startMailWorker } from '../modules/mail/worker.ts';
import { startHousekeeping } from '../modules/identity/housekeeping.ts';
import type { Output } from './output.ts';
import type { AppContext } from '../http/env.ts';
import { startJobWorker } from '../modules/jobs/queue.ts';
import { dailyTasks, jobHandlers } from '../modules/jobs/handlers.ts';

/** `accrue serve`: migrate, optionally load the demo, build the portal if needed, listen. */
export async function serve(config: Config, options: { demo: boolean; web: boolean; out: Output }): Promise<void> {
  const logger = createLogger(config);
  const db = await openDatabase(config.database, { command: `accrue serve (port ${config.port})` });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    housekeeping.stop();
    await jobWorker.stop();
    await mailWorker.stop();
    await db.close();
    process.exit(0);
  };

  const migrations = await migrateDatabase(db);
  logger.info({ database: db.kind, ...migrations }, 'database migrated');
  const encryptor = new Encryptor(config.encryption ?? localKeyRing(config.dataDir));
  if (options.demo && (await isEmpty(db))) {
    const demo = await loadDemo({ db, config, encryptor, wakeMail: () => {} });
    logger.info(demo, 'demo data loaded');
  }
  if (options.web) await ensureWebBuild(logger);

  const transport = config.mail.smtpUrl ? createMailTransport(config.mail.smtpUrl, config.mail.from) : null;
  const mailWorker = startMailWorker({ db, encryptor, transport, from: config.mail.from, logger });
  const housekeeping = startHousekeeping(db.orm, logger);
  const ctx: AppContext = { config, db, logger, version, encryptor, now: () => new Date(), wakeMail: () => mailWorker.wake(), wakeJobs: () => jobWorker.wake() };
  const jobWorker = startJobWorker(ctx, jobHandlers, { daily: dailyTasks });
  const app = createApp(ctx, options.web ? { webDist } : {});
  const server = serveHttp({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const where = db.kind === 'pglite' ? `embedded, ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL';
  options.out.info(
    [
      '',
      `  Accrue ${version} is running at ${config.baseUrl}`,
      `  Database: ${where}`,
      `  API reference: ${config.baseUrl}/api/docs`,
      ...(options.demo
        ? ['', `  Demo sign-ins (password "${demoPassword}"):`, ...demoSignIns().map((line) => `    ${line}`)]
        : []),
      '',
    ].join('\n'),
  );
}
