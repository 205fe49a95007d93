import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError, type FieldError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { utcDate } from '../eligibility/evaluate.ts';
import type { Actor } from '../identity/actor.ts';
import { isCountryCode } from '../partners/countries.ts';
import type { locations } from '../partners/schema.ts';
import { syncEnrollmentsWithProfiles } from './completion.ts';
import { taxProfiles, type TaxForm } from './schema.ts';
import { locationsInScope } from './tax-access.ts';
import { daysUntil, expiryOf, formForCountry, treatyRateProblem, withholdingRate } from './tax-rules.ts';
import { checkTaxId, last4, maskTail } from './validators.ts';

export type TaxProfileRow = typeof taxProfiles.$inferSelect;
type LocationRow = typeof locations.$inferSelect;

export interface TaxFormInput {
  form: TaxForm;
  legalName: string;
  address: string;
  country: string;
  taxId: string;
  treaty?: { country: string; rate: string } | null;
  signedOn: string;
  /** The version the form was edited from; required when the location already has a form. */
  expectedVersion?: number;
}

/** A tax form as every reader sees it: the tax id masked to its last four characters. */
export function taxProfileView(row: TaxProfileRow, today: string) {
  return {
    id: row.id,
    form: row.form,
    legalName: row.legalName,
    address: row.address,
    country: row.country,
    taxId: maskTail(row.taxIdLast4),
    treaty: row.treatyCountry !== null && row.treatyRate !== null ? { country: row.treatyCountry, rate: row.treatyRate, accepted: row.treatyAccepted } : null,
    signedOn: row.signedOn,
    expiresOn: row.expiresOn,
    expiresInDays: row.expiresOn ? daysUntil(row.expiresOn, today) : null,
    status: row.status,
    statusReason: row.statusReason,
    withholdingRate: withholdingRate(row),
    version: row.version,
    submittedAt: row.submittedAt,
    reviewedAt: row.reviewedAt,
  };
}

function locationView(location: LocationRow) {
  return { locationId: location.locationId, name: location.name, country: location.country };
}

async function profilesOf(orm: Orm, organizationId: string, locationUuids: string[]) {
  if (!locationUuids.length) return [];
  return orm.select().from(taxProfiles).where(and(eq(taxProfiles.organizationId, organizationId), inArray(taxProfiles.locationId, locationUuids)));
}

/** The tax form of each location in the actor's scope (null where none was submitted yet). */
export async function listTaxProfiles(ctx: AppContext, actor: Actor) {
  const scoped = await locationsInScope(ctx.db.orm, actor);
  const rows = await profilesOf(ctx.db.orm, actor.organizationId!, scoped.map((s) => s.location.id));
  const today = utcDate(ctx.now());
  return scoped.map(({ location, access }) => {
    const row = rows.find((r) => r.locationId === location.id);
    return { location: locationView(location), requiredForm: formForCountry(location.country), access, profile: row ? taxProfileView(row, today) : null };
  });
}

/** One location's tax form; 404 outside the actor's organization or scope. */
export async function getTaxProfile(ctx: AppContext, actor: Actor, locationId: string, orm: Orm = ctx.db.orm) {
  const [scoped] = await locationsInScope(orm, actor, locationId);
  if (!scoped) throw AppError.notFound('location');
  const [row] = await profilesOf(orm, actor.organizationId!, [scoped.location.id]);
  return {
    location: locationView(scoped.location),
    requiredForm: formForCountry(scoped.location.country),
    access: scoped.access,
    profile: row ? taxProfileView(row, utcDate(ctx.now())) : null,
  };
}

const adminOnly = () =>
  new AppError('forbidden', 'Only an Incentive admin of this location can submit or edit its tax form.', { messageKey: 'tax:adminOnly' });

/** The form with its tax id in full, for the edit form: Incentive admins only, every read audited. */
export async function getTaxProfileForEdit(ctx: AppContext, actor: Actor, locationId: string) {
  return ctx.db.orm.transaction(async (tx) => {
    const [scoped] = await locationsInScope(tx, actor, locationId);
    if (!scoped) throw AppError.notFound('location');
    if (scoped.access !== 'manage') throw adminOnly();
    const [row] = await profilesOf(tx, actor.organizationId!, [scoped.location.id]);
    if (!row) throw AppError.notFound('tax profile');
    await recordAudit(tx, actor, {
      action: 'tax_profile.unmasked_viewed',
      organizationId: row.organizationId,
      targetType: 'tax_profile',
      targetId: row.id,
      after: { locationId, taxIdLast4: row.taxIdLast4, purpose: 'edit' },
    });
    return { ...(await getTaxProfile(ctx, actor, locationId, tx)), taxId: ctx.encryptor.open(row.taxIdSealed) };
  });
}

/** Checks a form against its location; every failure at once, each naming its field and rule. */
function checkForm(input: TaxFormInput, location: LocationRow, today: string): { taxId: string; expiresOn: string | null } {
  const fields: FieldError[] = [];
  const fail = (field: string, rule: string, message: string, params?: Record<string, string | number>) =>
    fields.push({ field: `body.${field}`, rule, message, ...(params ? { params } : {}) });
  const required = formForCountry(location.country);
  if (input.form !== required) {
    if (input.form === 'W-9') fail('form', 'w9_us_only', 'W-9 is for US locations only; this location files a W-8BEN-E');
    else fail('form', 'w8bene_not_us', 'a US location files a W-9, not a W-8BEN-E');
  }
  if (!isCountryCode(input.country)) fail('country', 'country', 'must be an ISO 3166 two-letter country code, such as US');
  else if (input.form === 'W-9' && input.country !== 'US') fail('country', 'w9_country_us', 'must be US on a W-9');
  let taxId = input.taxId.trim();
  if (isCountryCode(input.country)) {
    const check = checkTaxId(input.country, input.taxId);
    if (check.ok) taxId = check.value;
    else fail('taxId', check.rule, check.message);
  }
  if (input.treaty) {
    if (input.form !== 'W-8BEN-E') fail('treaty', 'treaty_w8bene_only', 'a treaty claim is made on a W-8BEN-E only');
    if (!isCountryCode(input.treaty.country)) fail('treaty.country', 'country', 'must be an ISO 3166 two-letter country code, such as US');
    const problem = treatyRateProblem(input.treaty.rate);
    if (problem) fail('treaty.rate', problem.rule, problem.message);
  }
  let expiresOn: string | null = null;
  if (input.signedOn > today) fail('signedOn', 'date_in_future', 'must not be in the future');
  else if (input.signedOn < '2000-01-01') fail('signedOn', 'date_before_2000', 'must not be before 2000-01-01');
  else {
    expiresOn = expiryOf(input.form, input.signedOn);
    if (expiresOn !== null && expiresOn < today) {
      fail('signedOn', 'expired_on_signing', `gives a form that expired on ${expiresOn}; sign a new form`, { expiresOn });
    }
  }
  if (fields.length) throw AppError.validation(fields);
  return { taxId, expiresOn };
}

const changedMeanwhile = () =>
  new AppError('conflict', 'The tax form was changed meanwhile. Reload it and try again.', { messageKey: 'tax:changedMeanwhile' });

/** What the audit log keeps of a form: never the tax id, only its last four characters. */
export function auditedForm(row: Pick<TaxProfileRow, 'form' | 'legalName' | 'address' | 'country' | 'taxIdLast4' | 'treatyCountry' | 'treatyRate' | 'treatyAccepted' | 'signedOn' | 'expiresOn' | 'status' | 'version'>) {
  return {
    form: row.form,
    legalName: row.legalName,
    address: row.address,
    country: row.country,
    taxIdLast4: row.taxIdLast4,
    treatyCountry: row.treatyCountry,
    treatyRate: row.treatyRate,
    treatyAccepted: row.treatyAccepted,
    signedOn: row.signedOn,
    expiresOn: row.expiresOn,
    status: row.status,
    version: row.version,
  };
}

/**
 * Submits a location's form, or replaces it (with `expectedVersion`): it waits for validation
 * again, any treaty acceptance is reset, and the location's enrollments follow.
 */
export async function submitTaxProfile(ctx: AppContext, actor: Actor, locationId: string, input: TaxFormInput) {
  const result = await ctx.db.orm.transaction(async (tx) => {
    const [scoped] = await locationsInScope(tx, actor, locationId);
    if (!scoped) throw AppError.notFound('location');
    if (scoped.access !== 'manage') throw adminOnly();
    const location = scoped.location;
    const today = utcDate(ctx.now());
    const { taxId, expiresOn } = checkForm(input, location, today);
    const [existing] = await tx
      .select()
      .from(taxProfiles)
      .where(and(eq(taxProfiles.organizationId, location.organizationId), eq(taxProfiles.locationId, location.id)))
      .for('update');
    if (existing ? input.expectedVersion !== existing.version : input.expectedVersion !== undefined) throw changedMeanwhile();
    const now = ctx.now();
    const values = {
      form: input.form,
      legalName: input.legalName.trim(),
      address: input.address.trim(),
      country: input.country,
      taxIdSealed: ctx.encryptor.seal(taxId),
      taxIdLast4: last4(taxId),
      treatyCountry: input.treaty?.country ?? null,
      treatyRate: input.treaty ? input.treaty.rate.trim() : null,
      treatyAccepted: null,
      signedOn: input.signedOn,
      expiresOn,
      status: 'pending_validation' as const,
      statusReason: null,
      expiryNoticeDays: null,
      submittedBy: actor.userId,
      submittedAt: now,
      reviewedBy: null,
      reviewedAt: null,
      updatedAt: now,
    };
    let row: TaxProfileRow | undefined;
    if (existing) {
      [row] = await tx
        .update(taxProfiles)
        .set({ ...values, version: existing.version + 1 })
        .where(and(eq(taxProfiles.organizationId, existing.organizationId), eq(taxProfiles.id, existing.id), eq(taxProfiles.version, existing.version)))
        .returning();
    } else {
      [row] = await tx
        .insert(taxProfiles)
        .values({ ...values, organizationId: location.organizationId, id: randomUUID(), locationId: location.id, createdAt: now })
        .onConflictDoNothing()
        .returning();
    }
    if (!row) throw changedMeanwhile();
    await recordAudit(tx, actor, {
      action: 'tax_profile.submitted',
      organizationId: row.organizationId,
      targetType: 'tax_profile',
      targetId: row.id,
      before: existing ? { locationId, ...auditedForm(existing) } : null,
      after: { locationId, ...auditedForm(row) },
    });
    await syncEnrollmentsWithProfiles(ctx, tx, actor, row.organizationId, { locationId: location.id, reason: 'tax_profile_submitted' });
    return getTaxProfile(ctx, actor, locationId, tx);
  });
  ctx.wakeMail();
  return result;
}

