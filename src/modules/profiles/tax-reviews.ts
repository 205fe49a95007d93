import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { recordAudit } from '../audit/audit.ts';
import { utcDate } from '../eligibility/evaluate.ts';
import type { Actor } from '../identity/actor.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { locations, organizations } from '../partners/schema.ts';
import { syncEnrollmentsWithProfiles } from './completion.ts';
import { taxProfiles, type TaxProfileStatus } from './schema.ts';
import { incentiveAdminsOf } from '../identity/admins.ts';
import { auditedForm, taxProfileView, type TaxProfileRow } from './tax-profiles.ts';
import { validatedStatusOn } from './tax-rules.ts';

export interface TaxReviewQuery {
  status: TaxProfileStatus | 'any';
  country?: string;
  q?: string;
  limit: number;
  offset: number;
}

const columns = {
  profile: taxProfiles,
  partnerId: organizations.partnerId,
  partnerName: organizations.legalName,
  locationId: locations.locationId,
  locationName: locations.name,
  locationCountry: locations.country,
};

function joined(orm: Orm) {
  return orm
    .select(columns)
    .from(taxProfiles)
    .innerJoin(organizations, eq(organizations.id, taxProfiles.organizationId))
    .innerJoin(locations, and(eq(locations.organizationId, taxProfiles.organizationId), eq(locations.id, taxProfiles.locationId)));
}

type Row = { profile: TaxProfileRow; partnerId: string; partnerName: string; locationId: string; locationName: string; locationCountry: string };

function reviewView(row: Row, today: string) {
  return {
    ...taxProfileView(row.profile, today),
    partner: { partnerId: row.partnerId, legalName: row.partnerName },
    location: { locationId: row.locationId, name: row.locationName, country: row.locationCountry },
  };
}

/** Operators' queue of tax forms: by status (Pending validation unless told), country, partner or location. */
export async function listTaxReviews(ctx: AppContext, query: TaxReviewQuery) {
  const filters: SQL[] = [];
  if (query.status !== 'any') filters.push(eq(taxProfiles.status, query.status));
  if (query.country) filters.push(eq(locations.country, query.country));
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(
      or(
        ilike(organizations.legalName, pattern),
        ilike(organizations.partnerId, pattern),
        ilike(locations.locationId, pattern),
        ilike(locations.name, pattern),
        ilike(taxProfiles.legalName, pattern),
      )!,
    );
  }
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    joined(ctx.db.orm).where(where).orderBy(asc(taxProfiles.submittedAt), asc(taxProfiles.id)).limit(query.limit).offset(query.offset),
    ctx.db.orm
      .select({ n: count() })
      .from(taxProfiles)
      .innerJoin(organizations, eq(organizations.id, taxProfiles.organizationId))
      .innerJoin(locations, and(eq(locations.organizationId, taxProfiles.organizationId), eq(locations.id, taxProfiles.locationId)))
      .where(where),
  ]);
  const today = utcDate(ctx.now());
  return { taxProfiles: rows.map((r) => reviewView(r, today)), total: Number(total?.n ?? 0) };
}

async function rowOf(orm: Orm, id: string, lock = false) {
  const query = joined(orm).where(eq(taxProfiles.id, id));
  const [row] = lock ? await query.for('update', { of: taxProfiles }) : await query;
  if (!row) throw AppError.notFound('tax profile');
  return row;
}

/** One form, masked, with the partner and location it belongs to. */
export async function getTaxReview(ctx: AppContext, id: string, orm: Orm = ctx.db.orm) {
  return reviewView(await rowOf(orm, id), utcDate(ctx.now()));
}

/** The full tax id, for checking it against the signed form: every read audited. */
export async function revealTaxId(ctx: AppContext, actor: Actor, id: string) {
  return ctx.db.orm.transaction(async (tx) => {
    const row = await rowOf(tx, id);
    await recordAudit(tx, actor, {
      action: 'tax_profile.unmasked_viewed',
      organizationId: row.profile.organizationId,
      targetType: 'tax_profile',
      targetId: row.profile.id,
      after: { locationId: row.locationId, taxIdLast4: row.profile.taxIdLast4, purpose: 'validation' },
    });
    return { taxId: ctx.encryptor.open(row.profile.taxIdSealed) };
  });
}

const notPending = (status: string) =>
  new AppError('conflict', `Only a form waiting for validation can be approved; this one is ${status}.`, {
    messageKey: 'tax:notPending',
    params: { status },
  });

/**
 * An operator approves a form waiting for validation: Valid, or Expiring soon within 90 days of its
 * expiry. Where a treaty is claimed, `acceptTreaty` says whether its reduced rate applies.
 */
export async function approveTaxProfile(ctx: AppContext, actor: Actor, id: string, input: { acceptTreaty?: boolean; expectedVersion?: number }) {
  const result = await ctx.db.orm.transaction(async (tx) => {
    const row = await rowOf(tx, id, true);
    const before = row.profile;
    if (before.status !== 'pending_validation') throw notPending(before.status);
    if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
      throw new AppError('conflict', 'The tax form was changed meanwhile. Reload it and try again.', { messageKey: 'tax:changedMeanwhile' });
    }
    const claimed = before.treatyCountry !== null;
    if (claimed && input.acceptTreaty === undefined) {
      throw AppError.validation([{ field: 'body.acceptTreaty', rule: 'required', message: 'is required: the form claims a treaty rate' }]);
    }
    const now = ctx.now();
    const [after] = await tx
      .update(taxProfiles)
      .set({
        status: validatedStatusOn(before.expiresOn, utcDate(now)),
        statusReason: null,
        treatyAccepted: claimed ? input.acceptTreaty! : null,
        reviewedBy: actor.userId,
        reviewedAt: now,
        version: before.version + 1,
        updatedAt: now,
      })
      .where(and(eq(taxProfiles.organizationId, before.organizationId), eq(taxProfiles.id, before.id)))
      .returning();
    await recordAudit(tx, actor, {
      action: 'tax_profile.validated',
      organizationId: before.organizationId,
      targetType: 'tax_profile',
      targetId: before.id,
      before: { locationId: row.locationId, ...auditedForm(before) },
      after: { locationId: row.locationId, ...auditedForm(after!) },
    });
    await syncEnrollmentsWithProfiles(ctx, tx, actor, before.organizationId, { locationId: before.locationId, reason: 'tax_profile_validated' });
    return getTaxReview(ctx, id, tx);
  });
  ctx.wakeMail();
  return result;
}

const sendBackFrom: readonly TaxProfileStatus[] = ['pending_validation', 'valid', 'expiring_soon'];

/**
 * An operator sends a form back with a reason: Action required, mailed to the location's admins;
 * the location's enrollments go back to Action required.
 */
export async function sendBackTaxProfile(ctx: AppContext, actor: Actor, id: string, reason: string) {
  const result = await ctx.db.orm.transaction(async (tx) => {
    const row = await rowOf(tx, id, true);
    const before = row.profile;
    if (!sendBackFrom.includes(before.status)) {
      throw new AppError('conflict', `A form that is ${before.status} cannot be sent back.`, { messageKey: 'tax:cannotSendBack', params: { status: before.status } });
    }
    const now = ctx.now();
    const [after] = await tx
      .update(taxProfiles)
      .set({ status: 'action_required', statusReason: reason, reviewedBy: actor.userId, reviewedAt: now, version: before.version + 1, updatedAt: now })
      .where(and(eq(taxProfiles.organizationId, before.organizationId), eq(taxProfiles.id, before.id)))
      .returning();
    await recordAudit(tx, actor, {
      action: 'tax_profile.action_required',
      organizationId: before.organizationId,
      targetType: 'tax_profile',
      targetId: before.id,
      before: { locationId: row.locationId, ...auditedForm(before) },
      after: { locationId: row.locationId, ...auditedForm(after!), reason },
    });
    for (const person of await incentiveAdminsOf(tx, before.organizationId, before.locationId)) {
      await enqueueMail(tx, ctx.encryptor, {
        eventKey: `profile_action_required:tax:${before.id}:${after!.version}:${person.id}`,
        organizationId: before.organizationId,
        to: { email: person.email, name: person.name, locale: person.locale as Locale },
        template: 'profile_action_required',
        values: {
          recipientName: person.name,
          organizationName: row.partnerName,
          kind: 'tax',
          profileName: `${row.locationName} (${row.locationId})`,
          reason,
          link: `${ctx.config.baseUrl}/tax-profiles`,
        },
      });
    }
    await syncEnrollmentsWithProfiles(ctx, tx, actor, before.organizationId, { locationId: before.locationId, reason: 'tax_profile_sent_back' });
    return getTaxReview(ctx, id, tx);
  });
  ctx.wakeMail();
  return result;
}

