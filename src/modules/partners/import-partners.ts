import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';
import { recordAudit } from '../audit/audit.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import type { Actor } from '../identity/actor.ts';
import { users } from '../identity/schema.ts';
import { inviteFirstGlobalAdmin } from '../identity/users.ts';
import { CsvFormatError, readCsv, type CsvRecord, type RowProblem } from '../imports/csv.ts';
import { isCountryCode } from './countries.ts';
import { lockPartnerWrites } from './edits.ts';
import {
  agreementStatuses,
  agreements,
  agreementTypes,
  competencies,
  competencyLevels,
  locations,
  organizations,
  partnerTypes,
  type PartnerType,
} from './schema.ts';

export interface ImportFile {
  name: string;
  content: Uint8Array;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const maxProblems = 1000;
const partnerIdPattern = /^P-[0-9]{1,12}$/;
const locationIdPattern = /^L-[0-9]{1,12}$/;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

const partnerColumns = {
  required: ['partner_id', 'legal_name', 'country', 'language', 'location_id', 'location_country', 'partner_type'],
  optional: ['admin_email', 'admin_name'],
};
const agreementColumns = { required: ['partner_id', 'type', 'status', 'valid_from'], optional: ['location_id', 'valid_to'] };
const competencyColumns = { required: ['partner_id', 'name', 'level', 'valid_from'], optional: ['valid_to'] };

type Kind = 'partners' | 'agreements' | 'competencies';

/** Which file is which: agreements.csv and competencies.csv by name, anything else partners. */
export function kindOf(fileName: string): Kind {
  const base = path.basename(fileName).toLowerCase();
  if (base.includes('agreement')) return 'agreements';
  if (base.includes('competenc')) return 'competencies';
  return 'partners';
}

function isDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

interface OrgRow {
  partnerId: string;
  legalName: string;
  country: string;
  language: Locale;
  adminEmail: string;
  adminName: string;
  row: number;
}
interface LocationRow {
  locationId: string;
  partnerId: string;
  country: string;
  partnerType: PartnerType;
  row: number;
}

/**
 * Imports partners.csv (and agreements.csv, competencies.csv when named so) in one transaction:
 * every refused row is named and nothing changes; the same files a second time change nothing.
 */
export async function importPartners(ctx: AppContext, actor: Actor, files: ImportFile[]): Promise<ImportCounts> {
  const problems: RowProblem[] = [];
  const refuse = (file: string, row: number, column: string | null, rule: string, message: string) => {
    if (problems.length < maxProblems) problems.push({ file, row, column, rule, message });
  };
  const parsed: { file: string; kind: Kind; records: CsvRecord[] }[] = [];
  for (const file of files) {
    const kind = kindOf(file.name);
    const columns = kind === 'partners' ? partnerColumns : kind === 'agreements' ? agreementColumns : competencyColumns;
    try {
      parsed.push({ file: path.basename(file.name), kind, records: readCsv(path.basename(file.name), file.content, columns) });
    } catch (error) {
      if (!(error instanceof CsvFormatError)) throw error;
      for (const p of error.problems) refuse(p.file, p.row, p.column, p.rule, p.message);
    }
  }
  if (problems.length) throw refused(problems);

  const counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0 };
  await ctx.db.orm.transaction(async (tx) => {
    // One import of partner data at a time; a second waits and then finds the work done.
    await lockPartnerWrites(tx);

    // 1. Validate partners rows against each other.
    const orgRows = new Map<string, OrgRow>();
    const locationRows = new Map<string, LocationRow>();
    for (const { file, records } of parsed.filter((p) => p.kind === 'partners')) {
      for (const { row, values: v } of records) {
        const bad = (column: string, rule: string, message: string) => refuse(file, row, column, rule, message);
        if (!partnerIdPattern.test(v.partner_id!)) bad('partner_id', 'format', 'must look like P-1000042');
        if (!v.legal_name || v.legal_name.length > 200) bad('legal_name', 'required', 'is required (at most 200 characters)');
        if (!isCountryCode(v.country!)) bad('country', 'country', 'must be an ISO 3166 two-letter country code, such as US');
        if (!isLocale(v.language)) bad('language', 'language', 'must be en, zh-TW or ko-KR');
        if (!locationIdPattern.test(v.location_id!)) bad('location_id', 'format', 'must look like L-2000317');
        if (!isCountryCode(v.location_country!)) bad('location_country', 'country', 'must be an ISO 3166 two-letter country code, such as KR');
        if (!(partnerTypes as readonly string[]).includes(v.partner_type!)) bad('partner_type', 'partner_type', `must be one of ${partnerTypes.join(', ')}`);
        const adminEmail = v.admin_email ?? '';
        const adminName = v.admin_name ?? '';
        if (adminEmail && !emailPattern.test(adminEmail)) bad('admin_email', 'email', 'is not an email address');
        if (adminEmail && !adminName) bad('admin_name', 'required', 'is required with admin_email');
        const org: OrgRow = { partnerId: v.partner_id!, legalName: v.legal_name!, country: v.country!, language: v.language as Locale, adminEmail, adminName, row };
        const first = orgRows.get(org.partnerId);
        if (first) {
          for (const [column, a, b] of [
            ['legal_name', first.legalName, org.legalName],
            ['country', first.country, org.country],
            ['language', first.language, org.language],
            ['admin_email', first.adminEmail, org.adminEmail],
            ['admin_name', first.adminName, org.adminName],
          ] as const) {
            if (a !== b) bad(column, 'organization_disagrees', `differs from row ${first.row} for ${org.partnerId}`);
          }
        } else {
          orgRows.set(org.partnerId, org);
        }
        const previous = locationRows.get(v.location_id!);
        if (previous) bad('location_id', 'duplicate', `appears again (first in row ${previous.row})`);
        else locationRows.set(v.location_id!, { locationId: v.location_id!, partnerId: org.partnerId, country: v.location_country!, partnerType: v.partner_type as PartnerType, row });
      }
    }

    // 2. Compare with what exists.
    const partnerIds = [
      ...new Set([...orgRows.keys(), ...parsed.filter((p) => p.kind !== 'partners').flatMap((p) => p.records.map((r) => r.values.partner_id!))]),
    ].filter((id) => partnerIdPattern.test(id));
    const existingOrgs = partnerIds.length
      ? await tx.select().from(organizations).where(inArray(organizations.partnerId, partnerIds))
      : [];
    const orgByPartnerId = new Map(existingOrgs.map((o) => [o.partnerId, o]));
    const locationIds = [
      ...new Set([...locationRows.keys(), ...parsed.filter((p) => p.kind === 'agreements').flatMap((p) => p.records.map((r) => r.values.location_id ?? ''))]),
    ].filter((id) => locationIdPattern.test(id));
    const existingLocations = locationIds.length
      ? await tx
          .select({ location: locations, partnerId: organizations.partnerId })
          .from(locations)
          .innerJoin(organizations, eq(organizations.id, locations.organizationId))
          .where(inArray(locations.locationId, locationIds))
      : [];
    const locationById = new Map(existingLocations.map((l) => [l.location.locationId, l]));
    const adminEmails = [...new Set([...orgRows.values()].map((o) => o.adminEmail.toLowerCase()).filter(Boolean))];
    const usersByEmail = new Map(
      (adminEmails.length
        ? await tx.select({ email: sql<string>`lower(${users.email})`, organizationId: users.organizationId }).from(users).where(inArray(sql`lower(${users.email})`, adminEmails))
        : []
      ).map((u) => [u.email, u]),
    );

    for (const { file } of parsed.filter((p) => p.kind === 'partners')) {
      for (const l of locationRows.values()) {
        const existing = locationById.get(l.locationId);
        if (existing && existing.partnerId !== l.partnerId) {
          refuse(file, l.row, 'location_id', 'location_of_other_partner', `${l.locationId} belongs to ${existing.partnerId}`);
        }
      }
      for (const o of orgRows.values()) {
        const user = o.adminEmail ? usersByEmail.get(o.adminEmail.toLowerCase()) : undefined;
        const org = orgByPartnerId.get(o.partnerId);
        if (user && (!org || user.organizationId !== org.id)) {
          refuse(file, o.row, 'admin_email', 'email_taken', 'is already the account of someone in another organization');
        }
      }
    }

    // 3. Agreements and competencies name partners of this import or of the database.
    const knownPartner = (id: string) => orgRows.has(id) || orgByPartnerId.has(id);
    const locationPartner = (id: string) => locationRows.get(id)?.partnerId ?? locationById.get(id)?.partnerId;
    for (const { file, kind, records } of parsed.filter((p) => p.kind !== 'partners')) {
      const seen = new Map<string, number>();
      for (const { row, values: v } of records) {
        const bad = (column: string, rule: string, message: string) => refuse(file, row, column, rule, message);
        if (!knownPartner(v.partner_id!)) bad('partner_id', 'unknown_partner', `${v.partner_id || '(empty)'} is neither in the partners file nor known`);
        if (!isDate(v.valid_from!)) bad('valid_from', 'date', 'must be a date YYYY-MM-DD');
        if (v.valid_to && !isDate(v.valid_to)) bad('valid_to', 'date', 'must be a date YYYY-MM-DD, or empty');
        if (v.valid_to && isDate(v.valid_to) && isDate(v.valid_from!) && v.valid_to < v.valid_from!) bad('valid_to', 'date_order', 'is before valid_from');
        let key: string;
        if (kind === 'agreements') {
          if (!(agreementTypes as readonly string[]).includes(v.type!)) bad('type', 'agreement_type', `must be one of ${agreementTypes.join(', ')}`);
          if (!(agreementStatuses as readonly string[]).includes(v.status!)) bad('status', 'agreement_status', `must be one of ${agreementStatuses.join(', ')}`);
          if (v.location_id && locationPartner(v.location_id) !== v.partner_id) {
            bad('location_id', 'location_of_other_partner', `${v.location_id} is not a location of ${v.partner_id}`);
          }
          key = [v.partner_id, v.location_id ?? '', v.type, v.valid_from].join('|');
        } else {
          if (!v.name || v.name.length > 200) bad('name', 'required', 'is required (at most 200 characters)');
          if (!(competencyLevels as readonly string[]).includes(v.level!)) bad('level', 'competency_level', `must be one of ${competencyLevels.join(', ')}`);
          key = [v.partner_id, v.name, v.valid_from].join('|');
        }
        const earlier = seen.get(key);
        if (earlier) bad('valid_from', 'duplicate', `repeats row ${earlier}`);
        else seen.set(key, row);
      }
    }
    if (problems.length) throw refused(problems);

    // 4. Write.
    const now = ctx.now();
    const orgIdOf = new Map(existingOrgs.map((o) => [o.partnerId, o.id]));
    const newOrgs = new Set<string>();
    const changedOrgs = new Set<string>();
    for (const o of orgRows.values()) {
      const existing = orgByPartnerId.get(o.partnerId);
      if (!existing) {
        const id = randomUUID();
        await tx.insert(organizations).values({ id, partnerId: o.partnerId, legalName: o.legalName, country: o.country, language: o.language });
        orgIdOf.set(o.partnerId, id);
        newOrgs.add(o.partnerId);
      } else if (existing.legalName !== o.legalName || existing.country !== o.country || existing.language !== o.language) {
        await tx.update(organizations).set({ legalName: o.legalName, country: o.country, language: o.language, updatedAt: now }).where(eq(organizations.id, existing.id));
        changedOrgs.add(o.partnerId);
      }
    }
    const locationIdOf = new Map(existingLocations.map((l) => [l.location.locationId, l.location.id]));
    for (const l of locationRows.values()) {
      const existing = locationById.get(l.locationId)?.location;
      // An organization's own change counts once, on its first row.
      const orgChanged = changedOrgs.has(l.partnerId) && orgRows.get(l.partnerId)?.row === l.row;
      if (!existing) {
        const id = randomUUID();
        await tx.insert(locations).values({ organizationId: orgIdOf.get(l.partnerId)!, id, locationId: l.locationId, name: l.locationId, country: l.country, partnerType: l.partnerType });
        locationIdOf.set(l.locationId, id);
        counts.inserted++;
      } else if (existing.country !== l.country || existing.partnerType !== l.partnerType) {
        await tx.update(locations).set({ country: l.country, partnerType: l.partnerType, updatedAt: now }).where(and(eq(locations.organizationId, existing.organizationId), eq(locations.id, existing.id)));
        counts.updated++;
      } else if (orgChanged) {
        counts.updated++;
      } else {
        counts.unchanged++;
      }
    }
    for (const o of orgRows.values()) {
      if (!newOrgs.has(o.partnerId) || !o.adminEmail) continue;
      await inviteFirstGlobalAdmin(ctx, tx, actor, orgIdOf.get(o.partnerId)!, { email: o.adminEmail, name: o.adminName, locale: o.language });
    }

    for (const { kind, records } of parsed.filter((p) => p.kind !== 'partners')) {
      for (const { values: v } of records) {
        const organizationId = orgIdOf.get(v.partner_id!)!;
        const validTo = v.valid_to || null;
        if (kind === 'agreements') {
          const locationId = v.location_id ? locationIdOf.get(v.location_id)! : null;
          const [existing] = await tx
            .select()
            .from(agreements)
            .where(
              and(
                eq(agreements.organizationId, organizationId),
                sql`coalesce(${agreements.locationId}, '00000000-0000-0000-0000-000000000000'::uuid) = coalesce(${locationId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`,
                eq(agreements.type, v.type as (typeof agreementTypes)[number]),
                eq(agreements.validFrom, v.valid_from!),
              ),
            );
          if (!existing) {
            await tx.insert(agreements).values({ organizationId, id: randomUUID(), locationId, type: v.type as never, status: v.status as never, validFrom: v.valid_from!, validTo });
            counts.inserted++;
          } else if (existing.status !== v.status || existing.validTo !== validTo) {
            await tx.update(agreements).set({ status: v.status as never, validTo, updatedAt: now }).where(and(eq(agreements.organizationId, organizationId), eq(agreements.id, existing.id)));
            counts.updated++;
          } else {
            counts.unchanged++;
          }
        } else {
          const [existing] = await tx
            .select()
            .from(competencies)
            .where(and(eq(competencies.organizationId, organizationId), eq(competencies.name, v.name!), eq(competencies.validFrom, v.valid_from!)));
          if (!existing) {
            await tx.insert(competencies).values({ organizationId, id: randomUUID(), name: v.name!, level: v.level as never, validFrom: v.valid_from!, validTo });
            counts.inserted++;
          } else if (existing.level !== v.level || existing.validTo !== validTo) {
            await tx.update(competencies).set({ level: v.level as never, validTo, updatedAt: now }).where(and(eq(competencies.organizationId, organizationId), eq(competencies.id, existing.id)));
            counts.updated++;
          } else {
            counts.unchanged++;
          }
        }
      }
    }
    await recordAudit(tx, actor, {
      action: 'import.partners',
      organizationId: null,
      after: { files: parsed.map((p) => p.file), ...counts },
    });
    if (counts.inserted + counts.updated > 0) await requestEligibilityRun(tx, 'import.partners');
  });
  if (counts.inserted > 0) ctx.wakeMail();
  return counts;
}

function refused(problems: RowProblem[]): AppError {
  return new AppError('validation_failed', `The import was refused; nothing was changed. ${problems.length} problem(s):\n` +
    problems.map((p) => `  ${p.file} row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`).join('\n'), {
    rows: problems,
    messageKey: 'errors:detail.importRefused',
    params: { count: problems.length },
  });
}

