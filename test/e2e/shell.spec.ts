import { expect, expectNoAxeViolations, message, screenshot, test } from './fixtures.ts';

const locales = ['en', 'zh-TW', 'ko-KR'] as const;

for (const locale of locales) {
  test.describe(`the shell in ${locale}`, () => {
    test.use({ locale });

    test('overview and system status are in the reader language and pass axe', async ({ page }) => {
      await page.goto('/');
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', locale, 'title'));
      const nav = page.getByRole('navigation', { name: message('shell', locale, 'mainNavigation') });
      await expect(nav.getByRole('link', { name: message('shell', locale, 'nav.overview') })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByTestId('language-switcher')).toHaveValue(locale);
      await expect(page).toHaveTitle(`${message('home', locale, 'title')} · Accrue`);
      await expectNoAxeViolations(page);
      await screenshot(page, `shell-overview-${locale}`);

      await nav.getByRole('link', { name: message('shell', locale, 'nav.systemStatus') }).click();
      await expect(page).toHaveURL(/\/operations\/system$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', locale, 'title'));
      await expect(page.getByTestId('status-badge')).toHaveText(message('system', locale, 'ready'));
      await expectNoAxeViolations(page);
      await screenshot(page, `shell-system-status-${locale}`);
    });

    test('an unknown page says so and passes axe', async ({ page }) => {
      await page.goto('/no/such/page');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('shell', locale, 'notFound.title'));
      await expectNoAxeViolations(page);
    });
  });
}

test('the language switcher changes the language at once and remembers it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'en', 'title'));
  await page.getByTestId('language-switcher').selectOption('ko-KR');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'ko-KR', 'title'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('home', 'ko-KR', 'title'));
  await page.getByTestId('language-switcher').selectOption('zh-TW');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
  await page.goto('/operations/system');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', 'zh-TW', 'title'));
});

test('works by keyboard: skip link, navigation, language', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: message('shell', 'en', 'skipToContent') });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  // From the top: brand, language switcher, then the navigation links in order.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const systemLink = page.getByRole('link', { name: message('shell', 'en', 'nav.systemStatus') });
  for (let i = 0; i < 10 && !(await systemLink.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(systemLink).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', 'en', 'title'));

  const switcher = page.getByTestId('language-switcher');
  await switcher.focus();
  await page.keyboard.press('ArrowDown'); // en → zh-TW
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
});

test('on a phone the navigation opens from the menu button', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: message('shell', 'en', 'menu.toggle') });
  await expect(toggle).toBeVisible();
  await toggle.click();
  await page.getByRole('link', { name: message('shell', 'en', 'nav.systemStatus') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('system', 'en', 'title'));
  await expectNoAxeViolations(page);
  await screenshot(page, 'shell-phone-en');
});
