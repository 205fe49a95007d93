import fs from 'node:fs';
import { request, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { formatMonth } from '../../src/i18n/format.ts';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

type Locale = 'en' | 'zh-TW' | 'ko-KR';

// Two Finance people (the creator reads Traditional Chinese, the approver English) and Support,
// who reads payment runs in Korean but may not act on them.
const creator = 'finance@accrue.example';
const approver = 'finance.approver@accrue.example';
const reader = 'support@accrue.example';

test.describe.configure({ timeout: 180_000 });

/**
 * Cycles ahead of any the demo data runs (its runs are for past months): this month + `ahead`.
 * Their FX rates are imported by the test itself.
 */
function futureCycle(ahead: number): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
  return d.toISOString().slice(0, 7);
}

/** An API client signed in as a demo user, with its CSRF token. */
async function apiAs(baseURL: string, email: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const signIn = await api.post('/api/v1/auth/sign-in', { data: { email, password: demoPassword } });
  expect(signIn.status(), `${email} signs in`).toBe(200);
  return { api, csrf: (await signIn.json()).csrfToken };
}

/** Imports the cycle month's FX rates (every currency the demo bills or pays in) and waits for the import. */
async function importFx(baseURL: string, cycle: string): Promise<void> {
  const { api, csrf } = await apiAs(baseURL, approver);
  const file = `month,currency,units_per_usd\n${cycle},KRW,1385.25\n${cycle},TWD,32.10\n${cycle},EUR,0.92\n`;
  const queued = await api.post(`/api/v1/imports/fx?fileName=fx-${cycle}.csv`, { headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'text/csv' }, data: file });
  expect(queued.status()).toBe(202);
  const { statusUrl } = await queued.json();
  await expect.poll(async () => (await (await api.get(statusUrl)).json()).status, { timeout: 60_000 }).toBe('done');
  await api.dispose();
}

async function chooseMonth(page: Page, locale: Locale, label: string, month: string) {
  const field = page.getByRole('group', { name: label });
  await field.getByLabel(message('billing', locale, 'monthField.year'), { exact: true }).selectOption(month.slice(0, 4));
  await field.getByLabel(message('billing', locale, 'monthField.month'), { exact: true }).selectOption(month.slice(5, 7));
}

/** Scrolls the page so that the element is at the top, below the fixed header (for a screenshot). */
const scrollToTop = (element: Locator) => element.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 76));

const plural = (locale: Locale, key: string, count: number) => message('payruns', locale, `${key}_${count === 1 ? 'one' : 'other'}`).replace('{{count}}', String(count));

/** Every reason on the held groups tab is written out in the reader's language. */
async function expectReadableReasons(page: Page, locale: Locale) {
  const holds = page.getByTestId('run-holds');
  await expect(holds.getByRole('row').nth(1)).toBeVisible();
  const badges = holds.locator('[data-reason]');
  expect(await badges.count()).toBeGreaterThan(0);
  for (const badge of await badges.all()) {
    const reason = (await badge.getAttribute('data-reason'))!;
    await expect(badge).toHaveText(message('payruns', locale, `reason.${reason}`));
  }
  await expect(holds.getByTestId('usd-threshold').first()).toContainText('US$');
}

test('Finance runs a cycle and sees why groups are held; a second Finance operator approves with the password, downloads the payout file and records the bank’s answer', async ({ page, browser, baseURL }) => {
  const cycle = futureCycle(3);
  await importFx(baseURL!, cycle);

  // The creator, in Traditional Chinese, runs the cycle from the list.
  const zh = (key: string) => message('payruns', 'zh-TW', key);
  await signInThroughPage(page, creator, demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', 'zh-TW', 'nav.paymentRuns'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('list.title'));
  // A missing month is named at its field.
  await page.getByRole('button', { name: zh('run.submit') }).click();
  await expect(page.getByRole('group', { name: zh('run.cycle') })).toContainText(message('errors', 'zh-TW', 'rule.required'));
  await chooseMonth(page, 'zh-TW', zh('run.cycle'), cycle);
  await page.getByRole('button', { name: zh('run.submit') }).click();
  await page.waitForURL(/\/operations\/payment-runs\/[0-9a-f-]{36}$/);
  const runUrl = page.url();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('detail.title').replace('{{month}}', formatMonth(cycle, 'zh-TW')));
  await expect(page.getByRole('status')).toHaveText(zh('detail.created'));
  // Its creator may not approve it.
  await expect(page.getByTestId('own-run')).toHaveText(zh('review.ownRun'));
  await expect(page.getByRole('button', { name: zh('approve.action') })).toHaveCount(0);
  const payments = page.getByTestId('run-payments');
  await expect(payments.getByRole('row').nth(1)).toBeVisible();
  const paymentCount = await payments.locator('[data-payment]').count();
  expect(paymentCount).toBeGreaterThan(0);

  await page.getByRole('tab', { name: new RegExp(`^${zh('tabs.holds_other').replace('（{{count}}）', '')}`) }).click();
  await expectReadableReasons(page, 'zh-TW');
  await expectNoAxeViolations(page);
  await scrollToTop(page.getByRole('tablist'));
  await screenshot(page, 'payment-run-zh-TW');
  // Back in the list, the run is there, in review.
  await page.getByRole('link', { name: zh('detail.back') }).click();
  const listed = page.getByTestId('payment-runs-table').locator(`[data-cycle="${cycle}"]`);
  await expect(listed).toHaveAttribute('data-status', 'upcoming');
  await expectNoAxeViolations(page);

  // The second Finance operator, in English, approves after entering the password.
  const en = (key: string) => message('payruns', 'en', key);
  const context = await browser.newContext({ baseURL: baseURL!, acceptDownloads: true });
  const second = await context.newPage();
  await signInThroughPage(second, approver, demoPassword);
  await second.goto(runUrl);
  await second.getByRole('button', { name: en('approve.action') }).click();
  const dialog = second.getByRole('dialog', { name: en('approve.title').replace('{{month}}', formatMonth(cycle, 'en')) });
  await expect(dialog.getByTestId('approve-totals')).toBeVisible();
  const password = dialog.getByRole('textbox', { name: message('account', 'en', 'reauth.password'), exact: true });
  await expect(password).toBeFocused();
  await expectNoAxeViolations(second);
  await password.fill('not the password at all');
  await dialog.getByRole('button', { name: en('approve.confirm') }).click();
  await expect(dialog.getByRole('alert')).toContainText(message('identity', 'en', 'reauth.failed'));
  await password.fill(demoPassword);
  await dialog.getByRole('button', { name: en('approve.confirm') }).click();
  await expect(dialog).toBeHidden();
  await expect(second.getByRole('status')).toHaveText(en('approve.done').replace('{{month}}', formatMonth(cycle, 'en')));
  await expect(second.getByTestId('run-facts')).toContainText(en('runStatus.approved'));
  await expect(second.getByTestId('run-payments').locator('tr[data-status="in_progress"]')).toHaveCount(paymentCount);

  // The demo pays in USD and KRW: every transfer is in the CSV.
  const csvButton = second.getByRole('link', { name: plural('en', 'files.csv', paymentCount) });
  const [download] = await Promise.all([second.waitForEvent('download'), csvButton.click()]);
  expect(download.suggestedFilename()).toBe(`payments-${cycle}-transfers.csv`);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  const [header, ...rows] = csv.trim().split('\r\n');
  expect(header).toBe('run_id,payment_id,cycle,currency,amount,beneficiary_name,bank_country,scheme,iban,account_number,routing_number,bic,remittance');
  expect(rows).toHaveLength(paymentCount);
  const ids = rows.map((row) => row.split(',')[1]!);

  // The bank's answer: a file with a bad row is refused whole, naming the row; then the right one.
  const upload = async (content: string) => {
    await second.locator('input[type="file"]').setInputFiles({ name: 'bank-answer.csv', mimeType: 'text/csv', buffer: Buffer.from(content) });
    await second.getByRole('button', { name: en('bankResults.submit') }).click();
  };
  await upload(`payment_id,result,date,reason\n${ids[0]},paid,2030-01-02,\n`);
  const refused = second.getByTestId('refused-rows');
  await expect(refused.locator('[data-row="2"]')).toContainText('result');
  await expect(refused).toContainText(en('bankResults.rules.result'));
  await expectNoAxeViolations(second);
  const answer = ids.map((id, i) => (i === ids.length - 1 && ids.length > 1 ? `${id},returned,${cycle}-06,Account closed` : `${id},sent,${cycle}-05,`));
  await upload(`payment_id,result,date,reason\n${answer.join('\n')}\n`);
  const returned = ids.length > 1 ? 1 : 0;
  await expect(second.getByRole('status')).toHaveText(
    en('bankResults.recorded').replace('{{sent}}', String(ids.length - returned)).replace('{{returned}}', String(returned)).replace('{{unchanged}}', '0'),
  );
  const table = second.getByTestId('run-payments');
  await expect(table.locator(`[data-payment="${ids[0]}"]`)).toHaveAttribute('data-status', 'sent');
  if (returned) await expect(table.locator(`[data-payment="${ids.at(-1)}"]`)).toHaveAttribute('data-status', 'reversed');
  await expectNoAxeViolations(second);
  await scrollToTop(second.getByTestId('section-run-totals'));
  await screenshot(second, 'payment-run-en');

  // A payment the bank sent may still come back: marked returned from its row, with the bank's reason.
  const row = table.locator(`[data-payment="${ids[0]}"]`);
  await row.getByRole('button', { name: new RegExp(`^${en('payments.action.returned')} `) }).click();
  const answerDialog = second.getByRole('dialog', { name: en('answer.title.returned') });
  await answerDialog.getByRole('button', { name: en('answer.confirm.returned') }).click();
  await expect(answerDialog.getByLabel(en('answer.reason'))).toHaveAttribute('aria-invalid', 'true');
  await answerDialog.getByLabel(en('answer.reason')).fill('Beneficiary name does not match');
  await answerDialog.getByRole('button', { name: en('answer.confirm.returned') }).click();
  await expect(answerDialog).toBeHidden();
  await expect(row).toHaveAttribute('data-status', 'reversed');
  await expect(row).toContainText('Beneficiary name does not match');
  await context.close();
});

test('Support reads a run in Korean: held groups with their reasons, the exports, and no action to take', async ({ page, baseURL }) => {
  const cycle = futureCycle(4);
  await importFx(baseURL!, cycle);
  const { api, csrf } = await apiAs(baseURL!, creator);
  const created = await api.post('/api/v1/payment-runs', { headers: { 'X-CSRF-Token': csrf }, data: { cycle } });
  expect([200, 201]).toContain(created.status());
  const run = await created.json();

  const ko = (key: string) => message('payruns', 'ko-KR', key);
  await signInThroughPage(page, reader, demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', 'ko-KR', 'nav.paymentRuns'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko('list.title'));
  // Support may read runs, not run them.
  await expect(page.getByRole('button', { name: ko('run.submit') })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByTestId('payment-runs-table').locator(`[data-run="${run.id}"]`).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(ko('detail.title').replace('{{month}}', formatMonth(cycle, 'ko-KR')));
  await expect(page.getByRole('button', { name: ko('approve.action') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: ko('discard.action') })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /SEPA|CSV\(/ })).toHaveCount(0);

  await page.getByRole('tab', { name: new RegExp(`^${ko('tabs.holds_other').replace('({{count}})', '')}`) }).click();
  await expectReadableReasons(page, 'ko-KR');
  // Only the groups held for one reason, chosen by its name.
  const reason = (await page.getByTestId('run-holds').locator('[data-reason]').first().getAttribute('data-reason'))!;
  await page.getByLabel(ko('holds.filter'), { exact: true }).selectOption({ label: ko(`reason.${reason}`) });
  await expect(page).toHaveURL(new RegExp(`hreason=${reason}`));
  const rows = page.getByTestId('run-holds').locator('tbody tr');
  await expect(rows.filter({ hasNot: page.locator(`[data-reason="${reason}"]`) })).toHaveCount(0);
  await expect(rows.first()).toBeVisible();
  await expectNoAxeViolations(page);
  await scrollToTop(page.getByRole('tablist'));
  await screenshot(page, 'payment-run-ko-KR');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: ko('files.holdsCsv') }).click()]);
  expect(download.suggestedFilename()).toBe(`holds-${cycle}.csv`);
  const holds = fs.readFileSync((await download.path())!, 'utf8').split('\r\n');
  expect(holds[0]).toBe('cycle,location_id,program_code,reasons,usd');
  expect(holds[1]).toMatch(new RegExp(`^${cycle},L-\\d+,`));

  // The run is discarded again, so the demo's earnings are as they were for whoever comes next.
  const discarded = await api.post(`/api/v1/payment-runs/${run.id}/discard`, { headers: { 'X-CSRF-Token': csrf } });
  expect([200, 409]).toContain(discarded.status());
  await api.dispose();
});
