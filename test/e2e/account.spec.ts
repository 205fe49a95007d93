import { request, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { expect, expectNoAxeViolations, message, screenshot, test } from './fixtures.ts';

// Everything here runs as operators the demo admin creates through the API, so no test depends on
// (or changes) a demo account other than by creating users.
const admin = { email: 'admin@accrue.example', password: 'accrue demo password' };
const chosenPassword = 'seven quiet harbours at dawn';
const en = (area: string, key: string) => message(area, 'en', key);

interface NewUser {
  email: string;
  temporaryPassword: string;
}

/** A new operator_admin with a temporary password, created by the demo admin through the API. */
async function newOperator(baseURL: string): Promise<NewUser> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const signIn = await api.post('/api/v1/auth/sign-in', { data: admin });
  expect(signIn.status(), 'the demo admin signs in').toBe(200);
  const { csrfToken } = await signIn.json();
  const email = `account.${Date.now()}.${Math.floor(Math.random() * 1e6)}@accrue.example`;
  const created = await api.post('/api/v1/users', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { name: 'Dana Whitfield', email, locale: 'en', roles: [{ role: 'operator_admin', scope: 'all' }], credentials: 'temporary_password' },
  });
  expect(created.status()).toBe(201);
  const { temporaryPassword } = await created.json();
  await api.dispose();
  return { email, temporaryPassword };
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel(en('auth', 'fields.email')).fill(email);
  await page.getByRole('textbox', { name: en('auth', 'fields.password'), exact: true }).fill(password);
  await page.getByRole('button', { name: en('auth', 'signIn.submit') }).click();
}

/** The first sign-in: the temporary password, then the forced change to a password of one's own. */
async function signInFirstTime(page: Page, user: NewUser): Promise<void> {
  await signIn(page, user.email, user.temporaryPassword);
  await expect(page).toHaveURL(/\/change-password$/);
  await page.getByRole('textbox', { name: en('auth', 'fields.currentPassword'), exact: true }).fill(user.temporaryPassword);
  await page.getByRole('textbox', { name: en('auth', 'fields.newPassword'), exact: true }).fill(chosenPassword);
  await page.getByRole('textbox', { name: en('auth', 'fields.confirmPassword'), exact: true }).fill(chosenPassword);
  await page.getByRole('button', { name: en('auth', 'changePassword.submit') }).click();
  await expect(page).toHaveURL(/\/$/);
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: en('shell', 'signOut') }).click();
  await expect(page).toHaveURL(/\/sign-in(\?|$)/);
}

async function verify(page: Page, code: string): Promise<void> {
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await page.getByLabel(en('auth', 'fields.code')).fill(code);
  await page.getByRole('button', { name: en('auth', 'verify.submit') }).click();
}

test('the account page in three languages: profile, email and password, with axe', async ({ page, baseURL }) => {
  const user = await newOperator(baseURL!);
  await signInFirstTime(page, user);
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: en('shell', 'nav.account') }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(en('account', 'title'));
  await expect(page).toHaveTitle(`${en('account', 'title')} · Accrue`);
  await expectNoAxeViolations(page);
  await screenshot(page, 'account-en');

  // The language switches at once when the profile is saved, and stays the user's setting.
  const profile = page.getByTestId('section-profile');
  await profile.getByLabel(en('account', 'profile.name')).fill('Dana Whitfield-Park');
  await profile.getByLabel(en('account', 'profile.language')).selectOption('zh-TW');
  await profile.getByRole('button', { name: en('account', 'profile.save') }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('account', 'zh-TW', 'title'));
  await expect(profile.getByRole('status')).toHaveText(message('account', 'zh-TW', 'profile.saved'));
  await expect(page.getByTestId('user-menu')).toHaveText('Dana Whitfield-Park');
  await expectNoAxeViolations(page);
  await screenshot(page, 'account-zh-TW');

  await profile.getByLabel(message('account', 'zh-TW', 'profile.language')).selectOption('ko-KR');
  await profile.getByRole('button', { name: message('account', 'zh-TW', 'profile.save') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('account', 'ko-KR', 'title'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('account', 'ko-KR', 'title'));
  await expectNoAxeViolations(page);
  await screenshot(page, 'account-ko-KR');
  const ko = (key: string) => message('account', 'ko-KR', key);

  // Email: a confirmation link goes to the new address.
  const email = page.getByTestId('section-email');
  const newAddress = `new.${user.email}`;
  await email.getByLabel(ko('email.new')).fill(newAddress);
  await email.getByRole('button', { name: ko('email.submit') }).click();
  await expect(email.getByRole('status')).toHaveText(ko('email.sent').replace('{{email}}', newAddress));

  // Password: the wrong current password is named at its field, in the reader's language.
  const password = page.getByTestId('section-password');
  await password.getByRole('textbox', { name: ko('password.current'), exact: true }).fill('not my password at all');
  await password.getByRole('textbox', { name: ko('password.new'), exact: true }).fill('an entirely new passphrase');
  await password.getByRole('button', { name: ko('password.submit') }).click();
  await expect(password.getByText(message('errors', 'ko-KR', 'rule.password_wrong'))).toBeVisible();
  await expect(password.getByRole('textbox', { name: ko('password.current'), exact: true })).toHaveAccessibleDescription(message('errors', 'ko-KR', 'rule.password_wrong'));
  await password.getByRole('textbox', { name: ko('password.current'), exact: true }).fill(chosenPassword);
  await password.getByRole('button', { name: ko('password.submit') }).click();
  await expect(password.getByRole('status')).toHaveText(ko('password.changed'));
  // The session continues under the token the change answered with.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko('title'));
});

test('two-step verification: set up, sign in with a code, recovery codes work once, turn off', async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const user = await newOperator(baseURL!);
  await signInFirstTime(page, user);
  await page.goto('/account');
  const mfa = page.getByTestId('section-mfa');
  await expect(mfa.getByTestId('mfa-status')).toHaveText(en('account', 'mfa.status').replace('{{status}}', en('account', 'mfa.off')));
  await mfa.getByRole('button', { name: en('account', 'mfa.setUp') }).click();

  await expect(mfa.getByRole('img', { name: en('account', 'totp.qrAlt') })).toBeVisible();
  const secret = (await mfa.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
  const totp = new TOTP({ secret: Secret.fromBase32(secret) });
  await expectNoAxeViolations(page);
  await mfa.getByLabel(en('account', 'totp.code')).fill('000000');
  await mfa.getByRole('button', { name: en('account', 'totp.enable') }).click();
  await expect(mfa.getByText(en('errors', 'rule.wrong_code'))).toBeVisible();
  await mfa.getByLabel(en('account', 'totp.code')).fill(totp.generate());
  await mfa.getByRole('button', { name: en('account', 'totp.enable') }).click();

  const list = mfa.getByRole('list', { name: en('account', 'recovery.listLabel') });
  await expect(mfa.getByRole('heading', { name: en('account', 'recovery.title') })).toBeFocused();
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const codes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(codes[0]).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
  const download = page.waitForEvent('download');
  await mfa.getByRole('button', { name: en('account', 'recovery.download') }).click();
  expect((await download).suggestedFilename()).toBe('accrue-recovery-codes.txt');
  await expectNoAxeViolations(page);
  await screenshot(page, 'account-recovery-codes-en');
  await mfa.getByRole('button', { name: en('account', 'recovery.done') }).click();
  await expect(mfa.getByTestId('mfa-status')).toHaveText(en('account', 'mfa.status').replace('{{status}}', en('account', 'mfa.on')));

  // A new sign-in asks for a code. The code of the next time step: the one used above is spent.
  await signOut(page);
  await signIn(page, user.email, chosenPassword);
  await verify(page, totp.generate({ timestamp: Date.now() + 30_000 }));
  await expect(page).toHaveURL(/\/$/);

  // A recovery code signs in once, and only once.
  await signOut(page);
  await signIn(page, user.email, chosenPassword);
  await verify(page, codes[0]!);
  await expect(page).toHaveURL(/\/$/);
  await signOut(page);
  await signIn(page, user.email, chosenPassword);
  await verify(page, codes[0]!);
  await expect(page.getByRole('alert')).toContainText(en('identity', 'mfa.wrongCode'));
  await expect(page).toHaveURL(/\/sign-in\/verify$/);
  await verify(page, codes[1]!);
  await expect(page).toHaveURL(/\/$/);

  // Fresh from signing in, new recovery codes and turning it off need no further confirmation.
  await page.goto('/account');
  await mfa.getByRole('button', { name: en('account', 'mfa.newCodes') }).click();
  await expect(list.getByRole('listitem')).toHaveCount(10);
  const fresh = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(fresh).toHaveLength(10);
  expect(fresh).not.toContain(codes[2]);
  await mfa.getByRole('button', { name: en('account', 'recovery.done') }).click();
  await mfa.getByRole('button', { name: en('account', 'mfa.turnOff') }).click();
  await expect(mfa.getByText(en('account', 'mfa.turnOffConfirm'))).toBeVisible();
  await mfa.getByRole('button', { name: en('account', 'mfa.turnOff') }).click();
  await expect(mfa.getByRole('status')).toHaveText(en('account', 'mfa.turnedOff'));
  await expect(mfa.getByTestId('mfa-status')).toHaveText(en('account', 'mfa.status').replace('{{status}}', en('account', 'mfa.off')));
});

test('an API token: created after confirming the password, used as a bearer token, revoked', async ({ page, baseURL }) => {
  const user = await newOperator(baseURL!);
  await signInFirstTime(page, user);
  await page.goto('/account');
  const tokens = page.getByTestId('section-tokens');
  await expect(tokens.getByText(en('account', 'tokens.empty'))).toBeVisible();

  // A session signed in long ago must confirm the password: the server's answer is simulated for
  // the first attempt, since a real session stays recently authenticated for 10 minutes.
  let simulated = false;
  await page.route('**/api/v1/me/tokens', async (route) => {
    if (route.request().method() !== 'POST' || simulated) return route.fallback();
    simulated = true;
    await route.fulfill({
      status: 403,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'urn:accrue:problem:reauthentication_required', status: 403, code: 'reauthentication_required', title: 'Confirm it is you', detail: '' }),
    });
  });

  await tokens.getByLabel(en('account', 'tokens.create.name')).fill('Nightly export');
  await tokens.getByRole('checkbox', { name: en('account', 'permission.users.read') }).check();
  await tokens.getByLabel(en('account', 'tokens.create.expiresIn')).selectOption('30');
  await tokens.getByRole('button', { name: en('account', 'tokens.create.submit') }).click();

  const dialog = page.getByRole('dialog', { name: en('account', 'reauth.title') });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: en('account', 'reauth.password'), exact: true })).toBeFocused();
  await expectNoAxeViolations(page);
  await dialog.getByRole('textbox', { name: en('account', 'reauth.password'), exact: true }).fill('a wrong password');
  await dialog.getByRole('button', { name: en('account', 'reauth.confirm') }).click();
  await expect(dialog.getByRole('alert')).toContainText(en('identity', 'reauth.failed'));
  await dialog.getByRole('textbox', { name: en('account', 'reauth.password'), exact: true }).fill(chosenPassword);
  await dialog.getByRole('button', { name: en('account', 'reauth.confirm') }).click();
  await expect(dialog).toBeHidden();

  const secret = (await tokens.getByTestId('new-token').textContent())!.trim();
  expect(secret).toMatch(/^accrue_/);
  await expect(tokens.getByRole('heading', { name: en('account', 'tokens.created.title') })).toBeFocused();
  await expectNoAxeViolations(page);
  await screenshot(page, 'account-new-token-en');

  const bearer = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });
  const users = await bearer.get(`/api/v1/users?q=${encodeURIComponent(user.email)}`);
  expect(users.status()).toBe(200);
  expect((await users.json()).users.map((u: { email: string }) => u.email)).toContain(user.email);
  // The token holds only the permission it was given.
  expect((await bearer.get('/api/v1/mail')).status()).toBe(403);

  await tokens.getByRole('button', { name: en('account', 'tokens.created.dismiss') }).click();
  const row = tokens.getByRole('row', { name: /Nightly export/ });
  await expect(row).toContainText(en('account', 'tokens.status.active'));
  await expect(row).toContainText(en('account', 'permission.users.read'));
  await row.getByRole('button', { name: en('account', 'tokens.revokeLabel').replace('{{name}}', 'Nightly export') }).click();
  const confirm = page.getByRole('dialog', { name: en('account', 'tokens.revokeTitle') });
  await confirm.getByRole('button', { name: en('account', 'tokens.revoke') }).click();
  await expect(confirm).toBeHidden();
  await expect(tokens.getByRole('status')).toHaveText(en('account', 'tokens.revoked').replace('{{name}}', 'Nightly export'));
  await expect(row).toContainText(en('account', 'tokens.status.revoked'));

  expect((await bearer.get('/api/v1/users')).status()).toBe(401);
  await bearer.dispose();
});

// Partner organizations' users cannot be created through the API (operators create operators), so
// the organization's own pages run against a simulated partner session and simulated answers.
const organization = { id: '6f1c2a4e-0000-4000-8000-000000000001', partnerId: 'P-1000001', legalName: 'Northwind Cloud Services, Inc.' };

async function simulatePartner(page: Page, session: Record<string, unknown>): Promise<void> {
  await page.route('**/api/v1/auth/session', (route) =>
    route.fulfill({
      json: {
        signedIn: true,
        csrfToken: 'simulated',
        user: { id: '6f1c2a4e-0000-4000-8000-000000000002', email: 'jordan.lee@northwind.example', name: 'Jordan Lee', locale: 'en', mfaEnabled: false },
        organization,
        roles: ['global_admin'],
        ...session,
      },
    }),
  );
}

for (const locale of ['en', 'zh-TW', 'ko-KR'] as const) {
  test(`the organization's security settings in ${locale} (simulated partner session)`, async ({ page }) => {
    const m = (key: string) => message('account', locale, key);
    const user = { id: '6f1c2a4e-0000-4000-8000-000000000002', email: 'jordan.lee@northwind.example', name: 'Jordan Lee', locale, mfaEnabled: true };
    await simulatePartner(page, { stage: 'active', user, permissions: ['audit.read_own_organization', 'organization.manage_security', 'users.read'] });
    const saved: unknown[] = [];
    await page.route('**/api/v1/organization/security', async (route) => {
      if (route.request().method() === 'PUT') saved.push(route.request().postDataJSON());
      await route.fulfill({ json: route.request().method() === 'PUT' ? route.request().postDataJSON() : { requireMfa: false } });
    });
    await page.goto('/');
    const nav = page.getByRole('navigation', { name: message('shell', locale, 'mainNavigation') });
    await nav.getByRole('link', { name: message('shell', locale, 'nav.organizationSecurity') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('security.title'));
    const toggle = page.getByRole('switch', { name: m('security.requireMfa') });
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await page.getByRole('button', { name: m('security.save') }).click();
    await expect(page.getByRole('status')).toHaveText(m('security.saved'));
    expect(saved).toEqual([{ requireMfa: true }]);
    await expectNoAxeViolations(page);
    await screenshot(page, `organization-security-${locale}`);
  });

  test(`setting up two-step verification when the organization requires it, in ${locale} (simulated)`, async ({ page }) => {
    const m = (key: string) => message('account', locale, key);
    let stage = 'mfa_setup_required';
    const user = { id: '6f1c2a4e-0000-4000-8000-000000000002', email: 'jordan.lee@northwind.example', name: 'Jordan Lee', locale, mfaEnabled: false };
    await page.route('**/api/v1/auth/session', (route) =>
      route.fulfill({
        json: { signedIn: true, stage, csrfToken: 'simulated', user: { ...user, mfaEnabled: stage === 'active' }, organization, roles: stage === 'active' ? ['global_admin'] : [], permissions: [] },
      }),
    );
    const qr = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0h2v2H0zM2 2h2v2H2z"/></svg>').toString('base64')}`;
    await page.route('**/api/v1/me/mfa/totp/setup', (route) => route.fulfill({ json: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/Accrue', qrCode: qr } }));
    const codes = [...'ABCDEFGHJK'].map((c) => `WXYZ-${c}${c}${c}${c}-2345-6789`);
    await page.route('**/api/v1/me/mfa/totp/enable', async (route) => {
      const { code } = route.request().postDataJSON();
      if (code !== '246810') {
        return route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({ code: 'validation_failed', title: 'x', status: 400, detail: '', errors: [{ field: 'body.code', rule: 'wrong_code', message: `body.code ${message('errors', locale, 'rule.wrong_code')}` }] }),
        });
      }
      stage = 'active';
      return route.fulfill({ json: { recoveryCodes: codes, stage: 'active' } });
    });

    await page.goto('/');
    await expect(page).toHaveURL(/\/set-up-verification$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('setUpVerification.title'));
    await expect(page.getByText(m('setUpVerification.why').replace('{{organization}}', organization.legalName))).toBeVisible();
    await expect(page.getByRole('img', { name: m('totp.qrAlt') })).toBeVisible();
    await expect(page.getByTestId('totp-secret')).toHaveText('JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP');
    await expectNoAxeViolations(page);
    await screenshot(page, `set-up-verification-${locale}`);

    await page.getByRole('textbox', { name: m('totp.code') }).fill('111111');
    await page.getByRole('button', { name: m('totp.enable') }).click();
    await expect(page.getByRole('textbox', { name: m('totp.code') })).toHaveAccessibleDescription(new RegExp(message('errors', locale, 'rule.wrong_code').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await page.getByRole('textbox', { name: m('totp.code') }).fill('246 810');
    await page.getByRole('button', { name: m('totp.enable') }).click();
    await expect(page.getByRole('list', { name: m('recovery.listLabel') }).getByRole('listitem')).toHaveCount(10);
    // Still here until the user says the codes are saved.
    await expect(page).toHaveURL(/\/set-up-verification$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: m('recovery.done') }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', locale, 'title'));
  });
}
