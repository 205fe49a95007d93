import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { agreements, competencies, locations, organizations } from './schema.ts';

/** Operators' list of partner organizations, searchable by name or id, with their location counts. */
export async function listPartners(ctx: AppContext, query: { q?: string; country?: string; limit: number; offset: number }) {
  const filters: SQL[] = [];
  if (query.q?.trim()) {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(
      or(
        ilike(organizations.legalName, pattern),
        ilike(organizations.partnerId, pattern),
        sql`exists (select 1 from locations l where l.organization_id = "organizations"."id" and l.location_id ilike ${pattern})`,
      )!,
    );
  }
  if (query.country) filters.push(eq(organizations.country, query.country));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [total]] = await Promise.all([
    ctx.db.orm
      .select({
        id: organizations.id,
        partnerId: organizations.partnerId,
        legalName: organizations.legalName,
        country: organizations.country,
        language: organizations.language,
        // Aliased: inside the subquery an unqualified "id" would name the location's own id.
        locationCount: sql<string>`(select count(*) from locations l where l.organization_id = "organizations"."id" and l.archived_at is null)`,
      })
      .from(organizations)
      .where(where)
      .orderBy(asc(organizations.legalName), asc(organizations.id))
      .limit(query.limit)
      .offset(query.offset),
    ctx.db.orm.select({ n: count() }).from(organizations).where(where),
  ]);
  return { partners: rows.map((r) => ({ ...r, locationCount: Number(r.locationCount) })), total: Number(total?.n ?? 0) };
}

/** One organization with its locations, agreements and competencies. */
export async function getPartner(ctx: AppContext, partnerId: string) {
  const [org] = await ctx.db.orm.select().from(organizations).where(eq(organizations.partnerId, partnerId));
  if (!org) throw AppError.notFound('partner');
  const [locationRows, agreementRows, competencyRows] = await Promise.all([
    ctx.db.orm.select().from(locations).where(eq(locations.organizationId, org.id)).orderBy(asc(locations.locationId)),
    ctx.db.orm.select().from(agreements).where(eq(agreements.organizationId, org.id)).orderBy(asc(agreements.type), asc(agreements.validFrom), asc(agreements.id)),
    ctx.db.orm.select().from(competencies).where(eq(competencies.organizationId, org.id)).orderBy(asc(competencies.name), asc(competencies.validFrom)),
  ]);
  const publicLocationId = new Map(locationRows.map((l) => [l.id, l.locationId]));
  return {
    ...organizationView(org),
    locations: locationRows.map(locationView),
    agreements: agreementRows.map((a) => agreementView(a, a.locationId ? (publicLocationId.get(a.locationId) ?? null) : null)),
    competencies: competencyRows.map(competencyView),
  };
}

export function organizationView(org: typeof organizations.$inferSelect) {
  return { partnerId: org.partnerId, legalName: org.legalName, country: org.country, language: org.language };
}

export function locationView(l: typeof locations.$inferSelect) {
  return { locationId: l.locationId, name: l.name, country: l.country, address: l.address, partnerType: l.partnerType, archived: l.archivedAt !== null };
}

/** An agreement as the API shows it: its location by public id (null for the whole organization). */
export function agreementView(a: typeof agreements.$inferSelect, publicLocationId: string | null) {
  return { id: a.id, locationId: publicLocationId, type: a.type, status: a.status, validFrom: a.validFrom, validTo: a.validTo };
}

export function competencyView(c: typeof competencies.$inferSelect) {
  return { id: c.id, name: c.name, level: c.level, validFrom: c.validFrom, validTo: c.validTo };
}
