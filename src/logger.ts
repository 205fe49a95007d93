import pino from 'pino';
import type { Config } from './config.ts';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout. Credentials and personal data are redacted by path. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'accrue' },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'email',
        '*.email',
        'headers.authorization',
        'headers.cookie',
        'iban',
        '*.iban',
        'accountNumber',
        '*.accountNumber',
        'taxId',
        '*.taxId',
        'databaseUrl',
      ],
      censor: '[redacted]',
    },
  });
}
