import { expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test, waitForMail, demoPassword } from './fixtures.ts';

const admins = {
  en: 'global.admin@northwind.example',
  'ko-KR': 'admin@hanbit.example',
  'zh-TW': 'admin@yunqiao.example',
} as const;

test('an admin creates a user with a temporary password; the user must change it; a reset ends their session', async ({ browser }) => {
  const adminContext = await browser.newContext({ locale: 'en', reducedMotion: 'reduce' });
  const admin = await adminContext.newPage();
  await signInThroughPage(admin, admins.en, demoPassword);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(message('home', 'en', 'title'));

  await admin.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.users') }).click();
  await admin.getByRole('button', { name: message('users', 'en', 'create.open') }).click();
  const email = `new.person.${Date.now()}@northwind.example`;
  const dialog = admin.getByRole('dialog');
  await dialog.getByLabel(message('users', 'en', 'fields.name')).fill('New Person');
  await dialog.locator('input[type="email"]').fill(email);
  await dialog.getByLabel(message('users', 'en', 'role.incentive_user')).check();
  await dialog.getByLabel(message('users', 'en', 'credentials.temporary_password')).check();
  await dialog.getByRole('button', { name: message('users', 'en', 'create.submit') }).click();
  const temporary = (await dialog.getByTestId('temporary-password').textContent())!.trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{16}$/);
  await dialog.getByRole('button', { name: message('users', 'en', 'created.done') }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('New Person');

  const userContext = await browser.newContext({ locale: 'en', reducedMotion: 'reduce' });
  const user = await userContext.newPage();
  await signInThroughPage(user, email, temporary);
  await expect(user).toHaveURL(/\/change-password$/);
  await expectNoAxeViolations(user);
  await user.locator('input[autocomplete="current-password"]').fill(temporary);
  await user.locator('input[autocomplete="new-password"]').first().fill('my very own passphrase');
  await user.locator('input[autocomplete="new-password"]').last().fill('my very own passphrase');
  await user.locator('form button[type="submit"]').click();
  await expect(user.getByRole('heading', { level: 1 })).toHaveText(message('home', 'en', 'title'));
  await expect(user.getByTestId('admins-card')).toContainText(admins.en);

  // The admin resets the password: the user's open session ends.
  await admin.getByLabel(message('users', 'en', 'credentials.temporary_password')).check();
  await admin.getByRole('button', { name: message('users', 'en', 'reset.submit') }).click();
  await expect(admin.getByTestId('temporary-password')).toBeVisible();
  await user.reload();
  await expect(user).toHaveURL(/\/sign-in/);

  await adminContext.close();
  await userContext.close();
});

test('forgot password: the link arrives by mail and sets a new password', async ({ page }) => {
  const email = 'incentive.user@hanbit.example';
  await page.goto('/forgot-password');
  await page.locator('input[type="email"]').fill(email);
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('status')).toHaveText(message('auth', 'en', 'forgot.sent'));

  const mail = await waitForMail(email, (m) => m.subject === message('mail', 'ko-KR', 'password_reset.subject'));
  const link = /https?:\/\/\S+#[\w-]+/.exec(mail.text)![0];
  await page.goto(new URL(link).pathname + new URL(link).hash);
  await expect(page.getByText(email)).toBeVisible();
  await page.locator('input[autocomplete="new-password"]').first().fill('a fresh passphrase here');
  await page.locator('input[autocomplete="new-password"]').last().fill('a fresh passphrase here');
  await page.locator('form button[type="submit"]').click();
  await expect(page.getByRole('status')).toHaveText(message('auth', 'en', 'reset.done'));

  await signInThroughPage(page, email, 'a fresh passphrase here');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'ko-KR', 'title'));
});

test('a wrong password is refused without saying whether the account exists', async ({ page }) => {
  await signInThroughPage(page, 'nobody@example.test', 'not the password at all', { expectRefusal: true });
  await expect(page.getByRole('alert')).toContainText(message('identity', 'en', 'signIn.failed'));
  await expectNoAxeViolations(page);
});

test('a user with no role sees who the administrators are', async ({ page }) => {
  await signInThroughPage(page, 'no.role@northwind.example', demoPassword);
  const card = page.getByTestId('admins-card');
  await expect(card).toContainText(message('home', 'en', 'admins.noRole'));
  await expect(card).toContainText(admins.en);
  await expect(page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.users') })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

for (const locale of ['en', 'zh-TW', 'ko-KR'] as const) {
  test(`identity pages in ${locale} pass axe`, async ({ browser }) => {
    const context = await browser.newContext({ locale, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('auth', locale, 'signIn.title'));
    await expectNoAxeViolations(page);
    await screenshot(page, `sign-in-${locale}`);

    await page.goto('/forgot-password');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('auth', locale, 'forgot.title'));
    await expectNoAxeViolations(page);

    await page.goto('/invitation#not-a-real-token-at-all-000000');
    await expect(page.getByRole('alert')).toHaveText(message('auth', locale, 'link.invalid'));
    await expectNoAxeViolations(page);

    await signInThroughPage(page, admins[locale], demoPassword);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', locale, 'title'));
    await expectNoAxeViolations(page);
    await screenshot(page, `overview-signed-in-${locale}`);

    await page.goto('/users');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('users', locale, 'title'));
    await expect(page.getByTestId('users-table')).toContainText(admins[locale]);
    await expectNoAxeViolations(page);
    await screenshot(page, `users-${locale}`);

    await page.getByRole('button', { name: message('users', locale, 'create.open') }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, `users-create-${locale}`);
    await page.keyboard.press('Escape');

    await page.getByTestId('users-table').getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, `user-detail-${locale}`);
    await context.close();
  });
}
