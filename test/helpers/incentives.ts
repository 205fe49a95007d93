import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { agreements, competencies, locations } from '../../src/modules/partners/schema.ts';
import { createOrganization } from '../../src/modules/partners/organizations.ts';
import type { PartnerType } from '../../src/modules/partners/schema.ts';
import { parseProgramDefinition, type ProgramFile } from '../../src/modules/programs/program-file.ts';
import { locationRevenue } from '../../src/modules/eligibility/schema.ts';
import { enrollments } from '../../src/modules/enrollments/schema.ts';
import type { TestApp } from './app.ts';
import { programDefinition, seedProgram } from './programs.ts';

/** An open program for eligibility tests (direct sellers and indirect providers); overrides apply. */
export function programFile(code: string, overrides: { eligibility?: Partial<ProgramFile['eligibility']>; status?: ProgramFile['status'] } = {}): ProgramFile {
  const base = programDefinition(code);
  return parseProgramDefinition({
    ...base,
    status: overrides.status ?? 'open',
    eligibility: { ...base.eligibility, partner_types: ['direct_seller', 'indirect_provider'], ...overrides.eligibility },
  });
}

/** Records the program (version 1, or a new version) and returns its internal id. */
export async function seedProgramId(t: TestApp, file: ProgramFile): Promise<string> {
  await seedProgram(t, file);
  const rows = await t.db.query<{ id: string }>('select id from programs where code = $1', [file.code]);
  return rows[0]!.id;
}

let counter = 0;

/** An organization with one location of `partnerType` (no agreements, competencies or revenue). */
export async function seedPartner(t: TestApp, partnerType: PartnerType = 'direct_seller', country = 'US') {
  const n = `${Date.now() % 1e7}${counter++}`;
  const organizationId = await createOrganization(t.db.orm, {
    partnerId: `P-${n}`,
    legalName: `Partner ${n}`,
    country,
    language: 'en',
    locations: [{ locationId: `L-${n}`, name: `Location ${n}`, country, address: '1 Main St', partnerType }],
  });
  const [location] = await t.db.orm.select().from(locations).where(eq(locations.organizationId, organizationId));
  return { organizationId, locationId: location!.id, publicLocationId: location!.locationId, partnerId: `P-${n}` };
}

export async function addAgreement(
  t: TestApp,
  partner: { organizationId: string },
  type: 'partner_network' | 'cloud_distributor' | 'reseller',
  options: { locationId?: string; status?: 'active' | 'expired' | 'terminated'; validFrom?: string; validTo?: string | null } = {},
): Promise<string> {
  const id = randomUUID();
  await t.db.orm.insert(agreements).values({
    organizationId: partner.organizationId,
    id,
    locationId: options.locationId ?? null,
    type,
    status: options.status ?? 'active',
    validFrom: options.validFrom ?? '2025-01-01',
    validTo: options.validTo ?? null,
  });
  return id;
}

export async function addCompetency(t: TestApp, partner: { organizationId: string }, level: 'silver' | 'gold', options: { validFrom?: string; validTo?: string | null } = {}) {
  const id = randomUUID();
  await t.db.orm.insert(competencies).values({
    organizationId: partner.organizationId,
    id,
    name: `Competency ${id.slice(0, 6)}`,
    level,
    validFrom: options.validFrom ?? '2025-01-01',
    validTo: options.validTo ?? null,
  });
  return id;
}

export async function addRevenue(t: TestApp, partner: { organizationId: string; locationId: string }, month: string, usd: string) {
  await t.db.orm.insert(locationRevenue).values({ organizationId: partner.organizationId, locationId: partner.locationId, month: `${month}-01`, usd });
}

/** A direct seller that meets every requirement of a program with default eligibility. */
export async function seedEligiblePartner(t: TestApp, partnerType: PartnerType = 'direct_seller') {
  const partner = await seedPartner(t, partnerType);
  await addAgreement(t, partner, 'partner_network');
  if (partnerType === 'direct_seller') await addAgreement(t, partner, 'reseller');
  if (partnerType === 'indirect_provider') await addAgreement(t, partner, 'cloud_distributor');
  return partner;
}

export async function enrollmentOf(t: TestApp, partner: { organizationId: string; locationId: string }, programId: string) {
  const [row] = await t.db.orm
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.organizationId, partner.organizationId), eq(enrollments.locationId, partner.locationId), eq(enrollments.programId, programId)));
  return row ?? null;
}
