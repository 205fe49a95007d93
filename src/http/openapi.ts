import type { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import swaggerUi from 'swagger-ui-dist';
import type { AppEnv } from './env.ts';

export const openApiPath = '/api/openapi.json';

export function registerOpenApi(app: OpenAPIHono<AppEnv>, version: string): void {
  app.doc31(openApiPath, {
    openapi: '3.1.0',
    info: {
      title: 'Accrue API',
      version,
      description:
        'The REST API of Accrue, the partner incentives center. Errors are ' +
        '`application/problem+json` (RFC 9457) with a stable `code`. Each operation names the ' +
        'access it requires in `x-accrue-access`.',
    },
    servers: [{ url: '/' }],
  });
}

const referencePage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accrue API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>`;

const initScript = `window.ui = SwaggerUIBundle({ url: ${JSON.stringify(openApiPath)}, dom_id: '#swagger-ui', deepLinking: true });`;

/** The API reference page, from the npm-installed Swagger UI (no CDN). */
export function apiReferenceRoutes(): Hono<AppEnv> {
  const docs = new Hono<AppEnv>();
  const assetsRoot = swaggerUi.getAbsoluteFSPath();
  docs.get('/', (c) => c.html(referencePage));
  docs.get('/init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(initScript);
  });
  docs.use(
    '/assets/*',
    serveStatic({
      root: assetsRoot,
      rewriteRequestPath: (p) => p.replace(/^\/api\/docs\/assets/, ''),
    }),
  );
  return docs;
}
