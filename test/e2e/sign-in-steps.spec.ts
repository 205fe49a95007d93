import { request } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test, waitForMail } from './fixtures.ts';

/** Creates a user through the API as the demo operator admin (temporary password or invitation). */
async function createOperator(baseURL: string, locale: string, credentials: 'temporary_password' | 'invitation') {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const { csrfToken } = await (await api.post('/api/v1/auth/sign-in', { data: { email: 'admin@accrue.example', password: demoPassword } })).json();
  const email = `steps.${locale}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@accrue.example`;
  const created = await api.post('/api/v1/users', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { name: 'Step Tester', email, locale, roles: [{ role: 'support', scope: 'all' }], credentials },
  });
  expect(created.status()).toBe(201);
  const { temporaryPassword } = await created.json();
  await api.dispose();
  return { email, temporaryPassword: temporaryPassword as string | null };
}

for (const locale of ['zh-TW', 'ko-KR'] as const) {
  test.describe(`sign-in steps in ${locale}`, () => {
    test.use({ locale });

    test('forced password change, verification code, invitation, reset and email confirmation pages', async ({ page, baseURL }) => {
      const m = (area: string, key: string) => message(area, locale, key);

      // The forced change after a temporary password.
      const temp = await createOperator(baseURL!, locale, 'temporary_password');
      await signInThroughPage(page, temp.email, temp.temporaryPassword!);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('auth', 'changePassword.title'));
      await expectNoAxeViolations(page);
      await screenshot(page, `change-password-${locale}`);
      await page.locator('input[autocomplete="current-password"]').fill(temp.temporaryPassword!);
      await page.locator('input[autocomplete="new-password"]').first().fill('short');
      await page.locator('input[autocomplete="new-password"]').last().fill('short');
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByText(m('errors', 'rule.password_too_short'))).toBeVisible();
      await expectNoAxeViolations(page);
      await page.locator('input[autocomplete="new-password"]').first().fill('a long enough passphrase');
      await page.locator('input[autocomplete="new-password"]').last().fill('a long enough passphrase');
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('home', 'title'));

      // The verification code step, after turning TOTP on through the API of this session.
      const csrf = (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken;
      const headers = { 'X-CSRF-Token': csrf, Origin: baseURL! };
      const setup = await (await page.request.post('/api/v1/me/mfa/totp/setup', { headers })).json();
      const totp = new TOTP({ secret: Secret.fromBase32(setup.secret) });
      expect((await page.request.post('/api/v1/me/mfa/totp/enable', { headers, data: { code: totp.generate() } })).status()).toBe(200);
      await page.request.post('/api/v1/auth/sign-out', { headers });
      await signInThroughPage(page, temp.email, 'a long enough passphrase');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('auth', 'verify.title'));
      await expectNoAxeViolations(page);
      await screenshot(page, `verify-${locale}`);

      // Accepting an invitation, from the link in the mail.
      await page.context().clearCookies();
      const invited = await createOperator(baseURL!, locale, 'invitation');
      const invitation = await waitForMail(invited.email);
      expect(invitation.subject).not.toMatch(/#/);
      const invitationLink = new URL(/https?:\/\/\S+#[\w-]+/.exec(invitation.text)![0]);
      await page.goto(invitationLink.pathname + invitationLink.hash);
      await expect(page.getByText(invited.email)).toBeVisible();
      await expectNoAxeViolations(page);
      await screenshot(page, `invitation-${locale}`);
      await page.locator('input[autocomplete="new-password"]').first().fill('invited person passphrase');
      await page.locator('input[autocomplete="new-password"]').last().fill('invited person passphrase');
      await page.locator('form button[type="submit"]').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('home', 'title'));

      // Asking for an email change, and confirming it from the link sent to the new address.
      const session = await (await page.request.get('/api/v1/auth/session')).json();
      const newAddress = `changed.${invited.email}`;
      await page.request.post('/api/v1/me/email', { headers: { 'X-CSRF-Token': session.csrfToken, Origin: baseURL! }, data: { email: newAddress } });
      const change = await waitForMail(newAddress);
      const changeLink = new URL(/https?:\/\/\S+#[\w-]+/.exec(change.text)![0]);
      await page.goto(changeLink.pathname + changeLink.hash);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('auth', 'confirmEmail.title'));
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: m('auth', 'confirmEmail.submit') }).click();
      await expect(page.getByRole('status')).toContainText(newAddress);
      await screenshot(page, `confirm-email-${locale}`);

      // A reset link that was already used says so.
      await page.context().clearCookies();
      await page.goto('/forgot-password');
      await page.locator('input[type="email"]').fill(newAddress);
      await page.locator('form button[type="submit"]').click();
      const reset = await waitForMail(newAddress, (mail) => mail.text.includes('/reset-password#'));
      const resetLink = new URL(/https?:\/\/\S+#[\w-]+/.exec(reset.text)![0]);
      await page.goto(resetLink.pathname + resetLink.hash);
      await expect(page.getByText(newAddress)).toBeVisible();
      await expectNoAxeViolations(page);
      await screenshot(page, `reset-password-${locale}`);
    });
  });
}
