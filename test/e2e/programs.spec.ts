import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

const operators = { en: 'admin@accrue.example', 'zh-TW': 'finance@accrue.example', 'ko-KR': 'programs@accrue.example' } as const;

for (const locale of ['en', 'zh-TW', 'ko-KR'] as const) {
  test(`operators read programs, their rates and versions, in ${locale}`, async ({ page }) => {
    const m = (key: string) => message('programs', locale, key);
    await signInThroughPage(page, operators[locale], demoPassword);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', locale, 'nav.programs') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('title'));
    await expect(page.getByTestId('programs-table').getByRole('row')).toHaveCount(5);
    await expectNoAxeViolations(page);
    await screenshot(page, `programs-${locale}`);
    await page.getByRole('link', { name: 'CSP-DIRECT', exact: true }).click();
    await expect(page.getByTestId('rates-table')).toContainText('modern-work');
    await expect(page.getByTestId('rates-table')).toContainText('6%');
    // Two versions: the demo raised a past azure rate of CSP-DIRECT after the fact.
    await expect(page.getByTestId('rates-table')).toContainText('10%');
    await expect(page.getByTestId('versions-table').getByRole('row')).toHaveCount(3);
    await expectNoAxeViolations(page);
    await screenshot(page, `program-detail-${locale}`);
  });
}
