import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

const m = (locale: string, key: string) => message('incentives', locale, key);

test('in Korean, an Incentive admin holds the payments of an enrolled program from next month, and clears the hold again', async ({ page }) => {
  await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
  await page.goto('/incentives/L-2000317/CSP-DIRECT');
  const payout = page.getByTestId('section-payout');
  await expect(payout).toBeVisible();
  await expect(payout.getByRole('textbox', { name: m('ko-KR', 'payout.profile') })).toHaveValue(/신한은행 원화 계좌 · •••• 7890/);
  await expect(payout.getByRole('textbox', { name: m('ko-KR', 'payout.currency') })).toHaveValue('KRW');

  const hold = payout.getByRole('switch', { name: m('ko-KR', 'payout.hold.label') });
  await expect(hold).not.toBeChecked();
  await hold.focus();
  await page.keyboard.press('Space');
  await expect(hold).toBeChecked();
  const next = new Date();
  const nextMonth = new Intl.DateTimeFormat('ko-KR', { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 1)));
  await expect(payout.getByRole('status')).toHaveText(m('ko-KR', 'payout.hold.saved').replace('{{month}}', nextMonth));
  await expect(payout).toContainText(m('ko-KR', 'payout.hold.from').replace('{{month}}', nextMonth));
  await expectNoAxeViolations(page);
  await screenshot(page, 'payout-hold-ko-KR');

  await page.keyboard.press('Space');
  await expect(hold).not.toBeChecked();
  await expect(payout).toContainText(m('ko-KR', 'payout.hold.clearedFrom').replace('{{month}}', nextMonth));
});

// Another browser test resets the Korean Incentive user's password: the reader here is Northwind's.
test('an Incentive user reads the payout of an ended program, masked, without controls', async ({ page }) => {
  await signInThroughPage(page, 'incentive.user@northwind.example', demoPassword);
  await page.goto('/incentives/L-2000001/CSP-DIRECT-FY26');
  const payout = page.getByTestId('section-payout');
  await expect(payout).toContainText('Operating account · •••• 0175');
  await expect(payout).toContainText('USD');
  await expect(payout.getByRole('button')).toHaveCount(0);
  await expect(payout.getByRole('switch', { name: m('en', 'payout.hold.label') })).toBeDisabled();
  await expectNoAxeViolations(page);
  const body = await (await page.request.get('/api/v1/incentives/L-2000001/CSP-DIRECT-FY26/payout')).text();
  expect(body).not.toContain('483920175');
});

test('in Traditional Chinese, an Incentive admin assigns the payment profile, and the step is done', async ({ page }) => {
  await signInThroughPage(page, 'incentive.admin@yunqiao.example', demoPassword);
  await page.goto('/incentives/L-2000012/CSP-DIRECT');
  const steps = page.getByTestId('section-next-steps');
  await expect(steps).toContainText(`${m('zh-TW', 'nextSteps.payment_profile')} — ${m('zh-TW', 'nextSteps.missing')}`);
  await expect(steps).toContainText(message('enrollments', 'zh-TW', 'profileStatus.action_required'));

  const payout = page.getByTestId('section-payout');
  await payout.getByRole('textbox', { name: m('zh-TW', 'payout.profile') }).click();
  await page.getByRole('option', { name: /臺灣銀行 新台幣帳戶/ }).click();
  await expect(payout.getByRole('textbox', { name: m('zh-TW', 'payout.currency') })).toHaveValue('TWD');
  await expectNoAxeViolations(page);
  await screenshot(page, 'payout-assign-zh-TW');
  await payout.getByRole('button', { name: m('zh-TW', 'payout.save') }).click();
  await expect(payout.getByRole('status')).toHaveText(m('zh-TW', 'payout.saved'));
  // The tax profile was sent back, so the enrollment still needs action; the payment step is done.
  await expect(steps).toContainText(`${m('zh-TW', 'nextSteps.payment_profile')} — ${m('zh-TW', 'nextSteps.done')}`);
  await expect(page.getByTestId('incentive-status')).toContainText(message('enrollments', 'zh-TW', 'status.action_required'));
});

test('in English, the payout of a held program shows the month the hold applies from', async ({ page }) => {
  await signInThroughPage(page, 'admin@contoso.example', demoPassword);
  await page.goto('/incentives/L-2000003/CSP-INDIRECT');
  const payout = page.getByTestId('section-payout');
  await expect(payout.getByRole('switch', { name: m('en', 'payout.hold.label') })).toBeChecked();
  await expect(payout).toContainText(/Held from \w{3} \d{4}/);
  await expectNoAxeViolations(page);
  await screenshot(page, 'payout-held-en');
});
