/** A problem+json answer from the API, with its stable code and the fields that failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors: { field: string; rule: string; message: string }[] = [],
    /** Refused rows of an imported file. */
    readonly rows: { file: string; row: number; column: string | null; rule: string; message: string }[] = [],
  ) {
    super(detail || title);
  }

  /** The message for one field (`body.email` or just `email`), for the input it belongs to. */
  fieldError(field: string): string | undefined {
    const error = this.errors.find((e) => e.field === field || e.field === `body.${field}` || e.field === `query.${field}`);
    return error?.message.replace(/^\S+\s/, '');
  }
}

let csrfToken: string | null = null;
const listeners = new Set<(status: number) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for requests made without `api` (an upload that reports progress). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** An error answer (problem+json, or anything else) as an ApiError. */
export function problemOf(status: number, statusText: string, body: Record<string, unknown> | null): ApiError {
  const error = new ApiError(
    status,
    (body?.code as string) ?? 'unknown',
    (body?.title as string) ?? statusText,
    (body?.detail as string) ?? '',
    (body?.errors as ApiError['errors']) ?? [],
    (body?.rows as ApiError['rows']) ?? [],
  );
  if (status === 401 || ['password_change_required', 'mfa_required'].includes(error.code)) {
    for (const listener of listeners) listener(status);
  }
  return error;
}

/** Called on every 401/403 of a stage, so the session can be refreshed. */
export function onAuthProblem(listener: (status: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function api<T>(
  path: string,
  init: { method?: string; json?: unknown; form?: FormData; yaml?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? (init.json !== undefined || init.form || init.yaml !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  if (init.yaml !== undefined) headers['Content-Type'] = 'text/yaml';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.json !== undefined
      ? { body: JSON.stringify(init.json) }
      : init.form
        ? { body: init.form }
        : init.yaml !== undefined
          ? { body: init.yaml }
          : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw problemOf(response.status, response.statusText, body);
  return (body ?? undefined) as T;
}

/** Kept for pages that only read. */
export const getJson = <T,>(path: string) => api<T>(path);
