import type { Page } from '@playwright/test';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

type Locale = 'en' | 'zh-TW' | 'ko-KR';

// Finance people in two languages; the Operator admin (who also holds finance.manage) reads Korean
// for the length of its test and is put back to English after it.
const operators: Record<Locale, string> = { en: 'finance.approver@accrue.example', 'zh-TW': 'finance@accrue.example', 'ko-KR': 'admin@accrue.example' };
// 한빛 서울 (L-2000317) is Enrolled in CSP-DIRECT in the demo data.
const location = 'L-2000317';
const billingHeader = 'line_id,location_id,customer_name,product_category,billed_month,currency,amount\n';

test.describe.configure({ timeout: 90_000 });

function csv(name: string, content: string) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(content) };
}

/** Chooses a month in a month field (a month and a year under one legend). */
async function chooseMonth(page: Page, locale: Locale, label: string, month: string) {
  const field = page.getByRole('group', { name: label });
  await field.getByLabel(message('billing', locale, 'monthField.year'), { exact: true }).selectOption(month.slice(0, 4));
  await field.getByLabel(message('billing', locale, 'monthField.month'), { exact: true }).selectOption(month.slice(5, 7));
}

async function openFromNavigation(page: Page, locale: Locale, key: string) {
  await page.getByRole('navigation').getByRole('link', { name: message('shell', locale, `nav.${key}`), exact: true }).click();
}

/** Uploads a file from the imports page and waits for its own page, where the import is followed. */
async function upload(page: Page, locale: Locale, kind: 'billing' | 'fx', file: ReturnType<typeof csv>) {
  const m = (key: string) => message('billing', locale, key);
  await openFromNavigation(page, locale, 'imports');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('imports.title'));
  await page.getByRole('radio', { name: m(`kind.${kind}`) }).check();
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: m('imports.upload.submit') }).click();
  await page.waitForURL(/\/operations\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(file.name);
  // The bar follows the job, and stays full once it is done.
  await expect(page.getByRole('progressbar', { name: m('run.progressLabel') })).toBeVisible();
}

async function importAndCheck(page: Page, locale: Locale, tag: string) {
  const m = (key: string) => message('billing', locale, key);
  const billing = csv(
    `billing-${tag}.csv`,
    `${billingHeader}E2E-${tag}-1,${location},한빛,azure,2026-09,USD,1250.00\nE2E-${tag}-2,${location},한빛,modern-work,2026-09,KRW,350000\n`,
  );
  await upload(page, locale, 'billing', billing);
  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByRole('progressbar', { name: m('run.progressLabel') })).toHaveAttribute('aria-valuenow', '100');
  const counts = page.getByTestId('import-counts');
  await expect(counts.locator('[data-count="inserted"] td')).toHaveText('2');
  await expect(counts.locator('[data-count="inserted"] th')).toHaveText(m('run.counts.inserted'));
  await expect(page.getByTestId('import-facts')).toContainText(m('status.done'));
  await expectNoAxeViolations(page);
  await counts.scrollIntoViewIfNeeded();
  await screenshot(page, `billing-import-done-${locale}`);

  // Left and opened again from the list: the same import, the same counts.
  const runUrl = page.url();
  await page.getByRole('link', { name: m('run.back') }).click();
  const row = page.getByTestId('imports-table').getByRole('row').filter({ hasText: billing.name });
  await expect(row).toContainText(m('status.done'));
  await expect(row).toContainText('2 · 0 · 0');
  await expectNoAxeViolations(page);
  await screenshot(page, `billing-imports-${locale}`);
  await row.getByRole('link', { name: billing.name }).click();
  await expect(page).toHaveURL(runUrl);
  await expect(page.getByTestId('import-counts').locator('[data-count="inserted"] td')).toHaveText('2');

  await upload(page, locale, 'fx', csv(`fx-${tag}.csv`, 'month,currency,units_per_usd\n2026-11,KRW,1385.25\n2026-11,TWD,32.10\n'));
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(page.getByTestId('import-counts').getByRole('row')).toHaveCount(3);
  await expect(page.getByTestId('import-facts')).toContainText(m('kind.fx'));
}

async function refusedFile(page: Page, locale: Locale, tag: string) {
  const m = (key: string) => message('billing', locale, key);
  const bad = csv(
    `broken-${tag}.csv`,
    `${billingHeader}BAD-${tag}-1,${location},A,azure,2026-09,USD,10.00\nBAD-${tag}-2,${location},A,azure,2026-13,USD,10.00\nBAD-${tag}-3,${location},A,azure,2026-09,XYZ,10.00\n`,
  );
  await upload(page, locale, 'billing', bad);
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'refused', { timeout: 30_000 });
  const rows = page.getByTestId('refused-rows');
  await expect(rows.locator('tbody tr')).toHaveCount(2);
  await expect(rows.locator('tr[data-row="3"]')).toContainText('billed_month');
  await expect(rows.locator('tr[data-row="3"]')).toContainText(m('rules.month'));
  await expect(rows.locator('tr[data-row="4"]')).toContainText(m('rules.currency'));
  await expect(page.getByRole('alert')).toContainText(m('run.problems.intro_other').replace('{{count}}', '2'));
  await expectNoAxeViolations(page);
  await rows.scrollIntoViewIfNeeded();
  await screenshot(page, `billing-import-refused-${locale}`);
}

async function calculate(page: Page, locale: Locale) {
  const m = (key: string) => message('billing', locale, key);
  await openFromNavigation(page, locale, 'calculations');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('calculations.title'));
  await chooseMonth(page, locale, m('calculations.form.from'), '2026-09');
  await chooseMonth(page, locale, m('calculations.form.to'), '2026-09');
  const queued = page.waitForResponse((r) => r.url().endsWith('/api/v1/calculations') && r.request().method() === 'POST');
  await page.getByRole('button', { name: m('calculations.form.submit'), exact: true }).click();
  const { id } = await (await queued).json();
  await expect(page.getByRole('status')).toHaveText(m('calculations.form.queued'));
  const row = page.locator(`tr[data-calculation="${id}"]`);
  await expect(row).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  await expect(row).toContainText(m('status.done'));
  await expect(row.locator('[data-count="calculated"]')).toHaveText(/^\d/);
  await expectNoAxeViolations(page);
  await row.scrollIntoViewIfNeeded();
  await screenshot(page, `calculations-${locale}`);
}

const comments: Record<Locale, string> = {
  en: 'Credit note agreed in the quarterly review.',
  'zh-TW': '季度檢討會議中同意的折讓。',
  'ko-KR': '분기 검토 회의에서 합의한 대변 메모.',
};

async function adjust(page: Page, locale: Locale) {
  const m = (key: string) => message('billing', locale, key);
  await openFromNavigation(page, locale, 'adjustments');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('adjustment.title'));
  await page.getByLabel(m('adjustment.location')).fill(location);
  await page.getByLabel(m('adjustment.program')).selectOption('CSP-DIRECT');
  const lever = page.getByLabel(m('adjustment.lever'));
  await expect(lever).toBeEnabled();
  await lever.selectOption('CORE');
  await chooseMonth(page, locale, m('adjustment.month'), '2026-09');
  await page.getByLabel(m('adjustment.currency')).fill('usd');
  await page.getByLabel(m('adjustment.amount')).fill('0');
  await page.getByLabel(m('adjustment.reason')).selectOption({ label: m('adjustment.reasons.policyException') });
  // By keyboard: the form submits with Enter from a field.
  await page.getByLabel(m('adjustment.amount')).press('Enter');
  const amount = page.getByLabel(m('adjustment.amount'));
  await expect(amount).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(message('errors', locale, 'rule.not_zero'))).toBeVisible();
  await expect(page.getByLabel(m('adjustment.comment'))).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  await screenshot(page, `adjustment-errors-${locale}`);

  await amount.fill('-25.125');
  await page.getByLabel(m('adjustment.comment')).fill(comments[locale]);
  await page.getByRole('button', { name: m('adjustment.submit') }).click();
  const recorded = page.getByRole('status');
  await expect(recorded).toContainText(m('adjustment.recorded'));
  const facts = page.getByTestId('adjustment-recorded');
  await expect(facts).toContainText(m('adjustment.reasons.policyException'));
  await expect(facts).toContainText('CSP-DIRECT');
  await expect(facts).toContainText('USD');
  await expect(facts).toContainText(comments[locale]);
  await expectNoAxeViolations(page);
  await screenshot(page, `adjustment-recorded-${locale}`);
}

// Each reader's browser speaks their language too (the month fields are drawn by the browser).
test.describe('in English', () => {
  test.use({ locale: 'en-US' });
  test('Finance imports billing and FX files, sees a refused file, calculates and records an adjustment', async ({ page }) => {
    await signInThroughPage(page, operators.en, demoPassword);
    await importAndCheck(page, 'en', 'en');
    await refusedFile(page, 'en', 'en');
    await calculate(page, 'en');
    await adjust(page, 'en');
  });
});

test.describe('a larger file, in English', () => {
  test.use({ locale: 'en-US' });
  test('shows the upload moving, then the import, which can be left and opened again', async ({ page }) => {
    const m = (key: string) => message('billing', 'en', key);
    const lines = Array.from({ length: 10_000 }, (_, i) => `BIG-${i + 1},${location},Hanbit Networks,azure,2026-08,USD,${(i % 900) + 100}.25\n`);
    const big = csv('billing-august.csv', billingHeader + lines.join(''));
    await signInThroughPage(page, operators.en, demoPassword);
    await openFromNavigation(page, 'en', 'imports');
    // A slow connection, so the upload takes a few seconds.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 150 * 1024 });
    await page.locator('input[type="file"]').setInputFiles(big);
    await page.getByRole('button', { name: m('imports.upload.submit') }).click();
    const sending = page.getByRole('progressbar', { name: m('imports.upload.sendingLabel') });
    await expect(sending).toBeVisible();
    await expect(page.getByTestId('upload-progress')).toContainText(m('imports.upload.leaveWarning'));
    await expectNoAxeViolations(page);
    await screenshot(page, 'billing-upload-progress-en');
    await page.waitForURL(/\/operations\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // Leave while it runs (or once it ran), and open it again from the list.
    const runUrl = page.url();
    await openFromNavigation(page, 'en', 'imports');
    await page.getByTestId('imports-table').getByRole('link', { name: big.name }).first().click();
    await expect(page).toHaveURL(runUrl);
    await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('import-counts').locator('[data-count="inserted"] td')).toHaveText('10,000');
    await expect(page.getByTestId('import-progress')).toContainText('10,000');
  });
});

test.describe('in Traditional Chinese', () => {
  test.use({ locale: 'zh-TW' });
  test('Finance does the same', async ({ page }) => {
    await signInThroughPage(page, operators['zh-TW'], demoPassword);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW');
    await importAndCheck(page, 'zh-TW', 'zh');
    await refusedFile(page, 'zh-TW', 'zh');
    await calculate(page, 'zh-TW');
    await adjust(page, 'zh-TW');
  });
});

test.describe('in Korean', () => {
  test.use({ locale: 'ko-KR' });
  test('the Operator admin does the same', async ({ page }) => {
    await signInThroughPage(page, operators['ko-KR'], demoPassword);
    // The switcher saves the choice in the background: wait until it is saved, or a page read
    // before then would still find English in the account.
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH');
    await page.getByTestId('language-switcher').selectOption('ko-KR');
    await saved;
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko-KR');
    try {
      await importAndCheck(page, 'ko-KR', 'ko');
      await refusedFile(page, 'ko-KR', 'ko');
      await calculate(page, 'ko-KR');
      await adjust(page, 'ko-KR');
    } finally {
      await page.getByTestId('language-switcher').selectOption('en');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    }
  });
});
