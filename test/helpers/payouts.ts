import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../src/http/env.ts';
import type { Database } from '../../src/db/client.ts';

export interface PayableSetup {
  organizationId: string;
  locationId: string;
  programId: string;
  /** Payout currency (default USD); the profile accepts it. */
  payoutCurrency?: string;
  /** W-9 (withholding 0) by default; a W-8BEN-E withholds its accepted treaty rate, or 30 %. */
  form?: 'W-9' | 'W-8BEN-E';
  /** Percent, accepted, for a W-8BEN-E. */
  treatyRate?: string | null;
  taxStatus?: 'pending_validation' | 'valid' | 'action_required' | 'expiring_soon' | 'expired';
  /** W-8BEN-E expiry (default 2029-12-31). */
  expiresOn?: string;
  profileStatus?: 'pending_validation' | 'approved' | 'action_required';
  scheme?: 'iban' | 'aba';
  /** Leave the pair without a payout assignment. */
  unassigned?: boolean;
}

/**
 * The tax form, payment profile and payout assignment a (location, program) needs to be paid, in
 * the states asked for (valid, approved and assigned unless told otherwise). Written as rows: the
 * forms' own flows are tested with their modules.
 */
export async function makePayable(db: Database, ctx: Pick<AppContext, 'encryptor'>, setup: PayableSetup): Promise<{ paymentProfileId: string; taxProfileId: string }> {
  const form = setup.form ?? 'W-9';
  const taxProfileId = randomUUID();
  await db.query(
    `insert into tax_profiles (organization_id, id, location_id, form, legal_name, address, country, tax_id_sealed, tax_id_last4,
                               treaty_country, treaty_rate, treaty_accepted, signed_on, expires_on, status, submitted_at)
     values ($1, $2, $3, $4, 'Test Partner Ltd', '1 Main St', $5, $6, '6789', $7, $8, $9, '2026-01-15', $10, $11, now())
     on conflict (organization_id, location_id) do nothing`,
    [
      setup.organizationId,
      taxProfileId,
      setup.locationId,
      form,
      form === 'W-9' ? 'US' : 'KR',
      ctx.encryptor.seal(form === 'W-9' ? '12-3456789' : '123-45-67890'),
      form === 'W-8BEN-E' && setup.treatyRate ? 'KR' : null,
      form === 'W-8BEN-E' && setup.treatyRate ? setup.treatyRate : null,
      form === 'W-8BEN-E' && setup.treatyRate ? true : null,
      form === 'W-9' ? null : (setup.expiresOn ?? '2029-12-31'),
      setup.taxStatus ?? 'valid',
    ],
  );
  const paymentProfileId = randomUUID();
  const currency = setup.payoutCurrency ?? 'USD';
  const iban = (setup.scheme ?? (currency === 'EUR' ? 'iban' : 'aba')) === 'iban';
  await db.query(
    `insert into payment_profiles (organization_id, id, name, bank_country, account_holder, scheme, account_sealed, account_last4,
                                   routing_number, bic, accepted_currencies, status, reviewed_at)
     values ($1, $2, 'Operating account', $3, 'Test Partner Ltd', $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      setup.organizationId,
      paymentProfileId,
      iban ? 'DE' : 'US',
      iban ? 'iban' : 'aba',
      ctx.encryptor.seal(iban ? 'DE89370400440532013000' : '000123456789'),
      iban ? '3000' : '6789',
      iban ? null : '026009593',
      iban ? 'COBADEFFXXX' : null,
      [currency],
      setup.profileStatus ?? 'approved',
      (setup.profileStatus ?? 'approved') === 'approved' ? new Date('2026-01-20T00:00:00Z') : null,
    ],
  );
  if (!setup.unassigned) {
    await db.query(
      `insert into payout_assignments (organization_id, location_id, program_id, payment_profile_id, payout_currency)
       values ($1, $2, $3, $4, $5)
       on conflict (organization_id, location_id, program_id) do update set payment_profile_id = excluded.payment_profile_id, payout_currency = excluded.payout_currency`,
      [setup.organizationId, setup.locationId, setup.programId, paymentProfileId, currency],
    );
  }
  return { paymentProfileId, taxProfileId };
}

/** Imports FX rates for a month straight into the table (`{ KRW: '1385.25' }`). */
export async function setFx(db: Database, month: string, rates: Record<string, string>): Promise<void> {
  for (const [currency, units] of Object.entries(rates)) {
    await db.query(
      `insert into fx_rates (month, currency, units_per_usd, import_id, updated_at) values ($1, $2, $3, $4, now())
       on conflict (month, currency) do update set units_per_usd = excluded.units_per_usd`,
      [`${month}-01`, currency, units, randomUUID()],
    );
  }
}
