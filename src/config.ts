import path from 'node:path';
import { z } from 'zod';
import { checkBic, checkIban, type Check } from './modules/profiles/validators.ts';
import { parseKeyRing, type KeyRing } from './security/encryption.ts';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be between 1 and 65535' })
  .max(65535, { error: 'must be between 1 and 65535' });

/** A string checked by one of the bank-detail validators, normalized on success. */
const checked = (check: (raw: string) => Check) =>
  z.string().transform((raw, ctx) => {
    const result = check(raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });

/** Every environment variable Accrue reads. `.env.example` lists the same names. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  ACCRUE_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .optional(),
  ACCRUE_DATA_DIR: z.string().min(1).default('.accrue'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATABASE_POOL_MAX: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(200, { error: 'must be at most 200' })
    .default(10),
  ACCRUE_ENCRYPTION_KEY: z.string().optional(),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' })
    .optional(),
  MAIL_FROM: z.string().min(3).default('Accrue <no-reply@localhost>'),
  ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(10, { error: 'must be at least 10' })
    .max(100_000, { error: 'must be at most 100000' })
    .default(100),
  ACCRUE_IMPORT_MAX_MB: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(16_384, { error: 'must be at most 16384' })
    .default(1024),
  ACCRUE_PAYER_NAME: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(70, { error: 'must be at most 70 characters (the longest name a SEPA file carries)' })
    .default('Accrue demo vendor'),
  ACCRUE_PAYER_IBAN: checked((raw) => checkIban(raw, raw.trim().slice(0, 2).toUpperCase())).default('DE89370400440532013000'),
  ACCRUE_PAYER_BIC: checked(checkBic).default('COBADEFFXXX'),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(', ')}` }).default('info'),
});

/** Variables whose values must never be echoed back, even in an error message. */
const secretVariables = new Set(['DATABASE_URL', 'ACCRUE_ENCRYPTION_KEY', 'SMTP_URL']);

export type Env = z.infer<typeof envSchema>;

export type DatabaseConfig =
  /** `dataDir` is Accrue's data directory; the database files live in its `pgdata/`. */
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolMax: number };

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  baseUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: Env['LOG_LEVEL'];
  /** Keys for encryption at rest: from ACCRUE_ENCRYPTION_KEY, else a key file in the data directory. */
  encryption: KeyRing | null;
  mail: { smtpUrl: string | null; from: string };
  /** Sign-in attempts (and, a fifth of it, reset requests) one address may make in 15 minutes. */
  signInLimitPerAddress: number;
  /** The largest billing or FX file the portal and API accept for import, in bytes. */
  importMaxBytes: number;
  /** The vendor's account the payout files debit: the debtor of the SEPA credit transfer. */
  payer: { name: string; iban: string; bic: string };
  /** Cookies are `Secure` unless the portal is plain http on localhost. */
  secureCookies: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      'The configuration is not valid:\n' +
        problems.map((p) => `  ${p.variable} ${p.message}`).join('\n') +
        '\nFix the environment variable(s) named above and start again (see .env.example).',
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once at start; a bad value stops the start naming the variable. */
export function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  overrides: { port?: number } = {},
): Config {
  const raw = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment');
        const value = raw[variable];
        const shown =
          value === undefined || secretVariables.has(variable) ? '' : ` (got "${value}")`;
        return { variable, message: `${issue.message}${shown}` };
      }),
    );
  }
  const env = parsed.data;
  // The demo payer is a placeholder account: a production server must say whose account it pays from.
  if (env.NODE_ENV === 'production') {
    const unset = ['ACCRUE_PAYER_NAME', 'ACCRUE_PAYER_IBAN', 'ACCRUE_PAYER_BIC'].filter((variable) => raw[variable] === undefined);
    if (unset.length) {
      throw new ConfigError(unset.map((variable) => ({ variable, message: 'must be set when NODE_ENV is production: the demo payer account is only for trying Accrue out' })));
    }
  }
  let encryption: KeyRing | null = null;
  if (env.ACCRUE_ENCRYPTION_KEY) {
    try {
      encryption = parseKeyRing(env.ACCRUE_ENCRYPTION_KEY);
    } catch (error) {
      throw new ConfigError([{ variable: 'ACCRUE_ENCRYPTION_KEY', message: (error as Error).message }]);
    }
  }
  const portNumber = overrides.port ?? env.PORT;
  const dataDir = path.resolve(env.ACCRUE_DATA_DIR);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: portNumber,
    baseUrl: (env.ACCRUE_BASE_URL ?? `http://localhost:${portNumber}`).replace(/\/$/, ''),
    dataDir,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir },
    logLevel: env.LOG_LEVEL,
    encryption,
    mail: { smtpUrl: env.SMTP_URL ?? null, from: env.MAIL_FROM },
    signInLimitPerAddress: env.ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS,
    importMaxBytes: env.ACCRUE_IMPORT_MAX_MB * 1024 * 1024,
    payer: { name: env.ACCRUE_PAYER_NAME, iban: env.ACCRUE_PAYER_IBAN, bic: env.ACCRUE_PAYER_BIC },
    secureCookies: !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(
      (env.ACCRUE_BASE_URL ?? `http://localhost:${portNumber}`).replace(/\/$/, ''),
    ),
  };
}

/** The variables and their meaning, for `.env.example` and `accrue --help`. */
export const configVariableNames = Object.keys(envSchema.shape) as (keyof Env)[];
