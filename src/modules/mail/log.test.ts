import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/client.ts';
import { Encryptor, newKeySpec, parseKeyRing } from '../../security/encryption.ts';
import { getMail, listMail } from './log.ts';
import { enqueueMail } from './outbox.ts';
import { mailOutbox } from './schema.ts';

const encryptor = new Encryptor(parseKeyRing(newKeySpec('test')));

let db: Database;
afterEach(() => db?.close());

async function queueChanged(n: number, email: string) {
  return (await db.orm.transaction((tx) =>
    enqueueMail(tx, encryptor, {
      eventKey: `password_changed:${n}`,
      organizationId: null,
      to: { email, name: `User ${n}`, locale: 'en' },
      template: 'password_changed',
      values: { recipientName: `User ${n}` },
    }),
  ))!;
}

describe('the mail log', () => {
  it('lists newest first, filtered by status and recipient, a page at a time', async () => {
    db = await createTestDatabase();
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) {
      ids.push(await queueChanged(n, n % 2 ? 'Odd@Harbor.example' : 'even@harbor.example'));
      await db.orm.update(mailOutbox).set({ createdAt: new Date(Date.UTC(2026, 0, n)) }).where(eq(mailOutbox.id, ids.at(-1)!));
    }
    await db.orm.update(mailOutbox).set({ status: 'failed', lastError: '550 no such user' }).where(eq(mailOutbox.id, ids[0]!));

    expect((await listMail(db, encryptor)).map((m) => m.id)).toEqual([...ids].reverse());
    expect((await listMail(db, encryptor, { recipient: 'odd@harbor.EXAMPLE' })).map((m) => m.id)).toEqual([ids[2], ids[0]]);
    expect(await listMail(db, encryptor, { status: 'failed' })).toMatchObject([{ id: ids[0], lastError: '550 no such user' }]);
    expect((await listMail(db, encryptor, { limit: 2, offset: 1 })).map((m) => m.id)).toEqual([ids[2], ids[1]]);
    expect((await listMail(db, encryptor))[0]).not.toHaveProperty('text');
  });

  it('shows one mail with both bodies', async () => {
    db = await createTestDatabase();
    const id = await queueChanged(1, 'user@harbor.example');
    const mail = await getMail(db, encryptor, id);
    expect(mail).toMatchObject({ id, status: 'queued', subject: 'Your Accrue password was changed' });
    expect(mail!.text).toContain('Hello User 1,');
    expect(mail!.html).toContain('<html lang="en">');
    expect(await getMail(db, encryptor, randomUUID())).toBeNull();
    expect(await getMail(db, encryptor, 'not-an-id')).toBeNull();
  });

  it('still lists mail whose values cannot be opened with the current keys', async () => {
    db = await createTestDatabase();
    const id = await queueChanged(1, 'user@harbor.example');
    const otherKeys = new Encryptor(parseKeyRing(newKeySpec('other')));
    expect(await listMail(db, otherKeys, { includeBody: true })).toMatchObject([{ id, text: null }]);
    expect(await getMail(db, otherKeys, id)).toMatchObject({ id, text: null, html: null });
  });
});
