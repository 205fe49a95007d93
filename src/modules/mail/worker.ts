import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Database } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import type { Encryptor } from '../../security/encryption.ts';
import { startPolling, type Poller } from '../../polling.ts';
import { renderStored } from './outbox.ts';
import { mailOutbox } from './schema.ts';

/** What the worker needs of a nodemailer transport (tests may pass their own). */
export type MailTransport = Pick<Transporter, 'sendMail'>;

export const maxAttempts = 8;
/** How long a claimed row is reserved for the worker that claimed it; longer than any send. */
export const leaseMs = 5 * 60_000;

/** 30 s after the first failure, doubling, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 60 * 60_000);
}

/** The SMTP transport for `SMTP_URL`, with timeouts well inside the lease. */
export function createMailTransport(smtpUrl: string, from: string): Transporter {
  return nodemailer.createTransport(
    { url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 },
    { from },
  );
}

/** The same for every attempt of a row, so a resend after a crash is recognisable as one. */
export function messageIdFor(mailId: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'accrue.invalid';
  return `<${mailId}@${domain}>`;
}

export interface DeliveryDeps {
  db: Database;
  encryptor: Encryptor;
  /** Null without SMTP_URL: due mail is kept in the mail log instead of sent. */
  transport: MailTransport | null;
  from: string;
  logger: Logger;
}

export interface DeliveryOptions extends DeliveryDeps {
  /** The time, fixed or read at each step (the default: the system clock at each step). */
  now?: Date | (() => Date);
  batchSize?: number;
}

export interface DeliveryResult {
  sent: number;
  logged: number;
  retried: number;
  failed: number;
}

/**
 * One pass over due mail. Each row is claimed with a lease (`select … for update skip locked`,
 * then `locked_until`), so concurrent workers never take the same row; a worker that dies
 * mid-send leaves the lease to expire, and the row is sent again with the same Message-ID.
 */
export async function deliverDueMail(options: DeliveryOptions): Promise<DeliveryResult> {
  const { db, transport, logger } = options;
  const fixed = options.now;
  const clock = typeof fixed === 'function' ? fixed : () => fixed ?? new Date();
  const batchSize = options.batchSize ?? 20;
  const result: DeliveryResult = { sent: 0, logged: 0, retried: 0, failed: 0 };

  if (!transport) {
    const rows = await logDue(db, clock(), batchSize);
    for (const row of rows) {
      logger.info({ mailId: row.id, template: row.template }, 'mail kept in the mail log (no SMTP_URL)');
    }
    return { ...result, logged: rows.length };
  }

  for (let i = 0; i < batchSize; i++) {
    // One row at a time, so each lease starts when its own send does.
    const row = await claimOne(db, clock());
    if (!row) break;
    let failure: unknown = null;
    try {
      const rendered = renderStored(options.encryptor, row);
      await transport.sendMail({
        from: options.from,
        to: { name: row.recipientName, address: row.recipientEmail },
        subject: row.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: messageIdFor(row.id, options.from),
        headers: { 'Content-Language': row.locale, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      failure = error;
    }
    const attempts = row.attempts + 1;
    if (failure === null) {
      await db.orm
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: clock(), attempts, lockedUntil: null, lastError: null })
        .where(eq(mailOutbox.id, row.id));
      result.sent++;
      logger.info({ mailId: row.id, template: row.template }, 'mail sent');
      continue;
    }
    const gaveUp = attempts >= maxAttempts;
    const lastError = describeError(failure);
    await db.orm
      .update(mailOutbox)
      .set({
        status: gaveUp ? 'failed' : 'queued',
        attempts,
        nextAttemptAt: new Date(clock().getTime() + retryDelayMs(attempts)),
        lockedUntil: null,
        lastError,
      })
      .where(eq(mailOutbox.id, row.id));
    if (gaveUp) result.failed++;
    else result.retried++;
    logger.warn(
      { mailId: row.id, template: row.template, attempts, error: lastError },
      gaveUp ? 'mail not sent; giving up' : 'mail not sent; will retry',
    );
  }
  return result;
}

function dueRows(db: Database, now: Date, limit: number) {
  return db.orm
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.status, 'queued'),
        lte(mailOutbox.nextAttemptAt, now),
        or(isNull(mailOutbox.lockedUntil), lte(mailOutbox.lockedUntil, now)),
      ),
    )
    .orderBy(mailOutbox.nextAttemptAt, mailOutbox.createdAt)
    .limit(limit)
    .for('update', { skipLocked: true });
}

async function logDue(db: Database, now: Date, limit: number) {
  return db.orm
    .update(mailOutbox)
    .set({ status: 'logged', lockedUntil: null })
    .where(inArray(mailOutbox.id, dueRows(db, now, limit)))
    .returning({ id: mailOutbox.id, template: mailOutbox.template });
}

async function claimOne(db: Database, now: Date) {
  const [row] = await db.orm
    .update(mailOutbox)
    .set({ lockedUntil: new Date(now.getTime() + leaseMs) })
    .where(inArray(mailOutbox.id, dueRows(db, now, 1)))
    .returning();
  return row ?? null;
}

/** The error's message only, without credentials of a URL, bounded. */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cleaned = message
    .replace(/\b(smtps?:\/\/)[^@\s/]*@/gi, '$1[redacted]@')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.slice(0, 500) || 'unknown error';
}

export type MailWorker = Poller;

/** Polls for due mail every `intervalMs` (2 s), and at once after `wake()`. */
export function startMailWorker(
  deps: DeliveryDeps & { intervalMs?: number; batchSize?: number; now?: () => Date },
): MailWorker {
  const batchSize = deps.batchSize ?? 20;
  return startPolling(
    async () => {
      const result = await deliverDueMail({ ...deps, batchSize, now: deps.now ?? (() => new Date()) });
      // A full batch means more may be due: go again without waiting.
      return result.sent + result.logged + result.retried + result.failed >= batchSize;
    },
    deps.intervalMs ?? 2_000,
    (error) => deps.logger.error({ error: describeError(error) }, 'mail delivery pass failed'),
  );
}
