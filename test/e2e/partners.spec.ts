import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

const operators = { en: 'admin@accrue.example', 'zh-TW': 'finance@accrue.example', 'ko-KR': 'programs@accrue.example' } as const;
const header = 'partner_id,legal_name,country,language,location_id,location_country,partner_type,admin_email,admin_name';

function csvFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accrue-upload-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

for (const locale of ['en', 'zh-TW', 'ko-KR'] as const) {
  test(`operators find a partner and open it, in ${locale}`, async ({ page }) => {
    const m = (key: string) => message('partners', locale, key);
    await signInThroughPage(page, operators[locale], demoPassword);
    await page.getByRole('navigation').getByRole('link', { name: message('shell', locale, 'nav.partners') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('title'));
    await expect(page.getByTestId('partners-table').getByRole('row')).toHaveCount(13);
    await page.getByLabel(m('search.label')).fill('L-2000317');
    await expect(page.getByTestId('partners-table').getByRole('row')).toHaveCount(2);
    await expectNoAxeViolations(page);
    await screenshot(page, `partners-${locale}`);
    await page.getByRole('link', { name: 'P-1000005' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('한빛클라우드 주식회사');
    await expect(page.getByTestId('locations-table')).toContainText('L-2000318');
    await expectNoAxeViolations(page);
    await screenshot(page, `partner-detail-${locale}`);
  });
}

test('a program manager uploads partner files: refused rows are listed, then a good file imports', async ({ page }) => {
  const m = (key: string) => message('partners', 'ko-KR', key);
  await signInThroughPage(page, operators['ko-KR'], demoPassword);
  await page.goto('/partners');
  await page.getByRole('button', { name: m('import.open') }).click();
  const dialog = page.getByRole('dialog');
  const bad = csvFile('partners.csv', `${header}\nP-9100001,Bad Country Ltd,XX,en,L-9200001,US,direct_seller,,\nP-9100002,Fine Ltd,US,en,L-9200002,US,wholesaler,,\n`);
  await dialog.locator('input[type="file"]').setInputFiles(bad);
  await dialog.getByRole('button', { name: m('import.submit') }).click();
  const refused = dialog.getByTestId('refused-rows');
  await expect(refused.getByRole('row')).toHaveCount(3);
  await expect(refused).toContainText('country');
  await expect(refused).toContainText('partner_type');
  await expectNoAxeViolations(page);
  await screenshot(page, 'partners-import-refused-ko-KR');

  const good = csvFile('partners.csv', `${header}\nP-9100003,서울파트너 주식회사,KR,ko-KR,L-9200003,KR,direct_seller,ceo@seoulpartner.example,최지훈\n`);
  await dialog.locator('input[type="file"]').setInputFiles(good);
  await dialog.getByRole('button', { name: m('import.submit') }).click();
  await expect(dialog.getByRole('status')).toContainText('1');
  await page.keyboard.press('Escape');
  await page.getByLabel(m('search.label')).fill('P-9100003');
  await expect(page.getByTestId('partners-table')).toContainText('서울파트너 주식회사');
});
