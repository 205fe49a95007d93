import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AppEnv } from './env.ts';

/**
 * The built portal: hashed assets cached for a year, every other GET outside /api answered
 * with the single page, its `lang` set to the reader's language before the script runs.
 */
export function webRoutes(distDir: string): Hono<AppEnv> {
  const web = new Hono<AppEnv>();
  const indexPath = path.join(distDir, 'index.html');
  let template: { html: string; mtimeMs: number } | null = null;

  const page = (): string => {
    const mtimeMs = fs.statSync(indexPath).mtimeMs;
    if (!template || template.mtimeMs !== mtimeMs) {
      template = { html: fs.readFileSync(indexPath, 'utf8'), mtimeMs };
    }
    return template.html;
  };

  web.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  // Files have an extension in their last segment; every other path is a page of the app.
  const files = serveStatic({ root: distDir });
  web.use('*', (c, next) => (/\.[^/]+$/.test(c.req.path) ? files(c, next) : next()));

  web.get('*', (c) => {
    const locale = c.get('locale');
    const html = page()
      .replace(/<html lang="[^"]*"/, `<html lang="${locale}"`)
      .replace(/<meta name="accrue-locale" content="[^"]*"/, `<meta name="accrue-locale" content="${locale}"`);
    c.header('Cache-Control', 'no-cache');
    c.header('Vary', 'Accept-Language, Cookie');
    c.header('Content-Language', locale);
    return c.html(html);
  });
  return web;
}

export function hasWebBuild(distDir: string): boolean {
  return fs.existsSync(path.join(distDir, 'index.html'));
}
