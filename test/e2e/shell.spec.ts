import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

const locales = ['en', 'zh-TW', 'ko-KR'] as const;
/** Demo users whose own language setting is each locale. */
const partnerAdmin = { en: 'global.admin@northwind.example', 'zh-TW': 'admin@yunqiao.example', 'ko-KR': 'admin@hanbit.example' } as const;
const operator = { en: 'admin@accrue.example', 'zh-TW': 'finance@accrue.example', 'ko-KR': 'support@accrue.example' } as const;

for (const locale of locales) {
  test.describe(`the shell in ${locale}`, () => {
    test.use({ locale });

    test('a partner overview in the reader language passes axe', async ({ page }) => {
      await signInThroughPage(page, partnerAdmin[locale], demoPassword);
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', locale, 'title'));
      const nav = page.getByRole('navigation', { name: message('shell', locale, 'mainNavigation') });
      await expect(nav.getByRole('link', { name: message('shell', locale, 'nav.overview') })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId('language-switcher')).toHaveValue(locale);
      await expect(page).toHaveTitle(`${message('home', locale, 'title')} · Accrue`);
      await expectNoAxeViolations(page);
      await screenshot(page, `shell-overview-${locale}`);
    });

    test('an operator reaches the system status from the navigation', async ({ page }) => {
      await signInThroughPage(page, operator[locale], demoPassword);
      const nav = page.getByRole('navigation', { name: message('shell', locale, 'mainNavigation') });
      await nav.getByRole('link', { name: message('shell', locale, 'nav.systemStatus') }).click();
      await expect(page).toHaveURL(/\/operations\/system$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', locale, 'title'));
      await expect(page.getByTestId('status-badge')).toHaveText(message('system', locale, 'ready'));
      await expectNoAxeViolations(page);
      await screenshot(page, `shell-system-status-${locale}`);
    });

    test('an unknown page says so and passes axe', async ({ page }) => {
      await signInThroughPage(page, partnerAdmin[locale], demoPassword);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.goto('/no/such/page');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('shell', locale, 'notFound.title'));
      await expectNoAxeViolations(page);
    });
  });
}

test('pages behind sign-in send a visitor to the sign-in page and back', async ({ page }) => {
  await page.goto('/users');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fusers$/);
  await page.locator('input[type="email"]').fill(partnerAdmin.en);
  await page.locator('input[autocomplete="current-password"]').fill(demoPassword);
  await page.locator('form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/users$/);
});

test('the language switcher changes the language at once and remembers it', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('auth', 'en', 'signIn.title'));
  await page.getByTestId('language-switcher').selectOption('ko-KR');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('auth', 'ko-KR', 'signIn.title'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('auth', 'ko-KR', 'signIn.title'));

  // Signed in, the switch also becomes the user's own setting.
  await signInThroughPage(page, 'user.admin@northwind.example', demoPassword);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'en', 'title'));
  await page.getByTestId('language-switcher').selectOption('zh-TW');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'zh-TW', 'title'));
  const session = await (await page.request.get('/api/v1/auth/session')).json();
  await expect.poll(async () => (await (await page.request.get('/api/v1/auth/session')).json()).user.locale).toBe('zh-TW');
  expect(session.signedIn).toBe(true);
  await page.getByTestId('language-switcher').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'en', 'title'));
});

test('works by keyboard: skip link, navigation, language', async ({ page }) => {
  await signInThroughPage(page, 'admin@accrue.example', demoPassword);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: message('shell', 'en', 'skipToContent') });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const systemLink = page.getByRole('link', { name: message('shell', 'en', 'nav.systemStatus') });
  const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? null);
  for (let i = 0; i < 20 && (await focusedHref()) !== '/operations/system'; i++) {
    await page.keyboard.press('Tab');
  }
  await expect(systemLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', 'en', 'title'));
});

test('on a phone the navigation opens from the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInThroughPage(page, 'admin@accrue.example', demoPassword);
  const toggle = page.getByRole('button', { name: message('shell', 'en', 'menu.toggle') });
  await expect(toggle).toBeVisible();
  await toggle.click();
  await page.getByRole('link', { name: message('shell', 'en', 'nav.systemStatus') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', 'en', 'title'));
  await expectNoAxeViolations(page);
  await screenshot(page, 'shell-phone-en');
});
