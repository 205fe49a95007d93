import { and, eq, isNotNull, ne } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { recordAudit } from '../audit/audit.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { locations, organizations } from '../partners/schema.ts';
import { syncEnrollmentsWithProfiles } from './completion.ts';
import { taxProfiles, type TaxProfileStatus } from './schema.ts';
import { incentiveAdminsOf } from '../identity/admins.ts';
import { daysUntil, expiringSoonDays, expiryNoticeDue } from './tax-rules.ts';

export interface TaxExpiryResult {
  date: string;
  expiringSoon: number;
  expired: number;
  reminders: number;
}

/**
 * The daily pass over W-8BEN-E forms on `date` (`YYYY-MM-DD`): Valid → Expiring soon within 90
 * days of expiry, anything not yet expired → Expired after it; a reminder at 90, 30 and 7 days
 * (each once; after a skipped day only the smallest reached), one mail on expiry, and the expired
 * location's enrollments back to Action required. Each form in its own transaction; running it
 * twice on one day changes nothing more.
 */
export async function runTaxExpiry(ctx: AppContext, date: string, actor: Actor = systemActor()): Promise<TaxExpiryResult> {
  const result: TaxExpiryResult = { date, expiringSoon: 0, expired: 0, reminders: 0 };
  const candidates = await ctx.db.orm
    .select({ organizationId: taxProfiles.organizationId, id: taxProfiles.id })
    .from(taxProfiles)
    .where(and(eq(taxProfiles.form, 'W-8BEN-E'), isNotNull(taxProfiles.expiresOn), ne(taxProfiles.status, 'expired')));
  for (const candidate of candidates) {
    const outcome = await ctx.db.orm.transaction((tx) => expireOne(ctx, tx, actor, candidate, date));
    if (outcome.status === 'expiring_soon') result.expiringSoon++;
    if (outcome.status === 'expired') result.expired++;
    if (outcome.reminded) result.reminders++;
  }
  if (result.expired || result.reminders) ctx.wakeMail();
  return result;
}

async function expireOne(
  ctx: AppContext,
  tx: Orm,
  actor: Actor,
  key: { organizationId: string; id: string },
  date: string,
): Promise<{ status: TaxProfileStatus | null; reminded: boolean }> {
  const [row] = await tx
    .select({ profile: taxProfiles, organizationName: organizations.legalName, locationName: locations.name, locationId: locations.locationId })
    .from(taxProfiles)
    .innerJoin(organizations, eq(organizations.id, taxProfiles.organizationId))
    .innerJoin(locations, and(eq(locations.organizationId, taxProfiles.organizationId), eq(locations.id, taxProfiles.locationId)))
    .where(and(eq(taxProfiles.organizationId, key.organizationId), eq(taxProfiles.id, key.id)))
    .for('update', { of: taxProfiles });
  const profile = row?.profile;
  if (!row || !profile || profile.status === 'expired' || !profile.expiresOn) return { status: null, reminded: false };
  const expiresOn = profile.expiresOn;
  const left = daysUntil(expiresOn, date);
  let status: TaxProfileStatus | null = null;
  if (left < 0) status = 'expired';
  else if (profile.status === 'valid' && left <= expiringSoonDays) status = 'expiring_soon';
  const notice = status === 'expired' ? null : expiryNoticeDue(expiresOn, date, profile.expiryNoticeDays);
  if (!status && notice === null) return { status: null, reminded: false };

  const now = ctx.now();
  await tx
    .update(taxProfiles)
    .set({
      ...(status ? { status, statusReason: status === 'expired' ? 'expired' : null, version: profile.version + 1 } : {}),
      ...(notice !== null ? { expiryNoticeDays: notice } : {}),
      updatedAt: now,
    })
    .where(and(eq(taxProfiles.organizationId, profile.organizationId), eq(taxProfiles.id, profile.id)));
  if (status) {
    await recordAudit(tx, actor, {
      action: 'tax_profile.status_changed',
      organizationId: profile.organizationId,
      targetType: 'tax_profile',
      targetId: profile.id,
      before: { locationId: row.locationId, status: profile.status, expiresOn },
      after: { locationId: row.locationId, status, expiresOn, date },
    });
  }

  const template = status === 'expired' ? 'tax_form_expired' : notice !== null ? 'tax_form_expiring' : null;
  if (template) {
    for (const person of await incentiveAdminsOf(tx, profile.organizationId, profile.locationId)) {
      const values = {
        recipientName: person.name,
        organizationName: row.organizationName,
        locationName: row.locationName,
        locationId: row.locationId,
        expiresOn,
        link: `${ctx.config.baseUrl}/tax-profiles`,
      };
      const to = { email: person.email, name: person.name, locale: person.locale as Locale };
      const base = { organizationId: profile.organizationId, to };
      if (template === 'tax_form_expired') {
        await enqueueMail(tx, ctx.encryptor, { ...base, eventKey: `tax_form_expired:${profile.id}:${expiresOn}:${person.id}`, template, values });
      } else {
        await enqueueMail(tx, ctx.encryptor, {
          ...base,
          eventKey: `tax_form_expiring:${profile.id}:${expiresOn}:${notice}:${person.id}`,
          template,
          values: { ...values, daysLeft: left },
        });
      }
    }
  }
  if (status === 'expired') {
    await syncEnrollmentsWithProfiles(ctx, tx, actor, profile.organizationId, { locationId: profile.locationId, reason: 'tax_form_expired' });
  }
  return { status, reminded: template === 'tax_form_expiring' };
}
