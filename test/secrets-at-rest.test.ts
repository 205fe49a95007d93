import { afterEach, describe, expect, it } from 'vitest';
import { argon2Parameters } from '../src/security/passwords.ts';
import { createTestApp, type TestApp } from './helpers/app.ts';
import { wholeDatabase } from './helpers/db.ts';
import { browser, seedUser, signedIn } from './helpers/identity.ts';
import { seedPartner } from './helpers/incentives.ts';

let t: TestApp;
afterEach(() => t?.close());

describe('secrets at rest', () => {
  it('stores passwords hashed with Argon2id (m=19 MiB, t=2, p=1) and no password, token or code in the clear', async () => {
    t = await createTestApp();
    const admin = await seedUser(t, { organizationId: null, roles: ['operator_admin'] });
    const b = await signedIn(t, admin);
    const sessionToken = decodeURIComponent(b.cookie!.split('=')[1]!);

    const created = await (
      await b.request('/api/v1/users', {
        json: { name: 'Temp', email: 'temp@example.test', locale: 'en', roles: [{ role: 'support', scope: 'all' }], credentials: 'temporary_password' },
      })
    ).json();
    await b.request('/api/v1/users', {
      json: { name: 'Invited', email: 'invited@example.test', locale: 'en', roles: [{ role: 'support', scope: 'all' }], credentials: 'invitation' },
    });
    await browser(t).request('/api/v1/auth/forgot-password', { json: { email: admin.email } });
    const in30 = new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const { token: apiToken } = await (await b.request('/api/v1/me/tokens', { json: { name: 'x', permissions: ['users.read'], expiresAt: in30 } })).json();
    const setup = await (await b.request('/api/v1/me/mfa/totp/setup', { method: 'POST' })).json();
    const { totpCodeAt } = await import('../src/modules/identity/totp.ts');
    const { recoveryCodes } = await (await b.request('/api/v1/me/mfa/totp/enable', { json: { code: totpCodeAt(setup.secret, t.clock.now()) } })).json();

    const { listMail } = await import('../src/modules/mail/log.ts');
    const mailed = (await listMail(t.db, t.ctx.encryptor, { includeBody: true })).map((m) => /#([\w-]{20,})/.exec(m.text ?? '')![1]!);
    expect(mailed).toHaveLength(2);

    const dump = await wholeDatabase(t.db);
    const secrets = {
      'the admin password': admin.password,
      'a temporary password': created.temporaryPassword,
      'the session token': sessionToken,
      'the API token': apiToken,
      'the TOTP secret': setup.secret,
      'a recovery code': recoveryCodes[0].replaceAll('-', ''),
      'a recovery code as shown': recoveryCodes[0],
      ...Object.fromEntries(mailed.map((token, i) => [`mailed token ${i}`, token])),
    };
    for (const [what, secret] of Object.entries(secrets)) {
      expect(dump.includes(secret as string), `${what} is stored in the clear`).toBe(false);
    }

    const hashes = await t.db.query<{ password_hash: string }>('select password_hash from users where password_hash is not null');
    expect(hashes.length).toBeGreaterThanOrEqual(2);
    const { memoryCost, timeCost, parallelism } = argon2Parameters;
    for (const { password_hash } of hashes) {
      expect(password_hash).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${memoryCost},t=${timeCost},p=${parallelism}\\$`));
    }
    expect(memoryCost).toBe(19 * 1024);
  });

  it('stores a tax id sealed: written with or without dashes, it appears in no table, the audit log included', async () => {
    t = await createTestApp();
    const partner = await seedPartner(t, 'direct_seller', 'KR');
    const admin = await signedIn(t, await seedUser(t, { organizationId: partner.organizationId, roles: ['incentive_admin'] }));
    const res = await admin.request(`/api/v1/tax-profiles/${partner.publicLocationId}`, {
      method: 'PUT',
      json: { form: 'W-8BEN-E', legalName: 'Hanbit Cloud', address: '1 Teheran-ro, Seoul', country: 'KR', taxId: '220-81-62517', signedOn: '2026-05-01' },
    });
    expect(res.status).toBe(200);
    await admin.request(`/api/v1/tax-profiles/${partner.publicLocationId}/edit`);
    const dump = await wholeDatabase(t.db);
    for (const written of ['220-81-62517', '2208162517']) expect(dump.includes(written), `${written} is stored in the clear`).toBe(false);
    expect(dump).toContain('2517');
  });
});
