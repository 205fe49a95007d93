import type { Browser, Page } from '@playwright/test';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test, waitForMail } from './fixtures.ts';

// Contoso (P-1000002) is changed by no other browser test; its Global admin creates the people here.
const globalAdmin = 'admin@contoso.example';
const stamp = Date.now().toString(36);
const adminA = { email: `pay.admin.${stamp}@contoso.example`, name: '周怡安', locale: 'zh-TW' };
const viewer = { email: `pay.viewer.${stamp}@contoso.example`, name: 'Robin Park', locale: 'en' };
const newPassword = 'a payments passphrase';
const profileName = `Contoso EUR ${stamp}`;
const iban = 'DE89 3704 0044 0532 0130 00';
const m = (locale: string, key: string) => message('payments', locale, key);

async function newPage(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, reducedMotion: 'reduce' });
  return context.newPage();
}

/** Signs in with a temporary password and sets a new one on the forced change page. */
async function firstSignIn(page: Page, email: string, temporaryPassword: string) {
  await signInThroughPage(page, email, temporaryPassword);
  await expect(page).toHaveURL(/\/change-password$/);
  await page.locator('input[autocomplete="current-password"]').fill(temporaryPassword);
  await page.locator('input[autocomplete="new-password"]').first().fill(newPassword);
  await page.locator('input[autocomplete="new-password"]').last().fill(newPassword);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname !== '/change-password');
}

test.describe.serial('new bank details under dual control', () => {
  const passwords: Record<string, string> = {};

  test('the Global admin adds a second admin and an Incentive user', async ({ page }) => {
    await signInThroughPage(page, globalAdmin, demoPassword);
    const { csrfToken } = await (await page.request.get('/api/v1/auth/session')).json();
    for (const [person, role] of [
      [adminA, 'incentive_admin'],
      [viewer, 'incentive_user'],
    ] as const) {
      const res = await page.request.post('/api/v1/users', {
        headers: { 'X-CSRF-Token': csrfToken, Origin: new URL(page.url()).origin },
        data: { name: person.name, email: person.email, locale: person.locale, roles: [{ role, scope: 'all' }], credentials: 'temporary_password' },
      });
      expect(res.status()).toBe(201);
      passwords[person.email] = (await res.json()).temporaryPassword;
    }
  });

  test('admin A enters new bank details in Chinese: a bad IBAN is refused at the field, then they wait for a second admin', async ({ browser }) => {
    const page = await newPage(browser, 'zh-TW');
    await firstSignIn(page, adminA.email, passwords[adminA.email]!);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await page.getByRole('navigation').getByRole('link', { name: message('shell', 'zh-TW', 'nav.paymentProfiles') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('zh-TW', 'title'));
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-profiles-zh-TW');

    await page.getByRole('button', { name: m('zh-TW', 'actions.add') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(m('zh-TW', 'fields.name')).fill(profileName);
    await dialog.getByLabel(m('zh-TW', 'fields.currencies')).fill('EUR, USD');
    await dialog.getByLabel(m('zh-TW', 'fields.bankCountry')).selectOption('DE');
    await expect(dialog.getByText(m('zh-TW', 'form.scheme.iban'))).toBeVisible();
    await expect(dialog.getByLabel(m('zh-TW', 'fields.routingNumber'))).toHaveCount(0);
    await dialog.getByLabel(m('zh-TW', 'fields.accountHolder')).fill('Contoso GmbH');
    const ibanField = dialog.getByRole('textbox', { name: m('zh-TW', 'fields.iban') });
    await ibanField.fill('DE89 3704 0044 0532 0130 01');
    await dialog.getByLabel(m('zh-TW', 'fields.bic')).fill('DEUTDEFF');
    await dialog.getByRole('button', { name: m('zh-TW', 'form.submit') }).click();
    await expect(ibanField).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText(m('zh-TW', 'rule.iban.check_digits'))).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-profile-bad-iban-zh-TW');

    // By keyboard: correct the IBAN and submit with Enter.
    await ibanField.fill(iban);
    await ibanField.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: m('zh-TW', 'submitted.admin') })).toBeVisible();
    const pending = page.getByTestId('pending-change');
    await expect(pending).toContainText('•••• 3000');
    await expect(pending).toContainText(m('zh-TW', 'pending.waitingAdmin'));
    await expect(pending.getByRole('button', { name: m('zh-TW', 'actions.confirm') })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-profile-pending-zh-TW');
    await page.context().close();
  });

  test('admin B confirms in Korean', async ({ browser }) => {
    const page = await newPage(browser, 'ko-KR');
    await signInThroughPage(page, globalAdmin, demoPassword);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.paymentProfiles') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('en', 'title'));
    await expect(async () => {
      await page.getByTestId('language-switcher').selectOption('ko-KR');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('ko-KR', 'title'), { timeout: 2_000 });
    }).toPass();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
    const pending = page.getByTestId('pending-change').filter({ hasText: profileName });
    await expect(pending).toContainText(adminA.email);
    await expect(pending).toContainText('•••• 3000');
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-profile-confirm-ko-KR');
    await pending.getByRole('button', { name: m('ko-KR', 'actions.confirm') }).click();
    await expect(page.getByRole('status').filter({ hasText: m('ko-KR', 'pending.confirmed') })).toBeVisible();
    const card = page.locator(`[data-profile="${profileName}"]`);
    await expect(card).toContainText(m('ko-KR', 'status.pending_validation'));
    await expect(card).toContainText('•••• 3000');
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-profiles-ko-KR');
    await page.getByTestId('language-switcher').selectOption('en');
    await page.context().close();
  });

  test('the Incentive user sees only the last 4 characters', async ({ browser }) => {
    const page = await newPage(browser, 'en');
    await firstSignIn(page, viewer.email, passwords[viewer.email]!);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.paymentProfiles') }).click();
    const card = page.locator(`[data-profile="${profileName}"]`);
    await expect(card).toContainText('•••• 3000');
    await expect(card).toContainText('DEUTDEFF');
    await expect(page.getByRole('button', { name: m('en', 'actions.add') })).toHaveCount(0);
    await expect(card.getByRole('button')).toHaveCount(0);
    const html = await page.content();
    for (const secret of ['DE89370400440532013000', iban, '0532 0130', '370400440532']) expect(html).not.toContain(secret);
    const api = await (await page.request.get('/api/v1/payment-profiles')).text();
    expect(api).not.toContain('DE89370400440532013000');
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-profiles-user-en');
    await page.context().close();
  });

  test('a Finance operator approves it in English', async ({ page }) => {
    await signInThroughPage(page, 'finance.approver@accrue.example', demoPassword);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.paymentReviews') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('en', 'reviews.title'));
    await page.getByLabel(m('en', 'reviews.search')).fill(stamp);
    const row = page.locator(`tr[data-profile="${profileName}"]`);
    await expect(row).toContainText('•••• 3000');
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-reviews-en');
    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(profileName);
    await page.getByRole('button', { name: m('en', 'reviews.reveal') }).click();
    await expect(page.getByTestId('full-account')).toHaveText('DE89370400440532013000');
    await page.getByRole('button', { name: m('en', 'reviews.approve') }).click();
    await expect(page.getByRole('status').filter({ hasText: m('en', 'reviews.approved') })).toBeVisible();
    await expect(page.getByText(m('en', 'status.approved'), { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: m('en', 'reviews.approve') })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshot(page, 'payment-review-approved-en');
  });
});

test('the only admin of an organization confirms new bank details by the mailed link, once', async ({ page }) => {
  // Fabrikam (P-1000003) has one admin, and no other browser test changes its profiles.
  const admin = 'admin@fabrikam.example';
  const name = `Fabrikam JPY ${stamp}`;
  await signInThroughPage(page, admin, demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.paymentProfiles') }).click();
  await page.getByRole('button', { name: m('en', 'actions.add') }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(m('en', 'fields.name')).fill(name);
  await dialog.getByLabel(m('en', 'fields.currencies')).fill('JPY');
  await dialog.getByLabel(m('en', 'fields.bankCountry')).selectOption('JP');
  await expect(dialog.getByRole('textbox', { name: m('en', 'fields.iban') })).toHaveCount(0);
  await dialog.getByLabel(m('en', 'fields.accountHolder')).fill('Fabrikam KK');
  await dialog.getByRole('textbox', { name: m('en', 'fields.accountNumber') }).fill('1234567');
  await dialog.getByLabel(m('en', 'fields.bic')).fill('BOTKJPJT');
  await dialog.getByRole('button', { name: m('en', 'form.submit') }).click();
  await expect(page.getByRole('status').filter({ hasText: m('en', 'submitted.link') })).toBeVisible();
  await expect(page.getByTestId('pending-change')).toContainText(m('en', 'pending.waitingLink'));

  const mail = await waitForMail(admin, (m) => m.subject.includes(name));
  const link = new URL(/https?:\/\/\S+#[\w-]+/.exec(mail.text)![0]);
  expect(link.pathname).toBe('/confirm-bank-change');
  await page.goto(link.pathname + link.hash);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('en', 'link.title'));
  await expect(page.getByRole('main')).toContainText('•••• 4567');
  await expect(page.getByRole('main')).not.toContainText('1234567');
  await expectNoAxeViolations(page);
  await screenshot(page, 'confirm-bank-change-en');
  await page.getByRole('button', { name: m('en', 'link.confirm') }).click();
  await expect(page.getByRole('status')).toHaveText(m('en', 'link.done'));

  await page.goto('/payment-profiles');
  await expect(page.locator(`[data-profile="${name}"]`)).toContainText(m('en', 'status.pending_validation'));
  await expect(page.locator(`[data-profile="${name}"]`)).toContainText('•••• 4567');

  // The link works once.
  await page.goto(link.pathname + link.hash);
  await expect(page.getByRole('alert')).toHaveText(m('en', 'link.invalid'));
});
