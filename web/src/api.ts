/** A problem+json answer from the API, with its stable code and the fields that failed. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly errors: { field: string; rule: string; message: string }[] = [],
  ) {
    super(title);
  }
}

export async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { Accept: 'application/json', ...(init.headers ?? {}) },
    credentials: 'same-origin',
  });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, body?.code ?? 'unknown', body?.detail ?? body?.title ?? response.statusText, body?.errors ?? []);
  }
  return body as T;
}
