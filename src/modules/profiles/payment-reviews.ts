import { and, asc, count, eq, ilike, isNull, or, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { activeRoleHolders } from '../identity/admins.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { organizations } from '../partners/schema.ts';
import { syncEnrollmentsWithProfiles } from './completion.ts';
import { profileView } from './payment-profiles.ts';
import { paymentProfiles, type PaymentProfileStatus } from './schema.ts';

export interface ReviewQuery {
  status?: PaymentProfileStatus | undefined;
  country?: string | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

const columns = { profile: paymentProfiles, partnerId: organizations.partnerId, legalName: organizations.legalName };

/** What operators see of a profile: masked, with its partner. */
function reviewView(row: { profile: typeof paymentProfiles.$inferSelect; partnerId: string; legalName: string }) {
  return { ...profileView(row.profile), partner: { partnerId: row.partnerId, legalName: row.legalName } };
}

/** The validation queue: profiles by status (Pending validation by default), bank country and search; oldest change first. */
export async function listPaymentReviews(ctx: AppContext, query: ReviewQuery) {
  const filters: SQL[] = [eq(paymentProfiles.status, query.status ?? 'pending_validation'), isNull(paymentProfiles.archivedAt)];
  if (query.country) filters.push(eq(paymentProfiles.bankCountry, query.country));
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(
      or(ilike(organizations.legalName, pattern), ilike(organizations.partnerId, pattern), ilike(paymentProfiles.name, pattern), ilike(paymentProfiles.accountHolder, pattern))!,
    );
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    ctx.db.orm
      .select(columns)
      .from(paymentProfiles)
      .innerJoin(organizations, eq(organizations.id, paymentProfiles.organizationId))
      .where(where)
      .orderBy(asc(paymentProfiles.updatedAt), asc(paymentProfiles.id))
      .limit(query.limit)
      .offset(query.offset),
    ctx.db.orm.select({ n: count() }).from(paymentProfiles).innerJoin(organizations, eq(organizations.id, paymentProfiles.organizationId)).where(where),
  ]);
  return { profiles: rows.map(reviewView), total: Number(total?.n ?? 0) };
}

async function reviewRow(orm: Orm, id: string, lock = false) {
  const query = orm
    .select(columns)
    .from(paymentProfiles)
    .innerJoin(organizations, eq(organizations.id, paymentProfiles.organizationId))
    .where(eq(paymentProfiles.id, id));
  const [row] = lock ? await query.for('update', { of: paymentProfiles }) : await query;
  if (!row) throw AppError.notFound('payment profile');
  return row;
}

export async function getPaymentReview(ctx: AppContext, id: string, orm: Orm = ctx.db.orm) {
  return reviewView(await reviewRow(orm, id));
}

/** The full IBAN or account number for a validating operator; every reveal is audited. */
export async function revealPaymentAccount(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.orm.transaction(async (tx) => {
    const row = await reviewRow(tx, id);
    await recordAudit(tx, actor, {
      action: 'payment_profile.unmasked_viewed',
      organizationId: row.profile.organizationId,
      targetType: 'payment_profile',
      targetId: row.profile.id,
      after: { accountLast4: row.profile.accountLast4, purpose: 'validation' },
    });
    return { account: ctx.encryptor.open(row.profile.accountSealed) };
  });
}

const wrongStatus = (status: string) =>
  new AppError('conflict', `A payment profile that is ${status} cannot take this step.`, { messageKey: 'payments:reviewNotAllowed', params: { status } });

/** Finance approves a profile waiting for validation. */
export async function approvePaymentProfile(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.orm.transaction(async (tx) => {
    const { profile } = await reviewRow(tx, id, true);
    if (profile.status !== 'pending_validation' || profile.archivedAt) throw wrongStatus(profile.archivedAt ? 'archived' : profile.status);
    const now = ctx.now();
    await tx
      .update(paymentProfiles)
      .set({ status: 'approved', statusReason: null, reviewedBy: actor.userId, reviewedAt: now, version: profile.version + 1, updatedAt: now })
      .where(and(eq(paymentProfiles.organizationId, profile.organizationId), eq(paymentProfiles.id, profile.id)));
    await recordAudit(tx, actor, {
      action: 'payment_profile.validated',
      organizationId: profile.organizationId,
      targetType: 'payment_profile',
      targetId: profile.id,
      before: { status: profile.status, version: profile.version, accountLast4: profile.accountLast4 },
      after: { status: 'approved', version: profile.version + 1 },
    });
    await syncEnrollmentsWithProfiles(ctx, tx, actor, profile.organizationId, { reason: 'payment profile approved' });
    return getPaymentReview(ctx, id, tx);
  });
}

/**
 * Finance sends a profile back with a reason: Action required, a mail to the organization's
 * Global admins and Incentive admins, and enrollments that relied on it move back.
 */
export async function sendBackPaymentProfile(ctx: AppContext, actor: Actor, id: string, reason: string) {
  const result = await ctx.db.orm.transaction(async (tx) => {
    const { profile, legalName } = await reviewRow(tx, id, true);
    if (profile.status === 'action_required' || profile.archivedAt) throw wrongStatus(profile.archivedAt ? 'archived' : profile.status);
    const now = ctx.now();
    await tx
      .update(paymentProfiles)
      .set({ status: 'action_required', statusReason: reason, reviewedBy: actor.userId, reviewedAt: now, version: profile.version + 1, updatedAt: now })
      .where(and(eq(paymentProfiles.organizationId, profile.organizationId), eq(paymentProfiles.id, profile.id)));
    await recordAudit(tx, actor, {
      action: 'payment_profile.action_required',
      organizationId: profile.organizationId,
      targetType: 'payment_profile',
      targetId: profile.id,
      before: { status: profile.status, version: profile.version },
      after: { status: 'action_required', reason, version: profile.version + 1 },
    });
    for (const person of await activeRoleHolders(tx, profile.organizationId, ['global_admin', 'incentive_admin'])) {
      await enqueueMail(tx, ctx.encryptor, {
        eventKey: `profile_action_required:payment:${profile.id}:${profile.version + 1}:${person.id}`,
        organizationId: profile.organizationId,
        to: { email: person.email, name: person.name, locale: person.locale as Locale },
        template: 'profile_action_required',
        values: { recipientName: person.name, organizationName: legalName, kind: 'payment', profileName: profile.name, reason, link: `${ctx.config.baseUrl}/payment-profiles` },
      });
    }
    await syncEnrollmentsWithProfiles(ctx, tx, actor, profile.organizationId, { reason: 'payment profile sent back' });
    return getPaymentReview(ctx, id, tx);
  });
  ctx.wakeMail();
  return result;
}
