import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

// CSP-INDIRECT is edited here; programs.spec.ts reads CSP-DIRECT and counts the programs, so no
// program is created.
test('an operator edits a program, sees the new version in its history and opens the older one', async ({ page }) => {
  test.slow(); // four pages, each checked by axe
  const m = (key: string, values: Record<string, string | number> = {}) =>
    Object.entries(values).reduce((text, [name, value]) => text.replace(`{{${name}}}`, String(value)), message('programs', 'en', key));
  await signInThroughPage(page, 'admin@accrue.example', demoPassword);
  await page.goto('/programs/CSP-INDIRECT');
  const versions = page.getByTestId('versions-table').getByRole('row');
  await expect(versions).toHaveCount(2);

  await page.getByRole('link', { name: m('edit.open') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('edit.title', { name: 'CSP indirect provider incentive' }));
  // Only the status saved now and the ones after it are offered.
  await expect(page.getByLabel(m('columns.status')).locator('option')).toHaveText(['Open', 'Closed', 'Discontinued']);
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-edit-en');

  await page.getByRole('textbox', { name: m('form.nameIn', { language: 'English' }) }).fill('CSP indirect provider rebate');
  const azure = page.getByTestId('rate-0-1').getByRole('textbox', { name: m('columns.rate') });
  await expect(azure).toHaveValue('0.05');
  // A decimal that is not one is pointed out while typing; the server decides on save.
  await azure.fill('0.05.5');
  await expect(page.getByTestId('rate-0-1')).toContainText('at most 6 digits after the point');
  await azure.fill('0.055');
  await expect(page.getByTestId('rate-0-1')).not.toContainText('at most 6 digits');

  // A rate row is added from the keyboard: the new row's first input takes the focus.
  await page.getByTestId('lever-1').getByRole('button', { name: m('form.addRate') }).focus();
  await page.keyboard.press('Enter');
  const added = page.getByTestId('rate-1-1');
  await expect(added.getByRole('textbox', { name: m('columns.category') })).toBeFocused();
  await page.keyboard.type('security');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0.015');
  await added.getByLabel(m('form.fromMonth')).fill('2025-05');
  await expectNoAxeViolations(page);

  await page.getByRole('button', { name: m('form.save') }).click();
  await expect(page).toHaveURL(/\/programs\/CSP-INDIRECT$/);
  await expect(page.getByRole('status')).toHaveText(m('edit.done_versioned', { version: 2 }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CSP indirect provider rebate');
  await expect(page.getByTestId('rates-table')).toContainText('5.5%');
  await expect(versions).toHaveCount(3);
  await expect(versions.nth(1)).toContainText('admin@accrue.example');
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-versioned-en');

  await page.getByRole('link', { name: m('versions.link', { version: 1 }) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('versions.title', { name: 'CSP indirect provider incentive', version: 1 }));
  await expect(page.getByText(m('versions.first'))).toBeVisible();
  await expect(page.getByTestId('rates-table')).toContainText('5%');
  await expect(page.getByTestId('rates-table')).not.toContainText('security');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: m('versions.back') }).click();
  await page.getByRole('link', { name: m('versions.link', { version: 2 }) }).click();
  const changes = page.getByTestId('changes-table');
  await expect(changes.getByRole('row', { name: /Name \(English\)/ })).toContainText('CSP indirect provider incentive');
  await expect(changes.getByRole('row', { name: /Lever 1 \(CORE\) › Rate row 2 › Rate/ })).toContainText('0.055');
  await expect(changes.getByRole('row', { name: /Lever 2 \(COOP\) › Rate row 2/ })).toContainText('security');
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-version-en');
});

test('in Korean, a program manager sees the form, the server refuses a bad rate at its input, and nothing is saved', async ({ page }) => {
  test.slow();
  const m = (key: string) => message('programs', 'ko-KR', key);
  await signInThroughPage(page, 'programs@accrue.example', demoPassword);
  await page.goto('/programs');
  await page.getByRole('link', { name: m('create.open') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('create.title'));
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-new-ko-KR');
  await page.getByRole('link', { name: m('form.cancel') }).click();
  await expect(page).toHaveURL(/\/programs$/);

  await page.goto('/programs/CSP-INDIRECT');
  const versions = page.getByTestId('versions-table').getByRole('row');
  await expect(versions.first()).toBeVisible();
  const before = await versions.count();
  await page.getByRole('link', { name: m('edit.open') }).click();
  await expect(page.getByTestId('rate-0-0')).toBeVisible();
  await screenshot(page, 'program-edit-ko-KR');
  await page.getByTestId('rate-0-0').getByRole('textbox', { name: m('columns.rate') }).fill('0.0412345');
  await page.getByRole('button', { name: m('form.save') }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toContainText(m('form.problems_other').replace('{{count}}', '1'));
  await expect(summary).toContainText('레버 1 › 요율 1행 › 요율');
  await expect(page.getByTestId('rate-0-0')).toContainText('소수점 이하 최대 6자리의 소수여야 합니다');
  await expect(page.getByTestId('rate-0-0').getByRole('textbox', { name: m('columns.rate') })).toBeFocused();
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-edit-error-ko-KR');

  await page.goto('/programs/CSP-INDIRECT');
  await expect(versions).toHaveCount(before);
  await page.getByRole('link', { name: m('versions.link').replace('{{version}}', '1') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('버전 1');
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-version-ko-KR');
});

test('in Traditional Chinese, finance reads the versions of a program but is offered no way to change it', async ({ page }) => {
  test.slow();
  const m = (key: string) => message('programs', 'zh-TW', key);
  await signInThroughPage(page, 'finance@accrue.example', demoPassword);
  await page.goto('/programs');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('title'));
  await expect(page.getByRole('link', { name: m('create.open') })).toHaveCount(0);
  await page.getByRole('link', { name: 'CSP-INDIRECT' }).click();
  await expect(page.getByTestId('versions-table')).toBeVisible();
  await expect(page.getByRole('link', { name: m('edit.open') })).toHaveCount(0);
  await page.getByRole('link', { name: m('versions.link').replace('{{version}}', '1') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('第 1 版');
  await expect(page.getByTestId('rates-table')).toContainText('modern-work');
  await expectNoAxeViolations(page);
  await screenshot(page, 'program-version-zh-TW');

  await page.goto('/programs/CSP-INDIRECT/edit');
  await expect(page.getByRole('alert')).toHaveText(message('shell', 'zh-TW', 'notAllowed'));
});
