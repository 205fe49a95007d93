import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { auditRoutes } from '../modules/audit/routes.ts';
import { importRoutes } from '../modules/billing/routes.ts';
import { adjustmentRoutes } from '../modules/earnings/adjustment-routes.ts';
import { calculationRoutes } from '../modules/earnings/calculation-routes.ts';
import { authRoutes } from '../modules/identity/auth-routes.ts';
import { mailRoutes } from '../modules/mail/routes.ts';
import { partnerEditRoutes } from '../modules/partners/edit-routes.ts';
import { partnerRoutes } from '../modules/partners/routes.ts';
import { programRoutes } from '../modules/programs/routes.ts';
import { enrollmentRoutes } from '../modules/enrollments/routes.ts';
import { earningsRoutes } from '../modules/earnings/routes.ts';
import { partnerPaymentRoutes } from '../modules/payments/partner-routes.ts';
import { paymentRunRoutes } from '../modules/payments/run-routes.ts';
import { taxProfileRoutes } from '../modules/profiles/tax-routes.ts';
import { paymentRoutes } from '../modules/profiles/payment-routes.ts';
import { payoutRoutes } from '../modules/profiles/payout-routes.ts';
import { meRoutes } from '../modules/identity/me-routes.ts';
import { userRoutes } from '../modules/identity/user-routes.ts';
import { systemRoutes } from '../modules/system/routes.ts';
import type { AppContext, AppEnv } from './env.ts';
import { authenticate } from './middleware/authenticate.ts';
import { detectLocale } from './middleware/locale.ts';
import { requestLog } from './middleware/request-log.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { apiReferenceRoutes, registerOpenApi } from './openapi.ts';
import { fieldErrorsFromZod, problemResponse, toAppError } from './problem.ts';
import { accessExtension } from './route.ts';
import { hasWebBuild, webRoutes } from './web.ts';

const fileUploadPath = /^\/api\/v1\/imports\/(billing|fx)$/;
// A bank's answer to a payout file has a limit of its own (run-routes.ts).
const bankResultsPath = /^\/api\/v1\/payment-runs\/[^/]+\/bank-results$/;

export interface AppOptions {
  /** The built portal to serve; omitted in API-only tests. */
  webDist?: string;
}

/** A schema failure anywhere in a request: 400 naming every field and rule. */
export const validationHook = (
  result: { success: boolean; error?: unknown; target: string; data?: unknown },
): void => {
  if (!result.success) {
    throw AppError.validation(fieldErrorsFromZod(result.error as never, result.target, result.data));
  }
};

export function createApp(ctx: AppContext, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  app.use('*', async (c, next) => {
    c.set('ctx', ctx);
    await next();
  });
  app.use('*', requestLog(ctx.logger));
  app.use('*', securityHeaders(ctx.config));
  app.use('*', detectLocale());
  const apiBodyLimit = bodyLimit({
    maxSize: 1024 * 1024,
    onError: () => {
      throw new AppError('payload_too_large', 'The request body is larger than 1 MiB.');
    },
  });
  // Billing and FX files stream into the database under a limit of their own (ACCRUE_IMPORT_MAX_MB).
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && (fileUploadPath.test(c.req.path) || bankResultsPath.test(c.req.path)) ? next() : apiBodyLimit(c, next)));

  // Static files need no caller; everything else learns who is calling (and checks CSRF).
  const caller = authenticate();
  app.use('*', (c, next) => (/^\/(assets|api\/docs)\//.test(c.req.path) ? next() : caller(c, next)));

  app.route('/', systemRoutes());
  app.route('/', authRoutes());
  app.route('/', userRoutes());
  app.route('/', meRoutes());
  app.route('/', auditRoutes());
  app.route('/', mailRoutes());
  app.route('/', partnerRoutes());
  app.route('/', partnerEditRoutes());
  app.route('/', programRoutes());
  app.route('/', enrollmentRoutes());
  app.route('/', taxProfileRoutes());
  app.route('/', paymentRoutes());
  app.route('/', payoutRoutes());
  app.route('/', importRoutes());
  app.route('/', calculationRoutes());
  app.route('/', adjustmentRoutes());
  app.route('/', earningsRoutes());
  app.route('/', partnerPaymentRoutes());
  app.route('/', paymentRunRoutes());

  registerOpenApi(app, ctx.version);
  app.route('/api/docs', apiReferenceRoutes());
  assertEveryRouteDeclaresAccess(app);

  app.all('/api/*', () => {
    throw AppError.notFound();
  });
  if (options.webDist && hasWebBuild(options.webDist)) app.route('/', webRoutes(options.webDist));

  app.notFound((c) => problemResponse(c, AppError.notFound()));
  app.onError((error, c) => renderError(error, c, ctx.logger));
  return app;
}

/** The one place errors become responses; unexpected ones are logged and reveal nothing. */
export function renderError(error: unknown, c: Context<AppEnv>, logger: Logger): Response {
  const { appError, unexpected } = toAppError(error);
  if (unexpected) logger.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
  return problemResponse(c, appError);
}

/** A route without a declared access does not start. */
function assertEveryRouteDeclaresAccess(app: OpenAPIHono<AppEnv>): void {
  const document = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: '', version: '' } });
  for (const [routePath, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {})) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      if (!(accessExtension in operation)) {
        throw new Error(`Route ${method.toUpperCase()} ${routePath} declares no access`);
      }
    }
  }
}
