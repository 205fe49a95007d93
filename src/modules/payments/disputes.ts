import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { recordAudit } from '../audit/audit.ts';
import { pairAccess } from '../enrollments/access.ts';
import { scopeAndFilters, type EarningsReader } from '../earnings/reader.ts';
import type { Actor } from '../identity/actor.ts';
import { enqueueMail } from '../mail/outbox.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { disputeText, disputeView, disputeWindow, type DisputeRow, type DisputeView } from './dispute-rules.ts';
import { paymentDisputes, type DisputeStatus, type PaymentStatus } from './schema.ts';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

function conflict(message: string, key: string, params?: Record<string, string | number>): AppError {
  return new AppError('conflict', message, { messageKey: `payouts:error.${key}`, ...(params ? { params } : {}) });
}

function checkText(text: string, field: string): string {
  const value = text.trim();
  if (value.length < disputeText.min) {
    throw AppError.validation([{ field, rule: 'too_small_string', message: `must be at least ${disputeText.min} characters long`, params: { minimum: disputeText.min } }]);
  }
  if (value.length > disputeText.max) {
    throw AppError.validation([{ field, rule: 'too_big_string', message: `must be at most ${disputeText.max} characters long`, params: { maximum: disputeText.max } }]);
  }
  return value;
}

/** The partner's payment `id`, locked, if the reader may see it; with its pair, for the actor's right to act on it. */
async function lockedPayment(tx: Tx, reader: EarningsReader, id: string) {
  const [payment] = rowsOf<{ organization_id: string; location_id: string; program_code: string; status: PaymentStatus; sent_on: string | null; sent_at: Date | string | null }>(
    await tx.execute(sql`select p.organization_id, p.location_id, pr.code as program_code, p.status::text as status, to_char(p.sent_on, 'YYYY-MM-DD') as sent_on,
        (select max(ev.at) from payment_events ev where ev.organization_id = p.organization_id and ev.payment_id = p.id and ev.status = 'sent') as sent_at
       from payments p join programs pr on pr.id = p.program_id
      where p.id = ${id} and p.status <> 'discarded' and ${scopeAndFilters(reader, {}, 'p')}
      for update of p`),
  );
  if (!payment) throw AppError.notFound('payment');
  return payment;
}

/** Only an Incentive admin of the pair (or a Global admin) acts on its payments; readers are refused. */
function requireManage(actor: Actor, pair: { location_id: string; program_code: string }): void {
  if (pairAccess(actor, pair.location_id, pair.program_code) !== 'manage') {
    throw new AppError('forbidden', 'Only an Incentive admin of this location and program can do this.');
  }
}

/**
 * An Incentive admin disputes a Sent payment within 30 days of its sending (dispute-rules.ts),
 * one dispute at a time per payment. Audited as `dispute.opened`.
 */
export async function openDispute(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, reader: EarningsReader, paymentId: string, message: string): Promise<DisputeView> {
  const text = checkText(message, 'body.message');
  return ctx.db.orm.transaction(async (tx) => {
    const payment = await lockedPayment(tx, reader, paymentId);
    requireManage(actor, payment);
    const [active] = rowsOf<{ id: string }>(
      await tx.execute(sql`select id from payment_disputes where organization_id = ${payment.organization_id} and payment_id = ${paymentId} and status <> 'closed'`),
    );
    const now = ctx.now();
    const window = disputeWindow({ status: payment.status, sentOn: payment.sent_on, sentAt: payment.sent_at === null ? null : new Date(payment.sent_at) }, active !== undefined, now);
    if (window.refusal === 'not_sent') throw conflict('Only a Sent payment can be disputed.', 'disputeNotSent');
    if (window.refusal === 'expired') throw conflict(`A payment can be disputed within 30 days of being sent; this one until ${window.until}.`, 'disputeExpired', { until: window.until! });
    if (window.refusal === 'active_dispute') throw conflict('This payment already has a dispute that is not closed.', 'disputeActive');
    const id = randomUUID();
    const [row] = await tx
      .insert(paymentDisputes)
      .values({ organizationId: payment.organization_id, id, paymentId, status: 'open', message: text, openedByUserId: actor.userId!, openedBy: actor.label, openedAt: now })
      .returning();
    await recordAudit(tx, actor, { action: 'dispute.opened', organizationId: payment.organization_id, targetType: 'payment_dispute', targetId: id, after: { paymentId, status: 'open', message: text } });
    return disputeView(toRow(row!), reader.operator);
  });
}

function toRow(row: typeof paymentDisputes.$inferSelect): DisputeRow {
  return {
    id: row.id,
    payment_id: row.paymentId,
    status: row.status,
    message: row.message,
    opened_by: row.openedBy,
    opened_at: row.openedAt,
    answer: row.answer,
    answered_by: row.answeredBy,
    answered_at: row.answeredAt,
    closed_by: row.closedBy,
    closed_at: row.closedAt,
  };
}

/** The partner closes its dispute, answered or not (withdrawn). Audited as `dispute.closed`. */
export async function closeDispute(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, reader: EarningsReader, disputeId: string): Promise<DisputeView> {
  return ctx.db.orm.transaction(async (tx) => {
    const [found] = rowsOf<DisputeRow & { organization_id: string; location_id: string; program_code: string }>(
      await tx.execute(sql`select d.*, p.location_id, pr.code as program_code
         from payment_disputes d
         join payments p on p.organization_id = d.organization_id and p.id = d.payment_id
         join programs pr on pr.id = p.program_id
        where d.id = ${disputeId} and ${scopeAndFilters(reader, {}, 'p')}
        for update of d`),
    );
    if (!found) throw AppError.notFound('dispute');
    requireManage(actor, found);
    if (found.status === 'closed') throw conflict('This dispute is already closed.', 'disputeClosed');
    const now = ctx.now();
    const [row] = await tx
      .update(paymentDisputes)
      .set({ status: 'closed', closedByUserId: actor.userId, closedBy: actor.label, closedAt: now })
      .where(sql`${paymentDisputes.organizationId} = ${found.organization_id} and ${paymentDisputes.id} = ${disputeId}`)
      .returning();
    await recordAudit(tx, actor, {
      action: 'dispute.closed',
      organizationId: found.organization_id,
      targetType: 'payment_dispute',
      targetId: disputeId,
      before: { status: found.status },
      after: { status: 'closed', paymentId: found.payment_id },
    });
    return disputeView(toRow(row!), reader.operator);
  });
}

/** A dispute as operators work on it: with its partner and payment. */
export interface OperatorDispute extends DisputeView {
  partner: { partnerId: string; legalName: string };
  payment: {
    id: string;
    cycle: string;
    status: PaymentStatus;
    location: { locationId: string; name: string };
    program: { code: string; name: string };
    payoutCurrency: string;
    gross: string;
    withholding: string;
    net: string;
    sentOn: string | null;
  };
}

type OperatorRow = DisputeRow & {
  partner_id: string;
  legal_name: string;
  cycle: string;
  payment_status: PaymentStatus;
  location_code: string;
  location_name: string;
  program_code: string;
  program_names: ProgramFile['name'];
  payout_currency: string;
  gross: string;
  withholding: string;
  net: string;
  sent_on: string | null;
};

const operatorSelect = sql`select d.*, o.partner_id, o.legal_name, to_char(p.cycle, 'YYYY-MM') as cycle, p.status::text as payment_status,
    l.location_id as location_code, l.name as location_name, pr.code as program_code, pv.definition->'name' as program_names,
    p.payout_currency, p.gross::text as gross, p.withholding::text as withholding, p.net::text as net, to_char(p.sent_on, 'YYYY-MM-DD') as sent_on
   from payment_disputes d
   join organizations o on o.id = d.organization_id
   join payments p on p.organization_id = d.organization_id and p.id = d.payment_id
   join locations l on l.organization_id = p.organization_id and l.id = p.location_id
   join programs pr on pr.id = p.program_id
   join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version`;

function operatorView(row: OperatorRow, locale: Locale): OperatorDispute {
  return {
    ...disputeView(row, true),
    partner: { partnerId: row.partner_id, legalName: row.legal_name },
    payment: {
      id: row.payment_id,
      cycle: row.cycle,
      status: row.payment_status,
      location: { locationId: row.location_code, name: row.location_name },
      program: { code: row.program_code, name: row.program_names[locale] ?? row.program_names.en },
      payoutCurrency: row.payout_currency,
      gross: row.gross,
      withholding: row.withholding,
      net: row.net,
      sentOn: row.sent_on,
    },
  };
}

/** Every organization's disputes: open ones oldest first (the queue), then answered and closed ones newest first. */
export async function listDisputes(ctx: Pick<AppContext, 'db'>, locale: Locale, query: { status?: DisputeStatus | undefined; offset: number; limit: number }) {
  const where = query.status ? sql`d.status = ${query.status}` : sql`true`;
  const rows = rowsOf<OperatorRow>(
    await ctx.db.orm.execute(sql`${operatorSelect} where ${where}
       order by case d.status when 'open' then 0 when 'answered' then 1 else 2 end,
                case when d.status = 'open' then d.opened_at end asc, d.opened_at desc, d.id
       limit ${query.limit} offset ${query.offset}`),
  );
  const [count] = rowsOf<{ n: number }>(await ctx.db.orm.execute(sql`select count(*)::int as n from payment_disputes d where ${where}`));
  return { disputes: rows.map((r) => operatorView(r, locale)), total: count?.n ?? 0, offset: query.offset, limit: query.limit };
}

export async function getDispute(ctx: Pick<AppContext, 'db'>, locale: Locale, id: string, tx: Pick<Orm, 'execute'> = ctx.db.orm): Promise<OperatorDispute> {
  const [row] = rowsOf<OperatorRow>(await tx.execute(sql`${operatorSelect} where d.id = ${id}`));
  if (!row) throw AppError.notFound('dispute');
  return operatorView(row, locale);
}

/**
 * An operator answers an open dispute: it becomes Answered, is audited as `dispute.answered`, and
 * the partner user who opened it (if still active) is mailed the answer in their language.
 */
export async function answerDispute(ctx: AppContext, actor: Actor, locale: Locale, id: string, answer: string): Promise<OperatorDispute> {
  const text = checkText(answer, 'body.answer');
  const result = await ctx.db.orm.transaction(async (tx) => {
    const [found] = rowsOf<{ organization_id: string; status: DisputeStatus; opened_by_user_id: string; payment_id: string }>(
      await tx.execute(sql`select organization_id, status::text as status, opened_by_user_id, payment_id from payment_disputes where id = ${id} for update`),
    );
    if (!found) throw AppError.notFound('dispute');
    if (found.status !== 'open') throw conflict('Only an open dispute can be answered.', 'disputeNotOpen');
    await tx
      .update(paymentDisputes)
      .set({ status: 'answered', answer: text, answeredByUserId: actor.userId, answeredBy: actor.label, answeredAt: ctx.now() })
      .where(sql`${paymentDisputes.organizationId} = ${found.organization_id} and ${paymentDisputes.id} = ${id}`);
    await recordAudit(tx, actor, {
      action: 'dispute.answered',
      organizationId: found.organization_id,
      targetType: 'payment_dispute',
      targetId: id,
      before: { status: 'open' },
      after: { status: 'answered', paymentId: found.payment_id, answer: text },
    });
    const dispute = await getDispute(ctx, locale, id, tx);
    await mailOpener(ctx, tx, dispute, found.opened_by_user_id, found.organization_id);
    return dispute;
  });
  ctx.wakeMail();
  return result;
}

async function mailOpener(ctx: AppContext, tx: Tx, dispute: OperatorDispute, userId: string, organizationId: string): Promise<void> {
  const [person] = rowsOf<{ email: string; name: string; locale: string; program_names: ProgramFile['name'] }>(
    await tx.execute(sql`select u.email, u.name, u.locale, pv.definition->'name' as program_names
       from users u, programs pr join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version
      where u.id = ${userId} and u.organization_id = ${organizationId} and u.status = 'active' and pr.code = ${dispute.payment.program.code}`),
  );
  if (!person || !isLocale(person.locale)) return;
  await enqueueMail(tx, ctx.encryptor, {
    eventKey: `dispute_answered:${dispute.id}`,
    organizationId,
    to: { email: person.email, name: person.name, locale: person.locale },
    template: 'dispute_answered',
    values: {
      recipientName: person.name,
      locationName: dispute.payment.location.name,
      locationId: dispute.payment.location.locationId,
      programName: person.program_names[person.locale] ?? person.program_names.en,
      cycle: dispute.payment.cycle,
      answer: dispute.answer!,
      link: `${ctx.config.baseUrl}/payments/${dispute.payment.id}`,
    },
  });
}
