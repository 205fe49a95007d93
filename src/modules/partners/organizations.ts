import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { locations, organizations, type PartnerType } from './schema.ts';

export interface NewLocation {
  locationId: string;
  name: string;
  country: string;
  address: string;
  partnerType: PartnerType;
}

export interface NewOrganization {
  partnerId: string;
  legalName: string;
  country: string;
  language: 'en' | 'zh-TW' | 'ko-KR';
  locations: NewLocation[];
}

/** Creates an organization with its locations, in one transaction. Returns its id. */
export async function createOrganization(orm: Orm, input: NewOrganization): Promise<string> {
  const id = randomUUID();
  await orm.transaction(async (tx) => {
    await tx.insert(organizations).values({
      id,
      partnerId: input.partnerId,
      legalName: input.legalName,
      country: input.country,
      language: input.language,
    });
    if (input.locations.length > 0) {
      await tx.insert(locations).values(
        input.locations.map((location) => ({ ...location, organizationId: id, id: randomUUID() })),
      );
    }
  });
  return id;
}

export async function countOrganizations(orm: Orm): Promise<number> {
  const [row] = await orm.select({ n: count() }).from(organizations);
  return Number(row?.n ?? 0);
}
