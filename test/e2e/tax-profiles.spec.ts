import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

// 부산 지사 (L-2000318) has no enrollment that a tax form could move, and no other browser test changes it.
const busan = 'L-2000318';
const tax = (locale: string, key: string) => message('tax', locale, key);
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Edit where the location already has a form (the demo's), else submit the first one. */
const formButton = (locale: string) => new RegExp(`^(${escaped(tax(locale, 'edit'))}|${escaped(tax(locale, 'submit'))})$`);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

test.describe.serial('a W-8BEN-E, from the partner to the vendor and back', () => {
  test('in Korean, an Incentive admin submits a W-8BEN-E: a wrong tax id is refused at its field, then a right one waits for validation', async ({ page }) => {
    const ko = 'ko-KR';
    await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', ko, 'nav.taxProfiles') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tax(ko, 'title'));
    const section = page.getByTestId(`section-location-${busan}`);
    await expect(section).toContainText(tax(ko, 'requiredForm').replace('{{form}}', 'W-8BEN-E'));
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-profiles-${ko}`);

    // The demo's form is edited (or a first one submitted); either way it goes to validation.
    await section.getByRole('button', { name: formButton(ko) }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel(tax(ko, 'form.type'), { exact: true })).toHaveValue('W-8BEN-E');
    await dialog.getByLabel(tax(ko, 'form.legalName')).fill('한빛클라우드 주식회사');
    await dialog.getByLabel(tax(ko, 'form.address')).fill('부산광역시 해운대구 센텀중앙로 97');
    const taxId = dialog.getByLabel(tax(ko, 'form.taxId'));
    await taxId.fill('123-45-67890');
    await dialog.getByLabel(tax(ko, 'form.treatyClaim')).check();
    await dialog.getByLabel(tax(ko, 'form.treatyRate')).fill('10');
    await dialog.getByLabel(tax(ko, 'form.signedOn')).fill(daysAgo(10));
    await dialog.getByRole('button', { name: tax(ko, 'form.save') }).click();

    // The error sits at the tax id field, tied to it, in Korean.
    await expect(taxId).toHaveAttribute('aria-invalid', 'true');
    await expect(dialog.getByText(tax(ko, 'rule.check_digit'))).toBeVisible();
    const described = await taxId.getAttribute('aria-describedby');
    expect(described).toBeTruthy();
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-form-error-${ko}`);

    // Corrected, and sent with the keyboard.
    await taxId.fill('220-81-62517');
    await dialog.getByLabel(tax(ko, 'form.treatyRate')).press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(section.getByRole('status')).toHaveText(tax(ko, 'saved'));
    await expect(section.locator('[data-status="pending_validation"]')).toHaveText(tax(ko, 'status.pending_validation'));
    await expect(section.getByTestId('tax-id')).toHaveText('•••• 2517');
    await expect(section.getByTestId('withholding-rate')).toHaveText('30%');
    await expect(page.locator('body')).not.toContainText('62517');
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-profile-submitted-${ko}`);
  });

  test('in English, a Finance operator finds it in the queue, reveals the tax id and approves it with its treaty claim', async ({ page }) => {
    const en = 'en';
    await signInThroughPage(page, 'finance.approver@accrue.example', demoPassword);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', en, 'nav.taxReviews') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(tax(en, 'review.title'));
    await page.getByLabel(tax(en, 'review.filters.search')).fill(busan);
    const row = page.getByTestId('tax-reviews-table').locator(`[data-location="${busan}"]`);
    await expect(row).toContainText('•••• 2517');
    await expect(row).toContainText(tax(en, 'status.pending_validation'));
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-reviews-${en}`);

    await row.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('W-8BEN-E');
    await expect(page.getByTestId('tax-id')).toHaveText('•••• 2517');
    await page.getByRole('button', { name: tax(en, 'review.reveal') }).click();
    await expect(page.getByTestId('revealed-tax-id')).toContainText('220-81-62517');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: tax(en, 'review.approve.open') }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: tax(en, 'review.approve.submit') }).click();
    // The treaty claim must be decided first.
    await expect(dialog.getByText(tax(en, 'review.approve.chooseOne'))).toBeVisible();
    await dialog.getByLabel(tax(en, 'review.approve.yes')).check();
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-review-approve-${en}`);
    await dialog.getByRole('button', { name: tax(en, 'review.approve.submit') }).click();
    await expect(page.getByRole('status').filter({ hasText: tax(en, 'review.approve.done') })).toBeVisible();
    await expect(page.locator('[data-status="valid"]')).toHaveText(tax(en, 'status.valid'));
    await expect(page.getByTestId('withholding-rate')).toHaveText('10 %');
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-review-approved-${en}`);
  });

  test('in Korean, the partner sees the form Valid, with the treaty rate withheld', async ({ page }) => {
    const ko = 'ko-KR';
    await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
    await page.goto('/tax-profiles');
    const section = page.getByTestId(`section-location-${busan}`);
    await expect(section.locator('[data-status="valid"]')).toHaveText(tax(ko, 'status.valid'));
    await expect(section.getByTestId('withholding-rate')).toHaveText('10%');
    await section.scrollIntoViewIfNeeded();
    await expectNoAxeViolations(page);
    await screenshot(page, `tax-profile-valid-${ko}`);
  });
});

test('in Traditional Chinese, an Incentive user reads the tax forms and an Incentive admin opens the form', async ({ page }) => {
  const zh = 'zh-TW';
  await signInThroughPage(page, 'incentive.user@yunqiao.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', zh, 'nav.taxProfiles') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(tax(zh, 'title'));
  await expect(page.getByTestId('section-location-L-2000013')).toBeVisible();
  await expect(page.getByRole('button', { name: tax(zh, 'submit') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: tax(zh, 'edit') })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await screenshot(page, `tax-profiles-user-${zh}`);
  expect((await page.request.get('/api/v1/tax-profiles/L-2000013/edit')).status()).toBe(403);

  await page.context().clearCookies();
  await signInThroughPage(page, 'incentive.admin@yunqiao.example', demoPassword);
  await page.goto('/tax-profiles');
  const section = page.getByTestId('section-location-L-2000013');
  await section.getByRole('button', { name: formButton(zh) }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(tax(zh, 'form.type'), { exact: true })).toHaveValue('W-8BEN-E');
  await dialog.getByLabel(tax(zh, 'form.treatyClaim')).check();
  await expect(dialog.getByLabel(tax(zh, 'form.treatyRate'))).toBeVisible();
  // The fields follow the form type: a W-9 asks for an EIN and has no treaty claim.
  await dialog.getByLabel(tax(zh, 'form.type'), { exact: true }).selectOption('W-9');
  await expect(dialog.getByLabel(tax(zh, 'form.taxIdEin'))).toBeVisible();
  await expect(dialog.getByLabel(tax(zh, 'form.treatyClaim'))).toHaveCount(0);
  await dialog.getByLabel(tax(zh, 'form.type'), { exact: true }).selectOption('W-8BEN-E');
  await expectNoAxeViolations(page);
  await screenshot(page, `tax-form-${zh}`);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});
