import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import type { Database } from '../../db/client.ts';
import { Encryptor, newKeySpec, parseKeyRing } from '../../security/encryption.ts';
import { enqueueMail, renderStored, type MailRequest } from './outbox.ts';
import { mailOutbox } from './schema.ts';

const encryptor = new Encryptor(parseKeyRing(newKeySpec('test')));
const token = 'tok_Zx81kPq0aLm2';

function resetMail(eventKey = 'password_reset:1'): MailRequest {
  return {
    eventKey,
    organizationId: null,
    to: { email: 'mina@harbor.example', name: 'Mina Park', locale: 'en' },
    template: 'password_reset',
    values: { recipientName: 'Mina Park', link: `https://accrue.example/reset/${token}`, validMinutes: 30 },
  };
}

let db: Database;
afterEach(() => db?.close());

describe('enqueueMail', () => {
  it('writes nothing when the transaction rolls back', async () => {
    db = await createTestDatabase();
    await expect(
      db.orm.transaction(async (tx) => {
        await enqueueMail(tx, encryptor, resetMail());
        tx.rollback();
      }),
    ).rejects.toThrow();
    expect(await db.orm.select().from(mailOutbox)).toEqual([]);
  });

  it('queues one mail per event key', async () => {
    db = await createTestDatabase();
    const first = await db.orm.transaction((tx) => enqueueMail(tx, encryptor, resetMail()));
    const second = await db.orm.transaction((tx) => enqueueMail(tx, encryptor, resetMail()));
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBeNull();
    const rows = await db.orm.select().from(mailOutbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first,
      status: 'queued',
      attempts: 0,
      recipientEmail: 'mina@harbor.example',
      locale: 'en',
      template: 'password_reset',
      subject: 'Reset your Accrue password',
    });
  });

  it('keeps the values sealed: no token in the clear', async () => {
    db = await createTestDatabase();
    await db.orm.transaction((tx) => enqueueMail(tx, encryptor, resetMail()));
    const rows = await db.query<Record<string, unknown>>('select * from mail_outbox');
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.payload).toMatch(/^v1\.test\./);
    expect(renderStored(encryptor, rows[0] as never).text).toContain(`https://accrue.example/reset/${token}`);
  });

  it('refuses values the template cannot render', async () => {
    db = await createTestDatabase();
    const bad = resetMail();
    if (bad.template === 'password_reset') bad.values.link = 'javascript:alert(1)';
    await expect(db.orm.transaction((tx) => enqueueMail(tx, encryptor, bad))).rejects.toThrow(/http/);
    expect(await db.orm.select().from(mailOutbox)).toEqual([]);
  });
});
