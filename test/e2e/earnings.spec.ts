import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { dropCreatedDatabases, exited, freshDatabaseEnv, runCli, startServer } from '../helpers/cli.ts';
import { customers, monthBefore, writeBillingFiles } from './earnings-data.ts';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

// The demo has no billing of its own: these tests get a server of their own, loaded with the demo
// and then, through the command line, with a billing file, a calculation, a corrected line and a
// second calculation (which records a Recalculation adjustment), before it starts.
const port = Number(process.env.ACCRUE_E2E_PORT ?? 3199) + 1000;
test.use({ baseURL: `http://127.0.0.1:${port}` });

let server: ChildProcess | null = null;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const env = { ...(await freshDatabaseEnv()), ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS: '5000' };
  const files = writeBillingFiles();
  for (const args of [['demo'], ['import', 'billing', files.billing], ['calculate'], ['import', 'billing', files.correction], ['calculate']]) {
    const result = await runCli(['--json', ...args], env);
    expect(result.code, `accrue ${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
  server = await startServer([], env, port);
});

test.afterAll(async () => {
  if (server) {
    server.kill('SIGTERM');
    await exited(server);
  }
  await dropCreatedDatabases();
});

const m = (locale: string, key: string, values: Record<string, string | number> = {}) =>
  Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{{${name}}}`, String(value)), message('earnings', locale, key));
const money = (locale: string, amount: number | string, currency: string) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: currency === 'KRW' ? 0 : 2, maximumFractionDigits: currency === 'KRW' ? 0 : 2 }).format(
    amount as number,
  );
const monthName = (locale: string, month: string) =>
  new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
/** Months of the last six (the fixture's) in the July-to-June fiscal year of the current month. */
function monthsInFiscalYear(): number {
  const current = monthBefore(0);
  const [year, month] = current.split('-').map(Number) as [number, number];
  const start = month >= 7 ? `${year}-07` : `${year - 1}-07`;
  return [0, 1, 2, 3, 4, 5].filter((back) => monthBefore(back) >= start).length;
}

test('in Korean, an Incentive admin reads the cards and the chart, filters, sorts and pages the list, and downloads it', async ({ page }) => {
  const ko = 'ko-KR';
  await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', ko, 'nav.earnings') }).click();
  await expect(page).toHaveURL(/\/earnings$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(ko, 'title'));
  await expect(page.getByTestId('section-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, `earnings-${ko}`);

  // The three Korean customers of the fixture (in KRW and USD): more than a page of earnings.
  const filters = page.getByRole('search', { name: m(ko, 'filters.label') });
  await filters.getByLabel(m(ko, 'filters.customer')).fill('E2E-KR');
  await expect(page).toHaveURL(/customer=E2E-KR(&|$)/);

  // The chart: one currency at a time, with a switch, and its figures as a table for screen readers.
  const chart = page.getByTestId('section-chart');
  await expect(chart.getByRole('heading', { name: m(ko, 'chart.title') })).toBeVisible();
  const currency = chart.getByTestId('chart-currency');
  await expect(currency).toContainText('KRW');
  await expect(currency).toContainText('USD');
  const thisMonth = monthBefore(0);
  const chartTable = chart.getByTestId('chart-table');
  await expect(chartTable.locator('caption')).toContainText('KRW');
  await chart.getByText('USD', { exact: true }).click();
  await expect(chartTable.locator('caption')).toContainText('USD');
  await expect(chartTable.getByRole('row', { name: new RegExp(monthName(ko, thisMonth)) })).toContainText(money(ko, '98.77', 'USD'));
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();

  // Sorted by the earning by keyboard (the header's button takes Enter): largest first, then smallest.
  const table = page.getByTestId('earnings-table');
  const sortByEarning = table.getByRole('button', { name: new RegExp(`^${m(ko, 'columns.earning')}`) });
  await sortByEarning.focus();
  await page.keyboard.press('Enter');
  await expect(table.locator('th[data-column="earning"]')).toHaveAttribute('aria-sort', 'descending');
  await expect(table.locator('tbody tr').first()).toContainText(money(ko, 297000, 'KRW'));
  await sortByEarning.click();
  await expect(table.locator('th[data-column="earning"]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.locator('tbody tr').first()).toContainText(money(ko, -16000, 'KRW'));
  await expect(table.locator('tbody tr')).toHaveCount(25);
  const pageTwo = page.getByRole('button', { name: message('common', ko, 'pagination.page').replace('{{page}}', '2') });
  await pageTwo.click();
  await expect(page).toHaveURL(/page=2/);
  await expect(table.locator('tbody tr').first()).not.toContainText(money(ko, -16000, 'KRW'));
  await expectNoAxeViolations(page);

  // The address holds the view: a reload (or a shared link) shows the same page of the same list.
  await page.reload();
  await expect(filters.getByLabel(m(ko, 'filters.customer'))).toHaveValue('E2E-KR');
  await expect(table.locator('th[data-column="earning"]')).toHaveAttribute('aria-sort', 'ascending');
  await expect(pageTwo).toHaveAttribute('aria-current', 'page');

  // One customer and program: the cards are exact sums of its earnings.
  await filters.getByLabel(m(ko, 'filters.program')).selectOption('CSP-DIRECT');
  await filters.getByLabel(m(ko, 'filters.customer')).fill(customers.sejong.id);
  await expect(page).toHaveURL(new RegExp(`customer=${customers.sejong.id}`));
  const perMonth = 297000 + 14400; // modern-work 6 % of 4,950,000 and security 2 % of 720,000
  await expect(page.getByTestId('earnings-count')).toHaveText(m(ko, 'list.count_other', { count: 12 }));
  await expect(page.getByTestId('card-this-month')).toContainText(money(ko, perMonth, 'KRW'));
  await expect(page.getByTestId('card-fiscal-year')).toContainText(money(ko, perMonth * monthsInFiscalYear(), 'KRW'));
  await expect(page.getByTestId('card-not-yet-paid')).toContainText(money(ko, perMonth * 6, 'KRW'));
  await expect(page.getByTestId('card-paid')).toContainText(m(ko, 'summary.none'));
  await expect(chartTable.getByRole('row', { name: new RegExp(monthName(ko, thisMonth)) })).toContainText(money(ko, perMonth, 'KRW'));
  await expect(chart.getByTestId('chart-currency')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, `earnings-filtered-${ko}`);

  // The CSV of the filtered set: the header of earnings.csv and its rows, amounts exact.
  await filters.getByLabel(m(ko, 'filters.lever')).selectOption('SECURITY');
  await expect(page.getByTestId('earnings-count')).toHaveText(m(ko, 'list.count_other', { count: 6 }));
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: m(ko, 'download.csv_other', { count: 6 }) }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^earnings-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe('earning_id,line_id,location_id,program_code,lever_code,earning_type,billed_month,currency,amount,rate,earning,kind,reason,status,payment_id');
  expect(csv.filter((line) => line !== '')).toHaveLength(7);
  expect(csv).toContainEqual(
    expect.stringMatching(new RegExp(`^[0-9a-f-]{36},E2E-${thisMonth.replace('-', '')}-SEC,L-2000317,CSP-DIRECT,SECURITY,ACCELERATOR,${thisMonth},KRW,720000\\.00,0\\.02,14400\\.00,calculated,,pending,$`)),
  );
});

test('in Korean, the detail of a recalculation adjustment shows its billing line and what it corrects', async ({ page }) => {
  const ko = 'ko-KR';
  const corrected = monthBefore(3);
  await signInThroughPage(page, 'admin@hanbit.example', demoPassword);
  await page.goto(`/earnings?kind=adjustment&customer=${customers.hangang.id}`);
  const table = page.getByTestId('earnings-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).toContainText(message('earnings', ko, 'reason.Recalculation'));
  await table.getByRole('link', { name: new RegExp(`^${m(ko, 'list.open')}`) }).click();
  await expect(page).toHaveURL(/\/earnings\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(ko, 'detail.title', { program: 'CSP 직접 판매자 리베이트', lever: 'CORE' }));

  const facts = page.getByTestId('earning-facts');
  await expect(facts).toContainText(money(ko, 24000, 'KRW')); // 8 % of the 300,000 KRW the correction added
  await expect(facts).toContainText('8%');
  await expect(page.getByTestId('adjustment-facts')).toContainText(message('earnings', ko, 'reason.Recalculation'));
  const line = page.getByTestId('line-facts');
  await expect(line).toContainText(`E2E-${corrected.replace('-', '')}-AZ`);
  await expect(line).toContainText(m(ko, 'line.versionOf', { version: 2, versions: 2 }));
  await expect(line).toContainText(customers.hangang.name);
  await expect(line).toContainText('AZ-COMPUTE-HOUR');
  await expect(line).toContainText('azure');
  await expect(line).toContainText(money(ko, 1534567, 'KRW'));
  await expect(line).toContainText('5,790');

  // What it corrects: the first calculation, then this adjustment, and the running sum.
  const history = page.getByTestId('history-table').locator('tbody tr');
  await expect(history).toHaveCount(2);
  await expect(history.nth(0)).toContainText(money(ko, 98765, 'KRW'));
  await expect(history.nth(0)).toContainText('98,765.36');
  await expect(history.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(history.nth(1)).toContainText(money(ko, 122765, 'KRW'));
  await expect(history.nth(1)).toContainText('122,765.36');
  await expectNoAxeViolations(page);
  await screenshot(page, `earnings-adjustment-${ko}`);

  // Back to the list as it was left.
  await page.getByRole('link', { name: m(ko, 'detail.back') }).click();
  await expect(page).toHaveURL(/kind=adjustment/);
});

test("in Traditional Chinese, Finance opens a partner's earnings from its page and prepares an export", async ({ page }) => {
  const zh = 'zh-TW';
  await signInThroughPage(page, 'finance@accrue.example', demoPassword);
  await page.goto('/partners/P-1000005');
  await page.getByRole('link', { name: m(zh, 'fromPartner') }).click();
  await expect(page).toHaveURL(/\/partners\/P-1000005\/earnings$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(zh, 'operatorTitle', { partner: '한빛클라우드 주식회사' }));
  await expect(page.getByTestId('section-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expectNoAxeViolations(page);

  const filters = page.getByRole('search', { name: m(zh, 'filters.label') });
  await filters.getByLabel(m(zh, 'filters.customer')).fill(customers.jeju.id);
  await expect(page.getByTestId('earnings-count')).toHaveText(m(zh, 'list.count_other', { count: 6 }));
  await expect(page.getByTestId('card-this-month')).toContainText(money(zh, '98.77', 'USD'));
  await expect(page.getByTestId('card-not-yet-paid')).toContainText(money(zh, '592.59', 'USD')); // 6 × 98.765424
  await page.getByRole('button', { name: m(zh, 'download.prepare') }).click();
  const exports = page.getByTestId('earnings-exports');
  await expect(exports.locator('caption')).toHaveText(m(zh, 'download.exports'));
  await expect(exports.locator('tbody tr').first()).toContainText(m(zh, 'download.filterValue', { label: m(zh, 'filters.customer'), value: customers.jeju.id }));
  const file = exports.getByRole('link', { name: m(zh, 'download.file_other', { count: 6 }) });
  await expect(file).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('export-announcement')).toHaveText(m(zh, 'download.announce.done'));
  await expectNoAxeViolations(page);
  await page.getByTestId('earnings-download').evaluate((section) => section.scrollIntoView({ block: 'center' }));
  await screenshot(page, `earnings-export-${zh}`);
  const downloading = page.waitForEvent('download');
  await file.click();
  const csv = fs.readFileSync(await (await downloading).path(), 'utf8').split('\r\n').filter((l) => l !== '');
  expect(csv[0]).toMatch(/^earning_id,line_id,location_id,/);
  expect(csv).toHaveLength(7);
  for (const row of csv.slice(1)) expect(row).toMatch(/,L-2000317,CSP-DIRECT,CORE,REBATE,\d{4}-\d{2},USD,1234\.5678,0\.08,98\.765424,calculated,,/);

  // An earning's detail, from the operator's list.
  await page.getByTestId('earnings-table').getByRole('link', { name: new RegExp(`^${m(zh, 'list.open')}`) }).first().click();
  await expect(page).toHaveURL(/\/partners\/P-1000005\/earnings\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('earning-facts')).toContainText('98.765424');
  await expect(page.getByTestId('line-facts')).toContainText(customers.jeju.name);
  await expectNoAxeViolations(page);
  await screenshot(page, `earning-${zh}`);
});

test('in Traditional Chinese, an organization without earnings sees that none are there yet', async ({ page }) => {
  const zh = 'zh-TW';
  await signInThroughPage(page, 'admin@yunqiao.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', zh, 'nav.earnings') }).click();
  await expect(page.getByTestId('earnings-empty')).toContainText(m(zh, 'empty.title'));
  await expectNoAxeViolations(page);
  await screenshot(page, `earnings-empty-${zh}`);
});

test('in English, a Global admin reads earnings of two levers in one currency, finds nothing for an unknown customer, and opens an earning', async ({ page }) => {
  const en = 'en';
  await signInThroughPage(page, 'admin@contoso.example', demoPassword);
  await page.goto(`/earnings?customer=${customers.harbor.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(en, 'title'));
  // CSP-INDIRECT: CORE 4 % and COOP 1 % of 5,700.00 a month, for three months.
  await expect(page.getByTestId('card-this-month')).toContainText('$285.00');
  await expect(page.getByTestId('card-not-yet-paid')).toContainText('$855.00');
  const chart = page.getByTestId('section-chart');
  await expect(chart.getByTestId('chart-currency')).toHaveCount(0);
  await expect(chart.locator('figcaption')).toHaveText(m(en, 'chart.caption', { currency: 'USD', from: monthName(en, monthBefore(17)), to: monthName(en, monthBefore(0)) }));
  await expect(chart.getByTestId('chart-table').getByRole('row', { name: new RegExp(monthName(en, monthBefore(0))) })).toContainText('$228.00');
  await expect(chart.locator('.recharts-legend-wrapper')).toContainText('CSP indirect provider incentive · COOP');
  await expectNoAxeViolations(page);
  await screenshot(page, `earnings-${en}`);

  const filters = page.getByRole('search', { name: m(en, 'filters.label') });
  await filters.getByLabel(m(en, 'filters.customer')).fill('no such customer');
  await expect(page.getByTestId('earnings-no-match')).toContainText(m(en, 'list.noMatch'));
  await expect(page.getByTestId('card-this-month')).toContainText(m(en, 'summary.none'));
  await expectNoAxeViolations(page);
  await page.getByTestId('earnings-no-match').getByRole('button', { name: m(en, 'filters.clear') }).click();
  await expect(page).toHaveURL(/\/earnings$/);

  await filters.getByLabel(m(en, 'filters.customer')).fill(customers.harbor.id);
  await filters.getByLabel(m(en, 'filters.from')).selectOption(monthBefore(0));
  await filters.getByLabel(m(en, 'filters.lever')).selectOption('COOP');
  await expect(page.getByTestId('earnings-count')).toHaveText(m(en, 'list.count_one', { count: 1 }));
  await page.getByTestId('earnings-table').getByRole('link', { name: new RegExp(`^${m(en, 'list.open')}`) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CSP indirect provider incentive · COOP');
  const facts = page.getByTestId('earning-facts');
  await expect(facts).toContainText(m(en, 'kind.calculated'));
  await expect(facts).toContainText('1% (0.01)');
  await expect(facts).toContainText(m(en, 'earningType.COOP'));
  await expect(facts).toContainText('$57.00');
  await expect(page.getByTestId('line-facts')).toContainText(customers.harbor.name);
  await expect(page.getByTestId('section-adjustment')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await screenshot(page, `earning-${en}`);
});
