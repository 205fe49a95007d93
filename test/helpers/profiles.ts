import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { paymentProfiles, payoutAssignments, taxProfiles, type PaymentProfileStatus, type TaxProfileStatus } from '../../src/modules/profiles/schema.ts';
import type { TestApp } from './app.ts';

/**
 * A location's tax profile and a payment profile assigned to its (location, program), written
 * straight into the tables in the given statuses: the state a reviewed partner is in. The IBAN is
 * the published example `DE89 3704 0044 0532 0130 00`; the tax id a W-8BEN-E's.
 */
export async function seedProfiles(
  t: TestApp,
  pair: { organizationId: string; locationId: string; programId: string },
  statuses: { tax?: TaxProfileStatus | null; payment?: PaymentProfileStatus | null } = {},
): Promise<{ taxProfileId: string | null; paymentProfileId: string | null }> {
  const now = t.clock.now();
  const tax = statuses.tax === undefined ? 'valid' : statuses.tax;
  const payment = statuses.payment === undefined ? 'approved' : statuses.payment;
  let taxProfileId: string | null = null;
  if (tax) {
    const [existing] = await t.db.orm
      .select({ id: taxProfiles.id })
      .from(taxProfiles)
      .where(and(eq(taxProfiles.organizationId, pair.organizationId), eq(taxProfiles.locationId, pair.locationId)));
    taxProfileId = existing?.id ?? randomUUID();
    if (!existing) {
      await t.db.orm.insert(taxProfiles).values({
        organizationId: pair.organizationId,
        id: taxProfileId,
        locationId: pair.locationId,
        form: 'W-8BEN-E',
        legalName: 'Seeded Partner GmbH',
        address: 'Friedrichstraße 1, 10117 Berlin',
        country: 'DE',
        taxIdSealed: t.ctx.encryptor.seal('DE136695976'),
        taxIdLast4: '5976',
        signedOn: '2026-01-15',
        expiresOn: '2029-12-31',
        status: tax,
        submittedAt: now,
      });
    }
  }
  let paymentProfileId: string | null = null;
  if (payment) {
    paymentProfileId = randomUUID();
    await t.db.orm.insert(paymentProfiles).values({
      organizationId: pair.organizationId,
      id: paymentProfileId,
      name: 'Operating account',
      bankCountry: 'DE',
      accountHolder: 'Seeded Partner GmbH',
      scheme: 'iban',
      accountSealed: t.ctx.encryptor.seal('DE89370400440532013000'),
      accountLast4: '3000',
      bic: 'COBADEFFXXX',
      acceptedCurrencies: ['EUR', 'USD'],
      status: payment,
    });
    await t.db.orm
      .insert(payoutAssignments)
      .values({ ...pair, paymentProfileId, payoutCurrency: 'USD' })
      .onConflictDoUpdate({
        target: [payoutAssignments.organizationId, payoutAssignments.locationId, payoutAssignments.programId],
        set: { paymentProfileId, payoutCurrency: 'USD' },
      });
  }
  return { taxProfileId, paymentProfileId };
}
