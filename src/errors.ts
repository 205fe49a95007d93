/**
 * The one error type of the application. Use cases throw it; the HTTP edge renders it as
 * `application/problem+json` and the command line as a message and an exit status.
 */
export const errorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  reauthentication_required: 403,
  password_change_required: 403,
  mfa_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  not_ready: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** A field that failed a rule: `field` is a dotted path such as `body.email` or `query.page`. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
  /** Values the localized message needs (limits, allowed values). */
  params?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: {
      fields?: FieldError[];
      /** Refused rows of an imported file (the first 1,000). */
      rows?: { file: string; row: number; column: string | null; rule: string; message: string }[];
      /** A catalog key (`area:key`) for the message in the reader's language, and its values. */
      messageKey?: string;
      params?: Record<string, string | number>;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorStatus[code];
  }

  static notFound(what = 'resource'): AppError {
    return new AppError('not_found', `No such ${what}.`);
  }

  static validation(fields: FieldError[]): AppError {
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new AppError('validation_failed', `The request is not valid: ${summary}`, { fields });
  }
}
