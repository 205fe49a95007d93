import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Encryptor } from '../../security/encryption.ts';
import { renderStored } from './outbox.ts';
import { mailOutbox } from './schema.ts';

export const mailStatuses = ['queued', 'sent', 'logged', 'failed'] as const;
export type MailStatus = (typeof mailStatuses)[number];

export interface MailEntry {
  id: string;
  createdAt: Date;
  sentAt: Date | null;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  recipientEmail: string;
  recipientName: string;
  locale: string;
  template: string;
  subject: string;
  /** The text body (links included: the log is where operators find them without SMTP). */
  text?: string | null;
}

export interface MailDetail extends MailEntry {
  /** Null when the sealed values cannot be opened (e.g. the key was removed from the ring). */
  text: string | null;
  html: string | null;
}

export interface MailLogQuery {
  status?: MailStatus;
  /** A recipient address, matched without regard to case. */
  recipient?: string;
  limit?: number;
  offset?: number;
  includeBody?: boolean;
}

const columns = {
  id: mailOutbox.id,
  createdAt: mailOutbox.createdAt,
  sentAt: mailOutbox.sentAt,
  status: mailOutbox.status,
  attempts: mailOutbox.attempts,
  lastError: mailOutbox.lastError,
  recipientEmail: mailOutbox.recipientEmail,
  recipientName: mailOutbox.recipientName,
  locale: mailOutbox.locale,
  template: mailOutbox.template,
  subject: mailOutbox.subject,
  payload: mailOutbox.payload,
};

type Row = Omit<MailEntry, 'status' | 'text'> & { status: string; payload: string };

/** The mail log, newest first. */
export async function listMail(db: Database, encryptor: Encryptor, query: MailLogQuery = {}): Promise<MailEntry[]> {
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(mailOutbox.status, query.status));
  if (query.recipient) filters.push(sql`lower(${mailOutbox.recipientEmail}) = ${query.recipient.trim().toLowerCase()}`);
  const rows = await db.orm
    .select(columns)
    .from(mailOutbox)
    .where(and(...filters))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(Math.min(Math.max(query.limit ?? 50, 1), 1000))
    .offset(Math.max(query.offset ?? 0, 0));
  return rows.map((row) => {
    const entry = entryOf(row);
    return query.includeBody ? { ...entry, text: tryRender(encryptor, row)?.text ?? null } : entry;
  });
}

/** One mail with its text and HTML bodies, or null when there is no such mail. */
export async function getMail(db: Database, encryptor: Encryptor, id: string): Promise<MailDetail | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [row] = await db.orm.select(columns).from(mailOutbox).where(eq(mailOutbox.id, id));
  if (!row) return null;
  const rendered = tryRender(encryptor, row);
  return { ...entryOf(row), text: rendered?.text ?? null, html: rendered?.html ?? null };
}

function entryOf({ payload: _sealed, ...row }: Row): MailEntry {
  return { ...row, status: row.status as MailStatus };
}

function tryRender(encryptor: Encryptor, row: Row) {
  try {
    return renderStored(encryptor, row);
  } catch {
    return null;
  }
}
