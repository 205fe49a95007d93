export const exitCodes = { ok: 0, refused: 1, usage: 2 } as const;

/** What a command prints: human text, or with --json one JSON document on stdout. */
export interface Output {
  readonly json: boolean;
  /** Set by a command that ran but whose answer is a failure (exit status 1), as `accrue check` finding a broken invariant. */
  failed: boolean;
  result(data: unknown, text: string): void;
  info(text: string): void;
  error(code: string, message: string, details?: unknown): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    failed: false,
    result(data, text) {
      process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${text}\n`);
    },
    info(text) {
      if (!json) process.stdout.write(`${text}\n`);
    },
    error(code, message, details) {
      if (json) {
        process.stdout.write(`${JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } })}\n`);
      }
      process.stderr.write(`accrue: ${message}\n`);
    },
  };
}
