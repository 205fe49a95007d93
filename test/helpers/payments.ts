import { randomUUID } from 'node:crypto';
import { paymentProfiles, payoutAssignments } from '../../src/modules/profiles/schema.ts';
import type { TestApp } from './app.ts';
import { programFile, seedProgramId } from './incentives.ts';
import type { Browser } from './identity.ts';

/** Valid bank details per scheme (check digits correct), and the full account of each. */
export const ibanDetails = { bankCountry: 'DE', accountHolder: 'Contoso GmbH', iban: 'DE89 3704 0044 0532 0130 00', bic: 'DEUTDEFF' };
export const ibanCompact = 'DE89370400440532013000';
export const otherIban = { bankCountry: 'GB', accountHolder: 'Contoso Ltd', iban: 'GB82WEST12345698765432', bic: 'NWBKGB2L' };
export const usDetails = { bankCountry: 'US', accountHolder: 'Contoso Inc.', accountNumber: '987654321012', routingNumber: '021000021' };
export const bicDetails = { bankCountry: 'JP', accountHolder: 'Contoso KK', accountNumber: '7654321', bic: 'BOTKJPJT' };

/** A payment profile inserted as if its bank change had been confirmed (sealed like the real one). */
export async function seedPaymentProfile(
  t: TestApp,
  organizationId: string,
  options: { account?: string; status?: 'pending_validation' | 'approved' | 'action_required'; archived?: boolean } = {},
) {
  const account = options.account ?? ibanCompact;
  const id = randomUUID();
  await t.db.orm.insert(paymentProfiles).values({
    organizationId,
    id,
    name: `Account ${account.slice(-4)}`,
    bankCountry: account.slice(0, 2),
    accountHolder: 'Seeded Holder',
    scheme: 'iban',
    accountSealed: t.ctx.encryptor.seal(account),
    accountLast4: account.slice(-4),
    bic: 'DEUTDEFF',
    acceptedCurrencies: ['EUR', 'USD'],
    status: options.status ?? 'pending_validation',
    archivedAt: options.archived ? t.clock.now() : null,
  });
  return id;
}

let programId: string | null = null;
let programApp: TestApp | null = null;

/** Assigns the profile to pay one location for a program (created once per test app). */
export async function assignProfile(t: TestApp, organizationId: string, locationId: string, paymentProfileId: string, currency = 'EUR') {
  if (programApp !== t) {
    programApp = t;
    programId = await seedProgramId(t, programFile(`PAY-${Math.floor(Math.random() * 1e6)}`));
  }
  await t.db.orm.insert(payoutAssignments).values({ organizationId, locationId, programId: programId!, paymentProfileId, payoutCurrency: currency });
}

/** Enters bank details through the API (the browser must be re-authenticated). */
export async function requestChange(b: Browser, body: Record<string, unknown>) {
  return b.request('/api/v1/bank-changes', { json: body });
}
