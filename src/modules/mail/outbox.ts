import { randomUUID } from 'node:crypto';
import type { Orm } from '../../db/client.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import type { Encryptor } from '../../security/encryption.ts';
import { mailOutbox } from './schema.ts';
import {
  isTemplateName,
  renderMail,
  type RenderedMail,
  type TemplateMail,
  type TemplateName,
  type TemplateValues,
} from './templates.ts';

export interface Recipient {
  email: string;
  name: string;
  locale: Locale;
}

/** One mail to queue; `values` is typed by `template`. */
export type MailRequest = {
  [T in TemplateName]: {
    /** The event that causes the mail, e.g. `invitation:<id>`; a second request for it is ignored. */
    eventKey: string;
    organizationId: string | null;
    to: Recipient;
    template: T;
    values: TemplateValues[T];
  };
}[TemplateName];

/**
 * Queues a mail in the caller's transaction (pass the transaction, not the database), so the mail
 * exists exactly when the change that causes it is committed. The values are sealed, since links
 * carry tokens. Returns the new row's id, or null when the event already has its mail.
 */
export async function enqueueMail(tx: Pick<Orm, 'insert'>, encryptor: Encryptor, input: MailRequest): Promise<string | null> {
  if (input.eventKey.trim() === '') throw new Error('A mail needs an event key');
  if (!input.to.email.includes('@')) throw new Error('A mail needs a recipient address');
  if (!isLocale(input.to.locale)) throw new Error(`Not a supported locale: "${String(input.to.locale)}"`);
  const mail = { template: input.template, values: input.values } as TemplateMail;
  // Rendering now also refuses bad values (a link that is not http(s), a date that is not one).
  const { subject } = renderMail(mail, input.to.locale);
  const rows = await tx
    .insert(mailOutbox)
    .values({
      id: randomUUID(),
      organizationId: input.organizationId,
      eventKey: input.eventKey,
      recipientEmail: input.to.email,
      recipientName: input.to.name,
      locale: input.to.locale,
      template: input.template,
      subject,
      payload: encryptor.seal(JSON.stringify(input.values)),
    })
    .onConflictDoNothing({ target: mailOutbox.eventKey })
    .returning({ id: mailOutbox.id });
  return rows[0]?.id ?? null;
}

/** Renders a stored row again from its sealed values; throws when they cannot be opened. */
export function renderStored(
  encryptor: Encryptor,
  row: { template: string; locale: string; payload: string },
): RenderedMail {
  if (!isTemplateName(row.template)) throw new Error(`Unknown mail template "${row.template}"`);
  if (!isLocale(row.locale)) throw new Error(`Not a supported locale: "${row.locale}"`);
  const values: unknown = JSON.parse(encryptor.open(row.payload));
  if (typeof values !== 'object' || values === null) throw new Error('The mail payload is not an object');
  return renderMail({ template: row.template, values } as TemplateMail, row.locale);
}
