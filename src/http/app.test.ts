import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import { permissions } from '../modules/identity/permissions.ts';
import { accessExtension } from './route.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/openapi.json');
    expect(res.status).toBe(200);
    const document = await res.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route with the access it requires; none is missing one', async () => {
    t = await createTestApp();
    const document = await (await t.app.request('/api/openapi.json')).json();
    const table: string[] = [];
    for (const [routePath, item] of Object.entries<Record<string, Record<string, unknown>>>(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation[accessExtension], `${method} ${routePath}`).toBeTruthy();
        table.push(`${method.toUpperCase()} ${routePath} ${operation[accessExtension]}`);
      }
    }
    const declarable = new Set<string>(['public', 'session', 'authenticated', ...permissions]);
    expect(table.filter((row) => !declarable.has(row.split(' ')[2]!))).toEqual([]);
    expect(table).toEqual(expect.arrayContaining(['GET /healthz public', 'GET /api/v1/users users.read', 'PUT /api/v1/organization/security organization.manage_security']));
    // Every handler the app registered under /api/v1 or for health is in the document.
    const registered = [...new Set(t.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/v1') || /^\/(healthz|readyz)$/.test(r.path)))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))];
    expect(registered.sort()).toEqual(table.map((row) => row.split(' ').slice(0, 2).join(' ')).sort());
  });

  it('serves the API reference page and its assets from the installed package', async () => {
    t = await createTestApp();
    const page = await t.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await t.app.request('/api/docs/assets/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await t.app.request('/api/docs/init.js')).headers.get('content-type')).toMatch(/javascript/);
  });
});

describe('security headers', () => {
  it('sets a CSP without inline scripts, no framing, nosniff and a referrer policy', async () => {
    t = await createTestApp();
    const res = await t.app.request('/healthz');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('adds HSTS when served over https', async () => {
    t = await createTestApp({ env: { ACCRUE_BASE_URL: 'https://incentives.example.com' } });
    const res = await t.app.request('/healthz');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('gives every response a request id, and keeps a well-formed incoming one', async () => {
    t = await createTestApp();
    const generated = await t.app.request('/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await t.app.request('/healthz', { headers: { 'X-Request-Id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
  });
});

describe('errors as problem+json', () => {
  it('answers an unknown API path with 404 in the reader language', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/nothing-here', { headers: { 'Accept-Language': 'ko-KR' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('content-language')).toBe('ko-KR');
    const body = await res.json();
    expect(body).toMatchObject({
      type: 'urn:accrue:problem:not_found',
      code: 'not_found',
      status: 404,
      title: '찾을 수 없음',
      instance: '/api/v1/nothing-here',
    });
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('follows the language cookie before Accept-Language', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/nothing-here', {
      headers: { 'Accept-Language': 'ko-KR', Cookie: 'accrue_locale=zh-TW' },
    });
    expect((await res.json()).title).toBe('找不到');
  });

  it('refuses a body over 1 MiB with 413', async () => {
    t = await createTestApp();
    const res = await t.app.request('/api/v1/system/status', {
      method: 'POST',
      body: 'x'.repeat(1024 * 1024 + 1),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('payload_too_large');
  });
});

describe('request validation', () => {
  // The production hook and error edge, on a route whose contract has a body and a query.
  async function appWithContract() {
    t = await createTestApp();
    const { validationHook, renderError } = await import('./app.ts');
    const app = new OpenAPIHono<any>({ defaultHook: validationHook as never });
    app.use('*', async (c, next) => {
      c.set('locale', c.req.header('accept-language') === 'zh-TW' ? 'zh-TW' : 'en');
      c.set('requestId', 'r1');
      await next();
    });
    app.openapi(
      {
        method: 'post',
        path: '/things',
        request: {
          query: z.object({ page: z.coerce.number().int().min(1) }),
          body: {
            content: {
              'application/json': {
                schema: z.strictObject({ name: z.string().min(3), kind: z.enum(['a', 'b']) }),
              },
            },
          },
        },
        responses: { 200: { description: 'ok' } },
      } as never,
      ((c: any) => c.json({ ok: true })) as never,
    );
    app.onError((error, c) => renderError(error, c as never, t.ctx.logger));
    return app;
  }

  it('answers 400 naming the field and the rule', async () => {
    const app = await appWithContract();
    const res = await app.request('/things?page=0', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'ok' }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual([{ field: 'query.page', rule: 'too_small', message: 'query.page must be at least 1' }]);
  });

  it('names every failing body field, in the reader language', async () => {
    const app = await appWithContract();
    const res = await app.request('/things?page=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-TW' },
      body: JSON.stringify({ name: 'x', extra: 1 }),
    });
    const body = await res.json();
    expect(body.title).toBe('要求無效');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'body.name', rule: 'too_small_string', message: 'body.name 長度必須至少為 3 個字元' },
        { field: 'body.kind', rule: 'required', message: 'body.kind 為必填' },
        { field: 'body.extra', rule: 'unrecognized_keys', message: 'body.extra 不是已知的欄位' },
      ]),
    );
  });

  it('answers malformed JSON with 400 naming the body', async () => {
    const app = await appWithContract();
    const res = await app.request('/things?page=1', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name": ',
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ field: 'body', rule: 'invalid_json', message: 'body is not valid JSON' }]);
  });

  it('turns an unexpected error into a 500 that reveals nothing', async () => {
    t = await createTestApp();
    const { renderError } = await import('./app.ts');
    const app = new OpenAPIHono<any>();
    app.use('*', async (c, next) => {
      c.set('locale', 'en');
      c.set('requestId', 'r2');
      await next();
    });
    app.get('/boom', () => {
      throw new Error('secret connection string postgres://user:pw@host');
    });
    app.onError((error, c) => renderError(error, c as never, t.ctx.logger));
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toMatchObject({ code: 'internal', detail: 'The error was recorded with request id r2.' });
  });
});

describe('the portal page', () => {
  function fakeBuild(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><html lang="en"><head><meta name="accrue-locale" content="en" /></head><body></body></html>',
    );
    fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    return dir;
  }

  it('answers every app path with the page, in the language the reader asked for', async () => {
    t = await createTestApp({ webDist: fakeBuild() });
    const res = await t.app.request('/operations/system', { headers: { 'Accept-Language': 'zh-TW,zh;q=0.9' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="zh-TW"');
    expect(html).toContain('<meta name="accrue-locale" content="zh-TW"');
    expect(res.headers.get('vary')).toContain('Accept-Language');
  });

  it('serves hashed assets with a long cache, and API 404s stay problems', async () => {
    t = await createTestApp({ webDist: fakeBuild() });
    const asset = await t.app.request('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const api = await t.app.request('/api/v1/unknown');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('does not serve files outside the build', async () => {
    t = await createTestApp({ webDist: fakeBuild() });
    const res = await t.app.request('/assets/..%2f..%2fetc%2fpasswd.js');
    expect(await res.text()).not.toContain('root:');
  });
});
