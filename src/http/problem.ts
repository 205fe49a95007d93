import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AppError, type ErrorCode, errorStatus, type FieldError } from '../errors.ts';
import { hasMessage, translate } from '../i18n/catalogs.ts';
import { defaultLocale, type Locale } from '../i18n/locales.ts';
import type { AppEnv } from './env.ts';

/** Where a validated value came from, as the field path names it. */
const targetName: Record<string, string> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  cookie: 'cookie',
};

/** Zod issues as field errors with a stable rule name and the values a message needs. */
export function fieldErrorsFromZod(error: ZodError, target: string, input?: unknown): FieldError[] {
  const prefix = targetName[target] ?? target;
  const fields: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const raw = issue as unknown as Record<string, unknown>;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields.push({ field: `${base}.${key}`, rule: 'unrecognized_keys', message: issue.message });
      }
      continue;
    }
    let rule: string = issue.code;
    const params: Record<string, string | number> = {};
    if (issue.path.length > 0 && valueAt(input, issue.path) === undefined) {
      fields.push({ field: base, rule: 'required', message: 'is required' });
      continue;
    }
    if (issue.code === 'invalid_type') {
      params.expected = String(raw.expected);
    } else if (issue.code === 'too_small' || issue.code === 'too_big') {
      const limit = issue.code === 'too_small' ? 'minimum' : 'maximum';
      params[limit] = String(raw[limit]);
      if (raw.origin === 'string') rule = `${issue.code}_string`;
    } else if (issue.code === 'invalid_format') {
      params.format = String(raw.format);
    } else if (issue.code === 'invalid_value') {
      params.values = (raw.values as unknown[]).map(String).join(', ');
    } else if (issue.code === 'not_multiple_of') {
      params.divisor = String(raw.divisor);
    } else if (issue.code === 'custom' && typeof issue.params?.rule === 'string') {
      // A refinement that names its rule (and the values its message needs) in `params`.
      const { rule: named, ...values } = issue.params as Record<string, string | number>;
      rule = String(named);
      Object.assign(params, values);
    }
    fields.push({ field: base, rule, message: issue.message, params });
  }
  return fields;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance: string;
  requestId: string;
  errors?: { field: string; rule: string; message: string }[];
  rows?: { file: string; row: number; column: string | null; rule: string; message: string }[];
}

function localizedRule(locale: Locale, field: FieldError): string {
  const key = `errors:rule.${field.rule}`;
  return hasMessage(locale, key) ? translate(locale, key, field.params ?? {}) : field.message;
}

/**
 * RFC 9457 problem details in the reader's language, with a stable `code`. The detail is the
 * error's own catalog message, else the generic one for its code, else its English message.
 */
export function problemBody(c: Context<AppEnv>, error: AppError): ProblemBody {
  const locale = c.get('locale') ?? defaultLocale;
  const requestId = c.get('requestId') ?? '';
  const fields = error.details.fields;
  const values = { requestId, count: fields?.length ?? 0, ...(error.details.params ?? {}) };
  const detailKey = [error.details.messageKey, `errors:detail.${error.code}`].find(
    (key): key is string => key !== undefined && hasMessage(locale, key),
  );
  return {
    type: `urn:accrue:problem:${error.code}`,
    title: translate(locale, `errors:title.${error.code}`),
    status: error.status,
    code: error.code,
    detail: detailKey ? translate(locale, detailKey, values) : error.message,
    instance: c.req.path,
    requestId,
    ...(error.details.rows ? { rows: error.details.rows } : {}),
    ...(fields
      ? {
          errors: fields.map((f) => ({
            field: f.field,
            rule: f.rule,
            message: `${f.field} ${localizedRule(locale, f)}`,
          })),
        }
      : {}),
  };
}

export function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  return c.body(JSON.stringify(problemBody(c, error)), error.status as 400, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Language': c.get('locale') ?? defaultLocale,
  });
}

const codeByStatus = new Map<number, ErrorCode>(
  Object.entries(errorStatus).map(([code, status]) => [status as number, code as ErrorCode]),
);

/** Any thrown value as an AppError: ours as they are, Hono's by status, the rest as internal. */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) return { appError: error, unexpected: false };
  if (error instanceof HTTPException) {
    if (error.status === 400 && /JSON/i.test(error.message)) {
      return {
        appError: AppError.validation([{ field: 'body', rule: 'invalid_json', message: 'is not valid JSON' }]),
        unexpected: false,
      };
    }
    const code = codeByStatus.get(error.status);
    if (code && error.status < 500) return { appError: new AppError(code, error.message), unexpected: false };
  }
  return { appError: new AppError('internal', 'Internal error.'), unexpected: true };
}
