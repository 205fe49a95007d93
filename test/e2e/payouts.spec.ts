import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { request as httpRequest } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.ts';
import { systemActor, type Actor } from '../../src/modules/identity/actor.ts';
import { approveRun, recordBankResults } from '../../src/modules/payments/lifecycle.ts';
import { dropCreatedDatabases, exited, freshDatabaseEnv, openEnvDatabase, runCli, startServer } from '../helpers/cli.ts';
import { monthBefore } from './earnings-data.ts';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

// The demo with last month's payment run: made with the command line, approved by a second
// Finance operator and answered "sent" by the bank (the use cases, on the server's database
// before it starts), so partners have Sent payments and the current month is previewed.
const port = Number(process.env.ACCRUE_E2E_PORT ?? 3199) + 1500;
test.use({ baseURL: `http://127.0.0.1:${port}` });

let server: ChildProcess | null = null;
const cycle = monthBefore(1);
const today = new Date().toISOString().slice(0, 10);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const env = { ...(await freshDatabaseEnv()), ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS: '5000' };
  for (const args of [['demo'], ['payments', 'run', '--cycle', cycle]]) {
    const result = await runCli(['--json', ...args], env);
    expect(result.code, `accrue ${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
  const db = await openEnvDatabase(env);
  try {
    const ctx = { db, now: () => new Date() };
    const [run] = await db.query<{ id: string; status: string }>(`select id, status::text as status from payment_runs where cycle = $1 and status <> 'discarded'`, [`${cycle}-01`]);
    const [approver] = await db.orm.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, 'finance.approver@accrue.example'));
    const actor: Actor = { ...systemActor(), kind: 'user', userId: approver!.id, label: approver!.email, roles: ['finance'] };
    const now = new Date();
    if (run!.status === 'upcoming') {
      await approveRun(ctx, actor, { tokenHash: 'e2e', userId: approver!.id, organizationId: null, stage: 'active', createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 3_600_000), reauthenticatedAt: now }, run!.id);
    }
    const inProgress = await db.query<{ id: string }>(`select id from payments where run_id = $1 and status = 'in_progress'`, [run!.id]);
    if (inProgress.length) await recordBankResults(ctx, actor, inProgress.map((p) => ({ paymentId: p.id, result: 'sent' as const, date: today })));
  } finally {
    await db.close();
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
  Object.entries(values).reduce((text, [name, value]) => text.replaceAll(`{{${name}}}`, String(value)), message('payouts', locale, key));
const money = (locale: string, amount: string, currency: string) =>
  new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: currency === 'KRW' ? 0 : 2, maximumFractionDigits: currency === 'KRW' ? 0 : 2 }).format(
    amount as unknown as number,
  );
const monthName = (locale: string, month: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));

type Payment = { id: string; cycle: string; status: string; net: string; payoutCurrency: string; location: { locationId: string }; program: { code: string } };

test('in Korean, an Incentive admin sees why each pair was or was not paid, downloads payments and a statement, and disputes a payment by keyboard', async ({ page }) => {
  const ko = 'ko-KR';
  await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', ko, 'nav.payments'), exact: true }).click();
  await expect(page).toHaveURL(/\/payments$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(ko, 'title'));

  // Why wasn't I paid: the FY26 program's enrollment is not active, with the way to it.
  const why = page.getByTestId('section-why-not-paid');
  await expect(why.getByRole('heading', { level: 2 })).toHaveText(m(ko, 'why.title'));
  const fy26 = why.locator('[data-pair="L-2000317/CSP-DIRECT-FY26"]');
  const enrollment = fy26.locator('[data-reason="enrollment"]');
  await expect(enrollment).toContainText(m(ko, 'reason.enrollment.title'));
  await expect(enrollment.getByRole('link', { name: m(ko, 'action.openEnrollment') })).toHaveAttribute('href', '/incentives/L-2000317/CSP-DIRECT-FY26');
  await expect(fy26.getByTestId('next-payment')).toContainText(m(ko, 'why.next.blocked'));
  await expect(why.getByRole('progressbar', { name: m(ko, 'why.progressLabel') }).first()).toBeVisible();
  // The pair paid last month says so, with a link to that payment.
  const direct = why.locator('[data-pair="L-2000317/CSP-DIRECT"]');
  await expect(direct.getByRole('link', { name: m(ko, 'why.lastRun.openPayment', { month: monthName(ko, cycle) }) })).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, `payments-${ko}`);

  // The table: the Sent payment of last month's run, its net in KRW.
  const { payments } = (await (await page.request.get('/api/v1/payments')).json()) as { payments: Payment[] };
  const paid = payments.find((p) => p.location.locationId === 'L-2000317' && p.program.code === 'CSP-DIRECT')!;
  expect(paid).toMatchObject({ cycle, status: 'sent', payoutCurrency: 'KRW' });
  const row = page.getByTestId('payments-table').locator(`[data-payment="${paid.id}"]`);
  await expect(row).toContainText(money(ko, paid.net, 'KRW'));
  await expect(row).toContainText(m(ko, 'status.sent'));
  const filters = page.getByRole('search', { name: m(ko, 'list.filters') });
  await filters.getByLabel(m(ko, 'filters.status')).selectOption('upcoming');
  await expect(page).toHaveURL(/status=upcoming/);
  await expect(page.getByTestId('payments-count')).toHaveText(m(ko, 'list.count_zero'));
  await filters.getByLabel(m(ko, 'filters.status')).selectOption('sent');
  await expect(row).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'payments.csv' }).click();
  const csv = fs.readFileSync(await (await downloading).path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe('payment_id,cycle,location_id,program_code,currency,gross,withholding,net,withholding_rate,fx_month,status');
  expect(csv).toContainEqual(expect.stringMatching(new RegExp(`^${paid.id},${cycle},L-2000317,CSP-DIRECT,KRW,\\d+,\\d+,${paid.net},0\\.\\d+,${cycle},sent$`)));

  // Its detail: amounts, conversions, timeline, statement.
  await row.getByRole('link', { name: new RegExp(`^${m(ko, 'list.open')}`) }).click();
  await expect(page).toHaveURL(new RegExp(`/payments/${paid.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(ko, 'detail.title', { month: monthName(ko, cycle) }));
  await expect(page.getByTestId('payment-facts')).toContainText(money(ko, paid.net, 'KRW'));
  await expect(page.getByTestId('conversions-table').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('payment-timeline').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('payment-timeline').locator('li').last()).toContainText(m(ko, 'timeline.sent'));
  await expect(page.getByTestId('payment-earnings').locator('tbody tr').first()).toBeVisible();
  const pdf = page.waitForEvent('download');
  await page.getByRole('link', { name: m(ko, 'detail.statementPdf') }).click();
  const statement = await pdf;
  expect(statement.suggestedFilename()).toBe(`statement-${cycle}-L-2000317-CSP-DIRECT.pdf`);
  expect(fs.readFileSync(await statement.path()).subarray(0, 5).toString()).toBe('%PDF-');

  // A dispute, typed and sent by keyboard.
  const dispute = page.getByTestId('section-dispute');
  await expect(dispute).toContainText(m(ko, 'dispute.until', { date: new Intl.DateTimeFormat(ko, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000)) }));
  await dispute.getByLabel(m(ko, 'dispute.message')).focus();
  await page.keyboard.type('환율 적용 월을 확인해 주세요.');
  await page.keyboard.press('Tab');
  await expect(dispute.getByRole('button', { name: m(ko, 'dispute.submit') })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dispute.getByRole('status')).toHaveText(m(ko, 'dispute.opened'));
  await expect(dispute.getByTestId('dispute')).toHaveAttribute('data-status', 'open');
  await expect(dispute.getByTestId('dispute-form')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await screenshot(page, `payment-${ko}`);
});

test('in Traditional Chinese, Finance answers a dispute; in English the partner reads the answer and closes it', async ({ page, baseURL }) => {
  const zh = 'zh-TW';
  const en = 'en';
  // Contoso's admin disputes its payment through the API.
  const partner = await httpRequest.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  const signIn = await (await partner.post('/api/v1/auth/sign-in', { data: { email: 'admin@contoso.example', password: demoPassword } })).json();
  const headers = { 'X-CSRF-Token': signIn.csrfToken as string };
  const { payments } = (await (await partner.get('/api/v1/payments')).json()) as { payments: Payment[] };
  const paid = payments.find((p) => p.status === 'sent')!;
  const opened = await partner.post(`/api/v1/payments/${paid.id}/disputes`, { data: { message: 'The amount is lower than our own count.' }, headers });
  expect(opened.status()).toBe(201);
  const { id } = await opened.json();
  await partner.dispose();

  await signInThroughPage(page, 'finance@accrue.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', zh, 'nav.disputes'), exact: true }).click();
  await expect(page).toHaveURL(/\/operations\/disputes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(zh, 'operator.title'));
  const card = page.locator(`[data-dispute-id="${id}"]`);
  await expect(card).toContainText('The amount is lower than our own count.');
  await expect(card).toContainText(money(zh, paid.net, paid.payoutCurrency));
  await expectNoAxeViolations(page);
  await card.getByLabel(m(zh, 'operator.answer')).fill('We counted the credits of the month as well; see the statement.');
  await card.getByRole('button', { name: m(zh, 'operator.submit') }).click();
  await expect(page.getByText(m(zh, 'operator.answered'))).toBeVisible();
  await expect(page.locator(`[data-dispute-id="${id}"]`)).toHaveCount(0);
  await page.getByTestId('dispute-status-filter').selectOption('answered');
  await expect(page.locator(`[data-dispute-id="${id}"]`)).toContainText(m(zh, 'disputeStatus.answered'));

  // The partner, in English: the answer on the payment, and the dispute closed.
  await page.context().clearCookies();
  await signInThroughPage(page, 'admin@contoso.example', demoPassword);
  await page.goto('/payments');
  await expect(page.getByTestId('section-why-not-paid')).toBeVisible();
  await expect(page.getByTestId('payments-table').locator(`[data-payment="${paid.id}"]`)).toContainText(m(en, 'disputeStatus.answered'));
  await expectNoAxeViolations(page);
  await screenshot(page, `payments-${en}`);
  await page.goto(`/payments/${paid.id}`);
  const dispute = page.getByTestId('section-dispute');
  await expect(dispute.getByTestId('dispute-answer')).toContainText('We counted the credits of the month as well; see the statement.');
  await dispute.getByRole('button', { name: m(en, 'dispute.close') }).click();
  await expect(dispute.getByRole('status')).toHaveText(m(en, 'dispute.closed'));
  await expect(dispute.getByTestId('dispute')).toHaveAttribute('data-status', 'closed');
  // Closed, and still within 30 days: another dispute may be opened.
  await expect(dispute.getByTestId('dispute-form')).toBeVisible();
  await expectNoAxeViolations(page);

  // The same page in Traditional Chinese, switched on the page.
  await page.goto('/payments');
  await expect(page.getByTestId('section-why-not-paid')).toBeVisible();
  await page.getByTestId('language-switcher').selectOption(zh);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(zh, 'title'));
  await expect(page.getByTestId('section-why-not-paid').getByRole('heading', { level: 2 })).toHaveText(m(zh, 'why.title'));
  await expectNoAxeViolations(page);
  await screenshot(page, `payments-${zh}`);
});
