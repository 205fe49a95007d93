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

test('an operator creates a partner, adds a location, adds and expires an agreement, and edits the organization', async ({ page }) => {
  // A long walk through several dialogs, each checked with axe.
  test.setTimeout(90_000);
  const m = (key: string, values: Record<string, string> = {}) =>
    Object.entries(values).reduce((text, [k, v]) => text.replace(`{{${k}}}`, v), message('partners', 'en', key));
  await signInThroughPage(page, operators.en, demoPassword);
  await page.goto('/partners');
  await page.getByRole('button', { name: m('actions.newPartner') }).click();
  let dialog = page.getByRole('dialog', { name: m('dialogs.createPartner') });
  await dialog.getByLabel(m('fields.legalName')).fill('Contoso Pacific Pte. Ltd.');
  await dialog.getByLabel(m('fields.country')).selectOption('SG');
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-new-en');
  await dialog.getByRole('button', { name: m('dialogs.create') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contoso Pacific Pte. Ltd.');
  const partnerId = /\/partners\/(P-\d+)$/.exec(page.url())![1]!;

  // A location: an empty name is refused and named; then it is added with the next location id.
  await page.getByRole('button', { name: m('actions.addLocation') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.addLocation') });
  await expect(dialog.getByLabel(m('fields.country'))).toHaveValue('SG');
  await dialog.getByRole('button', { name: m('dialogs.add') }).click();
  await expect(dialog.getByLabel(m('fields.name'))).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  await dialog.getByLabel(m('fields.name')).fill('Singapore office');
  await dialog.getByLabel(m('fields.address')).fill('1 Raffles Place, Singapore 048616');
  await dialog.getByLabel(m('fields.partnerType')).selectOption('indirect_reseller');
  await dialog.getByRole('button', { name: m('dialogs.add') }).click();
  await expect(dialog).toBeHidden();
  const locations = page.getByTestId('locations-table');
  await expect(locations).toContainText('Singapore office');
  const locationId = (await locations.getByRole('row').nth(1).getByRole('cell').first().textContent())!.trim();
  expect(locationId).toMatch(/^L-\d+$/);

  // An agreement of that location, then expired on the day chosen.
  await page.getByRole('button', { name: m('actions.addAgreement') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.addAgreement') });
  await dialog.getByLabel(m('fields.type')).selectOption('reseller');
  await dialog.getByLabel(m('fields.appliesTo')).selectOption(locationId);
  await dialog.getByLabel(m('fields.validFrom')).fill('2026-01-01');
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-add-agreement-en');
  await dialog.getByRole('button', { name: m('dialogs.add') }).click();
  await expect(dialog).toBeHidden();
  const agreements = page.getByTestId('agreements-table');
  await expect(agreements.getByRole('row')).toHaveCount(2);
  await expect(agreements).toContainText(m('agreementStatus.active'));

  await agreements.getByRole('button', { name: m('actions.expire') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.expireAgreement') });
  await dialog.getByLabel(m('fields.expiryDate')).fill('2025-12-31');
  await dialog.getByRole('button', { name: m('dialogs.expire') }).click();
  // Not before it started: the field says so and nothing changes.
  await expect(dialog.getByLabel(m('fields.expiryDate'))).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog).toContainText('2026-01-01');
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-expire-agreement-en');
  await dialog.getByLabel(m('fields.expiryDate')).fill('2026-06-30');
  await dialog.getByRole('button', { name: m('dialogs.expire') }).click();
  await expect(dialog).toBeHidden();
  await expect(agreements).toContainText(m('agreementStatus.expired'));
  await expect(agreements.getByRole('button', { name: m('actions.expire') })).toHaveCount(0);
  // Focus returns to the row, since its Expire button is gone.
  await expect(agreements.getByRole('button', { name: m('actions.edit') })).toBeFocused();

  // The organization itself.
  await page.getByRole('button', { name: m('actions.editPartner') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.editPartner') });
  await dialog.getByLabel(m('fields.legalName')).fill('Contoso Asia Pacific Pte. Ltd.');
  await dialog.getByLabel(m('fields.language')).selectOption('zh-TW');
  await dialog.getByRole('button', { name: m('dialogs.save') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contoso Asia Pacific Pte. Ltd.');
  await expect(page.getByRole('main')).toContainText(`${partnerId} · SG · ${message('common', 'en', 'language.zh-TW')}`);

  // Archive and restore by keyboard: focus stays on the button, which changes its word.
  const archive = page.getByRole('button', { name: m('actions.archiveNamed', { name: locationId }) });
  await archive.focus();
  await page.keyboard.press('Enter');
  await expect(locations).toContainText(m('archived'));
  await expect(page.getByRole('status').filter({ hasText: locationId })).toBeVisible();
  const restore = page.getByRole('button', { name: m('actions.restoreNamed', { name: locationId }) });
  await expect(restore).toBeFocused();
  await expect(page.getByRole('button', { name: m('actions.editNamed', { name: locationId }) })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-edited-en');
  await page.keyboard.press('Enter');
  await expect(locations).not.toContainText(m('archived'));
  await expect(page.getByRole('button', { name: m('actions.editNamed', { name: locationId }) })).toBeVisible();

  await page.getByRole('link', { name: m('back') }).click();
  await page.getByLabel(m('search.label')).fill(partnerId);
  await expect(page.getByTestId('partners-table')).toContainText('Contoso Asia Pacific Pte. Ltd.');
});

test('in Korean: a program manager adds, edits and expires a competency', async ({ page }) => {
  test.setTimeout(90_000);
  const m = (key: string) => message('partners', 'ko-KR', key);
  await signInThroughPage(page, operators['ko-KR'], demoPassword);
  await page.goto('/partners');
  await page.getByRole('button', { name: m('actions.newPartner') }).click();
  let dialog = page.getByRole('dialog', { name: m('dialogs.createPartner') });
  await dialog.getByLabel(m('fields.legalName')).fill('한결소프트 주식회사');
  await dialog.getByLabel(m('fields.country')).selectOption('KR');
  await dialog.getByLabel(m('fields.language')).selectOption('ko-KR');
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-new-ko-KR');
  await dialog.getByRole('button', { name: m('dialogs.create') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('한결소프트 주식회사');

  await page.getByRole('button', { name: m('actions.addLocation') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.addLocation') });
  await dialog.getByLabel(m('fields.name')).fill('판교 본사');
  await dialog.getByLabel(m('fields.address')).fill('경기도 성남시 분당구 판교역로 166');
  await dialog.getByRole('button', { name: m('dialogs.add') }).click();
  await expect(page.getByTestId('locations-table')).toContainText('판교 본사');

  await page.getByRole('button', { name: m('actions.addCompetency') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.addCompetency') });
  await dialog.getByLabel(m('fields.name')).fill('클라우드 플랫폼');
  await dialog.getByLabel(m('fields.validFrom')).fill('2026-01-01');
  await dialog.getByLabel(m('fields.validTo')).fill('2025-12-01');
  await dialog.getByRole('button', { name: m('dialogs.add') }).click();
  await expect(dialog.getByLabel(m('fields.validTo'))).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-add-competency-ko-KR');
  await dialog.getByLabel(m('fields.validTo')).fill('');
  await dialog.getByRole('button', { name: m('dialogs.add') }).click();
  await expect(dialog).toBeHidden();
  const competencies = page.getByTestId('competencies-table');
  await expect(competencies).toContainText('클라우드 플랫폼');

  await competencies.getByRole('button', { name: m('actions.edit') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.editCompetency') });
  await dialog.getByLabel(m('fields.level')).selectOption('gold');
  await dialog.getByRole('button', { name: m('dialogs.save') }).click();
  await expect(competencies).toContainText(m('level.gold'));

  await competencies.getByRole('button', { name: m('actions.expire') }).click();
  dialog = page.getByRole('dialog', { name: m('dialogs.expireCompetency') });
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-expire-competency-ko-KR');
  await dialog.getByRole('button', { name: m('dialogs.expire') }).click();
  await expect(dialog).toBeHidden();
  await expect(competencies).not.toContainText(m('noEnd'));
  await expect(competencies.getByRole('button', { name: m('actions.expire') })).toHaveCount(0);
  await expect(competencies.getByRole('button', { name: m('actions.edit') })).toBeFocused();
  await expectNoAxeViolations(page);
  await screenshot(page, 'partner-edited-ko-KR');
});

test('an operator without partners.manage sees no editing controls (Traditional Chinese)', async ({ page }) => {
  const m = (key: string) => message('partners', 'zh-TW', key);
  await signInThroughPage(page, operators['zh-TW'], demoPassword);
  await page.goto('/partners');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('title'));
  await expect(page.getByRole('button', { name: m('actions.newPartner') })).toHaveCount(0);
  await page.goto('/partners/P-1000009');
  await expect(page.getByTestId('locations-table')).toContainText('L-2000012');
  for (const key of ['actions.editPartner', 'actions.addLocation', 'actions.addAgreement', 'actions.addCompetency', 'actions.edit', 'actions.archive']) {
    await expect(page.getByRole('button', { name: m(key) })).toHaveCount(0);
  }
});
