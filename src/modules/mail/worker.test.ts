import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { startSmtpServer, type TestSmtpServer } from '../../../test/helpers/smtp.ts';
import type { Database } from '../../db/client.ts';
import type { Locale } from '../../i18n/locales.ts';
import { createLogger } from '../../logger.ts';
import { Encryptor, newKeySpec, parseKeyRing } from '../../security/encryption.ts';
import { listMail } from './log.ts';
import { enqueueMail } from './outbox.ts';
import { mailOutbox } from './schema.ts';
import {
  createMailTransport,
  deliverDueMail,
  leaseMs,
  maxAttempts,
  startMailWorker,
  type DeliveryDeps,
} from './worker.ts';

const encryptor = new Encryptor(parseKeyRing(newKeySpec('test')));
const logger = createLogger({ logLevel: 'silent' });
const from = 'Accrue <no-reply@accrue.example>';
const link = (n: number | string) => `https://accrue.example/invite/tok_${n}`;

let db: Database;
let smtp: TestSmtpServer | null = null;
const transports: { close(): void }[] = [];
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await smtp?.close();
  smtp = null;
  await db?.close();
});

function queueInvitation(n: number | string, locale: Locale = 'en') {
  return db.orm.transaction((tx) =>
    enqueueMail(tx, encryptor, {
      eventKey: `invitation:${n}`,
      organizationId: null,
      to: { email: `user${n}@harbor.example`, name: `User ${n}`, locale },
      template: 'invitation',
      values: {
        recipientName: `User ${n}`,
        organizationName: 'Harbor Telecom',
        inviterName: 'Jun Lee',
        link: link(n),
        expiresAt: '2026-09-14T08:30:00.000Z',
      },
    }),
  );
}

async function smtpDeps(options: { rejecting?: string } = {}): Promise<DeliveryDeps> {
  smtp = await startSmtpServer(options);
  const transport = createMailTransport(smtp.url, from);
  transports.push(transport);
  return { db, encryptor, transport, from, logger };
}

const soon = () => new Date(Date.now() + 1_000);
const rowOf = async (id: string) => (await db.orm.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0]!;

describe('mail delivery through SMTP', () => {
  const expected: Record<Locale, { subject: string; text: string }> = {
    en: { subject: 'You are invited to join Harbor Telecom on Accrue', text: 'Accept the invitation' },
    'zh-TW': { subject: '邀請您加入 Accrue 上的 Harbor Telecom', text: '接受邀請' },
    'ko-KR': { subject: 'Accrue의 Harbor Telecom에 초대되었습니다', text: '초대 수락' },
  };

  for (const locale of ['en', 'zh-TW', 'ko-KR'] as const) {
    it(`sends in the recipient's language: ${locale}`, async () => {
      db = await createTestDatabase();
      const deps = await smtpDeps();
      const id = (await queueInvitation(1, locale))!;
      expect(await deliverDueMail({ ...deps, now: soon() })).toEqual({ sent: 1, logged: 0, retried: 0, failed: 0 });

      const mail = await smtp!.waitFor(() => true);
      expect(mail.to).toEqual(['user1@harbor.example']);
      expect(mail.from).toBe('no-reply@accrue.example');
      expect(mail.subject).toBe(expected[locale].subject);
      expect(mail.text).toContain(expected[locale].text);
      expect(mail.text).toContain(link(1));
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(mail.headers.get('content-language')).toBe(locale);
      expect(mail.messageId).toBe(`<${id}@accrue.example>`);
      expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 1, lockedUntil: null, lastError: null });
      expect((await rowOf(id)).sentAt).toBeInstanceOf(Date);

      expect(await deliverDueMail({ ...deps, now: soon() })).toEqual({ sent: 0, logged: 0, retried: 0, failed: 0 });
      expect(smtp!.messages).toHaveLength(1);
    });
  }

  it('retries with backoff and gives up after the last attempt', async () => {
    db = await createTestDatabase();
    const deps = await smtpDeps({ rejecting: 'Mailbox unavailable' });
    const id = (await queueInvitation(1))!;
    let now = soon();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const result = await deliverDueMail({ ...deps, now });
      const row = await rowOf(id);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toContain('Mailbox unavailable');
      if (attempt === maxAttempts) {
        expect(result.failed).toBe(1);
        expect(row.status).toBe('failed');
        break;
      }
      expect(result.retried).toBe(1);
      expect(row.status).toBe('queued');
      delays.push(row.nextAttemptAt.getTime() - now.getTime());
      // Not due a moment before its time.
      const early = await deliverDueMail({ ...deps, now: new Date(row.nextAttemptAt.getTime() - 1) });
      expect(early).toEqual({ sent: 0, logged: 0, retried: 0, failed: 0 });
      now = row.nextAttemptAt;
    }
    expect(delays).toEqual([30, 60, 120, 240, 480, 960, 1920].map((s) => s * 1000));
    expect(smtp!.messages).toHaveLength(0);
    expect(await deliverDueMail({ ...deps, now: new Date(now.getTime() + 86_400_000) })).toMatchObject({ retried: 0, failed: 0 });
  });

  it('sends a mail again after a crash mid-send, with the same Message-ID, once its lease expires', async () => {
    db = await createTestDatabase();
    const deps = await smtpDeps();
    const id = (await queueInvitation(1))!;
    const crashedAt = soon();
    // A worker claimed the row and died before it could record the outcome.
    await db.orm.update(mailOutbox).set({ lockedUntil: new Date(crashedAt.getTime() + leaseMs) }).where(eq(mailOutbox.id, id));
    expect((await deliverDueMail({ ...deps, now: crashedAt })).sent).toBe(0);
    expect((await deliverDueMail({ ...deps, now: new Date(crashedAt.getTime() + leaseMs) })).sent).toBe(1);
    expect((await smtp!.waitFor(() => true)).messageId).toBe(`<${id}@accrue.example>`);
  });

  it('never sends a row twice from two concurrent workers', async () => {
    db = await createTestDatabase();
    const deps = await smtpDeps();
    const other = createMailTransport(smtp!.url, from);
    transports.push(other);
    for (let n = 1; n <= 12; n++) await queueInvitation(n);
    const now = soon();
    const [a, b] = await Promise.all([
      deliverDueMail({ ...deps, now, batchSize: 12 }),
      deliverDueMail({ ...deps, transport: other, now, batchSize: 12 }),
    ]);
    expect(a.sent + b.sent).toBe(12);
    expect(smtp!.messages).toHaveLength(12);
    expect(new Set(smtp!.messages.map((m) => m.messageId)).size).toBe(12);
    const rows = await db.orm.select().from(mailOutbox);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('runs as a polling worker that can be woken and stopped', async () => {
    db = await createTestDatabase();
    const deps = await smtpDeps();
    let passes = 0;
    // The first pass sees nothing due; only wake() can start a second one within the interval.
    const now = () => (passes++ === 0 ? new Date(0) : soon());
    const worker = startMailWorker({ ...deps, intervalMs: 60_000, now });
    try {
      await queueInvitation(1);
      await vi.waitFor(() => expect(passes).toBe(1));
      worker.wake();
      const mail = await smtp!.waitFor((m) => m.to.includes('user1@harbor.example'));
      expect(mail.text).toContain(link(1));
    } finally {
      await worker.stop();
    }
  });
});

describe('mail without SMTP', () => {
  it('keeps due mail in the mail log, where the link can be read', async () => {
    db = await createTestDatabase();
    const id = (await queueInvitation(7, 'ko-KR'))!;
    const deps: DeliveryDeps = { db, encryptor, transport: null, from, logger };
    expect(await deliverDueMail({ ...deps, now: soon() })).toEqual({ sent: 0, logged: 1, retried: 0, failed: 0 });
    expect(await deliverDueMail({ ...deps, now: soon() })).toEqual({ sent: 0, logged: 0, retried: 0, failed: 0 });

    const [entry] = await listMail(db, encryptor, { includeBody: true });
    expect(entry).toMatchObject({
      id,
      status: 'logged',
      attempts: 0,
      sentAt: null,
      recipientEmail: 'user7@harbor.example',
      locale: 'ko-KR',
      template: 'invitation',
      subject: 'Accrue의 Harbor Telecom에 초대되었습니다',
    });
    expect(entry!.text).toContain(link(7));
  });
});
