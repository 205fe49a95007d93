import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDist = path.join(projectRoot, 'dist', 'web');

/** What the portal is built from: a change to any of these makes the build stale. */
const sources = ['web', 'src/i18n', 'src/modules/money', 'vite.config.ts', 'package.json'];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function webBuildIsCurrent(): boolean {
  const built = fs.statSync(path.join(webDist, 'index.html'), { throwIfNoEntry: false });
  if (!built) return false;
  return sources.every((source) => newestMtime(path.join(projectRoot, source)) <= built.mtimeMs);
}

/**
 * Builds the portal when it is missing or older than its sources, so a fresh clone serves it
 * with no separate build step. Builds beside the old one and swaps, so a running server never
 * sees half a build.
 */
export async function ensureWebBuild(logger: Logger): Promise<void> {
  if (webBuildIsCurrent()) return;
  const started = Date.now();
  logger.info('building the web portal');
  const staging = `${webDist}.build-${process.pid}`;
  const { build } = await import('vite');
  await build({
    configFile: path.join(projectRoot, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: staging, emptyOutDir: true },
  });
  const previous = `${webDist}.old-${process.pid}`;
  if (fs.existsSync(webDist)) fs.renameSync(webDist, previous);
  fs.renameSync(staging, webDist);
  fs.rmSync(previous, { recursive: true, force: true });
  logger.info({ ms: Date.now() - started }, 'web portal built');
}
