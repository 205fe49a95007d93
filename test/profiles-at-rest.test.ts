import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { wholeDatabase } from './helpers/db.ts';
import { seedOrganization, seedUser, signedIn } from './helpers/identity.ts';
import { ibanDetails, usDetails } from './helpers/payments.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('bank details at rest', () => {
  it('stores no IBAN (with or without spaces) or account number in the clear: requests, profiles, audit, mail', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const a = await signedIn(t, await seedUser(t, { organizationId: org.id, roles: ['incentive_admin'] }));
    const b = await signedIn(t, await seedUser(t, { organizationId: org.id, roles: ['global_admin'] }));
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    const ids: string[] = [];
    for (const details of [
      { name: 'EUR', acceptedCurrencies: ['EUR'], ...ibanDetails },
      { name: 'USD', acceptedCurrencies: ['USD'], ...usDetails },
    ]) {
      const res = await a.request('/api/v1/bank-changes', { json: details });
      expect(res.status).toBe(201);
      const { change } = await res.json();
      const confirmed = await (await b.request(`/api/v1/bank-changes/${change.id}/confirm`, { method: 'POST' })).json();
      ids.push(confirmed.paymentProfileId);
    }
    // A pending change and the views of the full number leave no trace either.
    const pending = await a.request('/api/v1/bank-changes', { json: { paymentProfileId: ids[0], ...ibanDetails, iban: 'DE02 1203 0000 0000 2020 51', bic: 'BYLADEM1001' } });
    expect(pending.status).toBe(201);
    for (const id of ids) {
      expect((await a.request(`/api/v1/payment-profiles/${id}/edit`)).status).toBe(200);
      expect((await finance.request(`/api/v1/payment-reviews/${id}/reveal`, { method: 'POST' })).status).toBe(200);
    }

    const dump = await wholeDatabase(t.db);
    expect(dump).toContain('payment_profiles:');
    expect(dump).toContain('bank_change_requests:');
    const secrets = {
      'an IBAN': 'DE89370400440532013000',
      'an IBAN as typed': 'DE89 3704 0044 0532 0130 00',
      'the IBAN of a pending change': 'DE02120300000000202051',
      'the IBAN of a pending change as typed': 'DE02 1203 0000 0000 2020 51',
      'a US account number': '987654321012',
      'the bank part of an IBAN': '370400440532',
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(dump.includes(secret), `${what} is stored in the clear`).toBe(false);
    }
  });
});
