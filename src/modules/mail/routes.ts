import { OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../errors.ts';
import type { AppEnv } from '../../http/env.ts';
import { defineRoute } from '../../http/route.ts';
import { getMail, listMail, mailStatuses } from './log.ts';
import { resendMail } from './resend.ts';

const iso = z.date().transform((d) => d.toISOString()).pipe(z.string());
const isoOrNull = z.date().nullable().transform((d) => d?.toISOString() ?? null).pipe(z.string().nullable());

const MailEntrySchema = z
  .object({
    id: z.uuid(),
    createdAt: iso,
    sentAt: isoOrNull,
    status: z.enum(mailStatuses),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    recipientEmail: z.string(),
    recipientName: z.string(),
    locale: z.string(),
    template: z.string(),
    subject: z.string(),
  })
  .openapi('MailEntry');

const MailDetailSchema = MailEntrySchema.extend({ text: z.string().nullable(), html: z.string().nullable() }).openapi('MailDetail');

const list = defineRoute({
  method: 'get',
  path: '/api/v1/mail',
  tags: ['Mail log'],
  summary: 'The outgoing mail log (sent, or kept here when no SMTP server is configured)',
  access: 'mail.read',
  request: {
    query: z.strictObject({
      status: z.enum(mailStatuses).optional(),
      recipient: z.string().trim().max(254).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: { 200: { description: 'Newest first', content: { 'application/json': { schema: z.object({ mail: z.array(MailEntrySchema) }) } } } },
});

const detail = defineRoute({
  method: 'get',
  path: '/api/v1/mail/{id}',
  tags: ['Mail log'],
  summary: 'One mail with its text and HTML bodies',
  access: 'mail.read',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 200: { description: 'The mail', content: { 'application/json': { schema: MailDetailSchema } } } },
});

const resend = defineRoute({
  method: 'post',
  path: '/api/v1/mail/{id}/resend',
  tags: ['Mail log'],
  summary: 'Queue a mail again (after a failure, or when the recipient lost it)',
  access: 'mail.resend',
  request: { params: z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Queued' }, 409: { description: 'Already queued' } },
});

export function mailRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(list, async (c) => {
    const { db, encryptor } = c.get('ctx');
    const mail = await listMail(db, encryptor, c.req.valid('query'));
    return c.json({ mail: mail.map((m) => MailEntrySchema.parse(m)) }, 200);
  });
  app.openapi(detail, async (c) => {
    const { db, encryptor } = c.get('ctx');
    const mail = await getMail(db, encryptor, c.req.valid('param').id);
    if (!mail) throw AppError.notFound('mail');
    c.header('Cache-Control', 'no-store');
    return c.json(MailDetailSchema.parse(mail), 200);
  });
  app.openapi(resend, async (c) => {
    await resendMail(c.get('ctx'), c.get('actor')!, c.req.valid('param').id);
    return c.body(null, 204);
  });
  return app;
}
