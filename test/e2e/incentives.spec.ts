import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test, waitForMail } from './fixtures.ts';

const status = (locale: string, key: string) => message('enrollments', locale, `status.${key}`);

test.describe.serial('an invitation, from the banner to the enrollment', () => {
  test('an Incentive admin sees the banner, accepts, and the enrollment moves on', async ({ page }) => {
    const m = (key: string) => message('incentives', 'en', key);
    await signInThroughPage(page, 'incentive.admin@northwind.example', demoPassword);
    const banner = page.getByTestId('invitation-banner');
    await expect(banner).toBeVisible();
    await expect(banner).toContainText('CSP direct seller rebate');
    await expectNoAxeViolations(page);
    await screenshot(page, 'incentives-banner-en');

    await banner.getByRole('link', { name: /Seattle headquarters/ }).click();
    await expect(page).toHaveURL(/\/incentives\/L-2000001\/CSP-DIRECT$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('CSP direct seller rebate');
    await expect(page.getByTestId('incentive-status')).toContainText(status('en', 'invited'));
    const requirements = page.getByTestId('requirements');
    await expect(requirements.locator('[data-met="true"]')).toHaveCount(5);
    await expect(requirements).toContainText('An active reseller agreement');
    await expectNoAxeViolations(page);
    await screenshot(page, 'incentive-invited-en');

    await page.getByRole('button', { name: m('accept.button') }).click();
    await expect(page.getByRole('status').filter({ hasText: m('accept.done') })).toBeVisible();
    await expect(page.getByTestId('incentive-status')).toContainText(status('en', 'action_required'));
    await expect(page.getByTestId('section-next-steps')).toContainText(m('nextSteps.tax_profile'));
    await expect(page.getByRole('button', { name: m('accept.button') })).toHaveCount(0);
    await expectNoAxeViolations(page);
    await screenshot(page, 'incentive-accepted-en');

    // Back on the overview the invitation is gone from the banner.
    await page.getByRole('link', { name: m('back') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('title'));
    await expect(page.getByTestId('invitation-banner')).toHaveCount(0);
    await expect(page.locator('[data-program="CSP-DIRECT"]').first()).toContainText(status('en', 'action_required'));
  });

  test('an Incentive user of the same organization sees "Enrolling", and cannot accept', async ({ page }) => {
    await signInThroughPage(page, 'incentive.user@northwind.example', demoPassword);
    await expect(page.getByTestId('invitation-banner')).toHaveCount(0);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.incentives') }).click();
    const seattle = page.getByTestId('section-location-L-2000001');
    await expect(seattle.locator('[data-program="CSP-DIRECT"]')).toContainText(status('en', 'enrolling'));
    await expect(seattle.locator('[data-program="CSP-DIRECT-FY26"]')).toContainText(status('en', 'inactive'));
    await expectNoAxeViolations(page);
    await screenshot(page, 'incentives-overview-user-en');
    await seattle.locator('[data-program="CSP-DIRECT"]').getByRole('link').click();
    await expect(page.getByTestId('incentive-status')).toContainText(status('en', 'enrolling'));
    await expect(page.getByText(message('incentives', 'en', 'enrollingExplained'))).toBeVisible();
    await expect(page.getByRole('button', { name: message('incentives', 'en', 'accept.button') })).toHaveCount(0);
  });

  test('a user of another organization gets 404 for it', async ({ page }) => {
    await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
    const api = await page.request.get('/api/v1/incentives/L-2000001/CSP-DIRECT');
    expect(api.status()).toBe(404);
    await page.goto('/incentives/L-2000001/CSP-DIRECT');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('incentives', 'ko-KR', 'notFound'));
    await expectNoAxeViolations(page);
  });
});

test('the invitation mail reached the organization admins', async () => {
  const mail = await waitForMail('incentive.admin@northwind.example', (m) => m.subject.includes('invited to CSP direct seller rebate'));
  expect(mail.text).toContain('/incentives/L-2000001/CSP-DIRECT');
});

test('in Korean, a partner reads which requirement keeps a location out', async ({ page }) => {
  const locale = 'ko-KR';
  await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', locale, 'nav.incentives') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('incentives', locale, 'title'));
  const seoul = page.getByTestId('section-location-L-2000317');
  await expect(seoul.locator('[data-program="CSP-DIRECT"]')).toContainText(status(locale, 'enrolled'));
  await expect(seoul.locator('[data-program="CSP-DIRECT-FY26"]')).toContainText(status(locale, 'inactive'));
  await expectNoAxeViolations(page);
  await screenshot(page, `incentives-overview-${locale}`);

  await page.getByTestId('section-location-L-2000318').locator('[data-program="CSP-DIRECT"]').getByRole('link').click();
  const unmet = page.getByTestId('requirements').locator('[data-met="false"]');
  await expect(unmet).toHaveCount(1);
  await expect(unmet).toContainText(message('enrollments', locale, 'requirement.partner_type'));
  await expect(unmet).toContainText(message('enrollments', locale, 'partnerType.indirect_reseller'));
  await expectNoAxeViolations(page);
  await screenshot(page, `incentive-not-eligible-${locale}`);
});

test('in Traditional Chinese, an Incentive user sees an accepted enrollment as Enrolling, with its history', async ({ page }) => {
  const locale = 'zh-TW';
  await signInThroughPage(page, 'incentive.user@yunqiao.example', demoPassword);
  await page.goto('/incentives/L-2000012/CSP-DIRECT');
  await expect(page.getByTestId('incentive-status')).toContainText(status(locale, 'enrolling'));
  await expect(page.getByTestId('section-history')).toContainText(message('enrollments', locale, 'event.accept'));
  await expectNoAxeViolations(page);
  await screenshot(page, `incentive-enrolling-${locale}`);
});
