import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.ts';
import { systemActor, type Actor } from '../../src/modules/identity/actor.ts';
import { approveRun, recordBankResults } from '../../src/modules/payments/lifecycle.ts';
import { dropCreatedDatabases, exited, freshDatabaseEnv, openEnvDatabase, runCli, startServer } from '../helpers/cli.ts';
import { monthBefore } from './earnings-data.ts';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

// The demo has two payment runs: two months ago's cycle approved and paid (Hanbit's payment Sent
// and disputed, Contoso's returned), and last month's cycle waiting for approval. This server of
// its own also has that second run approved by a second Finance operator and Hanbit's payment in
// it answered "sent" today (the use cases, on the server's database before it starts), so a
// payment can still be disputed within its 30 days.
const port = Number(process.env.ACCRUE_E2E_PORT ?? 3199) + 1500;
test.use({ baseURL: `http://127.0.0.1:${port}` });

let server: ChildProcess | null = null;
const paidCycle = monthBefore(2);
const cycle = monthBefore(1);
const today = new Date().toISOString().slice(0, 10);

test.beforeAll(async () => {
  test.setTimeout(300_000);
  const env = { ...(await freshDatabaseEnv()), ACCRUE_SIGN_IN_LIMIT_PER_ADDRESS: '5000' };
  const result = await runCli(['--json', 'demo'], env);
  expect(result.code, `accrue demo: ${result.stderr}`).toBe(0);
  const db = await openEnvDatabase(env);
  try {
    const ctx = { db, now: () => new Date() };
    const [run] = await db.query<{ id: string }>(`select id from payment_runs where cycle = $1 and status = 'upcoming'`, [`${cycle}-01`]);
    const [approver] = await db.orm.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, 'finance.approver@accrue.example'));
    const actor: Actor = { ...systemActor(), kind: 'user', userId: approver!.id, label: approver!.email, roles: ['finance'] };
    const now = new Date();
    await approveRun(ctx, actor, { tokenHash: 'e2e', userId: approver!.id, organizationId: null, stage: 'active', createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + 3_600_000), reauthenticatedAt: now }, run!.id);
    const approved = await db.query<{ id: string }>(`select id from payments where run_id = $1 and status = 'in_progress'`, [run!.id]);
    await recordBankResults(ctx, actor, approved.map((p) => ({ paymentId: p.id, result: 'sent' as const, date: today })));
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

type Payment = { id: string; cycle: string; status: string; net: string; payoutCurrency: string; dispute: string | null; location: { locationId: string }; program: { code: string } };
const demoDispute = '입금된 금액이 저희 계산과 다릅니다.';

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
  // The pair paid in the latest run says so, with a link to that payment, and nothing holds it.
  const direct = why.locator('[data-pair="L-2000317/CSP-DIRECT"]');
  await expect(direct.getByRole('link', { name: m(ko, 'why.lastRun.openPayment', { month: monthName(ko, cycle) }) })).toBeVisible();
  await expect(direct).toContainText(m(ko, 'why.noReasons'));
  await expectNoAxeViolations(page);
  await screenshot(page, `payments-${ko}`);

  // The table: both Sent payments, the older with its open dispute.
  const { payments } = (await (await page.request.get('/api/v1/payments')).json()) as { payments: Payment[] };
  const older = payments.find((p) => p.cycle === paidCycle && p.program.code === 'CSP-DIRECT')!;
  const paid = payments.find((p) => p.cycle === cycle && p.program.code === 'CSP-DIRECT')!;
  expect(older).toMatchObject({ status: 'sent', dispute: 'open' });
  expect(paid).toMatchObject({ status: 'sent', payoutCurrency: 'KRW', dispute: null });
  const table = page.getByTestId('payments-table');
  const row = table.locator(`[data-payment="${paid.id}"]`);
  await expect(row).toContainText(money(ko, paid.net, 'KRW'));
  await expect(row).toContainText(m(ko, 'status.sent'));
  await expect(table.locator(`[data-payment="${older.id}"]`)).toContainText(m(ko, 'disputeStatus.open'));
  const filters = page.getByRole('search', { name: m(ko, 'list.filters') });
  await filters.getByLabel(m(ko, 'filters.status')).selectOption('reversed');
  await expect(page).toHaveURL(/status=reversed/);
  await expect(page.getByTestId('payments-count')).toHaveText(m(ko, 'list.count_zero'));
  await filters.getByLabel(m(ko, 'filters.status')).selectOption('sent');
  await expect(page.getByTestId('payments-count')).toHaveText(m(ko, 'list.count_other', { count: 2 }));

  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'payments.csv' }).click();
  const csv = fs.readFileSync(await (await downloading).path(), 'utf8').split('\r\n');
  expect(csv[0]).toBe('payment_id,cycle,location_id,program_code,currency,gross,withholding,net,withholding_rate,fx_month,status');
  expect(csv).toContainEqual(expect.stringMatching(new RegExp(`^${paid.id},${cycle},L-2000317,CSP-DIRECT,KRW,\\d+,\\d+,${paid.net},0\\.\\d+,${cycle},sent$`)));

  // The older payment: its dispute, waiting for an answer, and its 30 days over.
  await table.locator(`[data-payment="${older.id}"]`).getByRole('link', { name: new RegExp(`^${m(ko, 'list.open')}`) }).click();
  const olderDispute = page.getByTestId('section-dispute');
  await expect(olderDispute.getByTestId('dispute')).toContainText(demoDispute);
  await expect(olderDispute.getByTestId('dispute')).toContainText(m(ko, 'dispute.waiting'));
  await expect(olderDispute.getByTestId('dispute-form')).toHaveCount(0);
  await page.getByRole('link', { name: m(ko, 'detail.back') }).click();
  await expect(page).toHaveURL(/status=sent/);

  // The newer one: amounts, conversions, timeline, earnings and the statement.
  await table.locator(`[data-payment="${paid.id}"]`).getByRole('link', { name: new RegExp(`^${m(ko, 'list.open')}`) }).click();
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

  // A dispute, typed and sent by keyboard, within the 30 days after today's sending.
  const dispute = page.getByTestId('section-dispute');
  const until = new Intl.DateTimeFormat(ko, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000));
  await expect(dispute).toContainText(m(ko, 'dispute.until', { date: until }));
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

test("in Traditional Chinese, Finance answers the demo's dispute; the partner reads the answer in Korean and closes it by keyboard", async ({ page }) => {
  const zh = 'zh-TW';
  const ko = 'ko-KR';
  await signInThroughPage(page, 'finance@accrue.example', demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', zh, 'nav.disputes'), exact: true }).click();
  await expect(page).toHaveURL(/\/operations\/disputes$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(zh, 'operator.title'));
  const card = page.getByTestId('operator-dispute').filter({ hasText: demoDispute });
  await expect(card).toContainText('P-1000005');
  await expect(card).toContainText(m(zh, 'status.sent'));
  await expectNoAxeViolations(page);
  await screenshot(page, `disputes-${zh}`);
  const answer = '10월 지급에는 9월 기준 환율(1 USD = 1,316.39 KRW)이 적용되었습니다. 지급 명세서의 환산 내역을 확인해 주세요.';
  await card.getByLabel(m(zh, 'operator.answer')).fill(answer);
  await card.getByRole('button', { name: m(zh, 'operator.submit') }).click();
  await expect(page.getByText(m(zh, 'operator.answered'))).toBeVisible();
  await expect(page.getByTestId('operator-dispute').filter({ hasText: demoDispute })).toHaveCount(0);
  await page.getByTestId('dispute-status-filter').selectOption('answered');
  await expect(page.getByTestId('operator-dispute').filter({ hasText: demoDispute })).toContainText(m(zh, 'disputeStatus.answered'));

  // The partner who opened it, in Korean: the answer on the payment, and the dispute closed.
  await page.context().clearCookies();
  await signInThroughPage(page, 'incentive.admin@hanbit.example', demoPassword);
  await page.goto(`/payments?cycle=${paidCycle}`);
  await page.getByTestId('payments-table').getByRole('link', { name: new RegExp(`^${m(ko, 'list.open')}`) }).first().click();
  const dispute = page.getByTestId('section-dispute');
  await expect(dispute.getByTestId('dispute-answer')).toContainText(answer);
  await dispute.getByRole('button', { name: m(ko, 'dispute.close') }).focus();
  await page.keyboard.press('Enter');
  await expect(dispute.getByRole('status')).toHaveText(m(ko, 'dispute.closed'));
  await expect(dispute.getByTestId('dispute')).toHaveAttribute('data-status', 'closed');
  await expectNoAxeViolations(page);
});

test('in English, a Global admin sees a held and returned payment with what clears each reason, then reads the page in Traditional Chinese', async ({ page }) => {
  const en = 'en';
  const zh = 'zh-TW';
  await signInThroughPage(page, 'admin@contoso.example', demoPassword);
  await page.goto('/payments');
  const why = page.getByTestId('section-why-not-paid');
  const indirect = why.locator('[data-pair="L-2000003/CSP-INDIRECT"]');
  const hold = indirect.locator('[data-reason="partner_hold"]');
  await expect(hold).toContainText(m(en, 'reason.partner_hold.set', { month: monthName(en, monthBefore(-1)) }));
  await expect(hold.getByRole('link', { name: m(en, 'action.clearHold') })).toHaveAttribute('href', '/incentives/L-2000003/CSP-INDIRECT#payout');
  const returned = indirect.locator('[data-reason="payment_returned"]');
  await expect(returned).toContainText(m(en, 'reason.payment_returned.text'));
  await expect(returned.getByRole('link', { name: m(en, 'action.confirmBankDetails') })).toHaveAttribute('href', '/payment-profiles');
  await expect(indirect.getByTestId('next-payment')).toHaveAttribute('data-rule', 'blocked');
  await expect(indirect).toContainText(m(en, 'why.lastRun.held', { month: monthName(en, cycle), reasons: `${m(en, 'reason.partner_hold.title')}, ${m(en, 'reason.payment_returned.title')}` }));
  const table = page.getByTestId('payments-table');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody tr')).toContainText(m(en, 'status.reversed'));
  await expectNoAxeViolations(page);
  await screenshot(page, `payments-${en}`);

  // The returned payment: the bank's reason, the timeline to Reversed, no dispute possible.
  await table.getByRole('link', { name: new RegExp(`^${m(en, 'list.open')}`) }).click();
  await expect(page.getByTestId('payment-facts')).toContainText('R02 Account closed');
  await expect(page.getByTestId('payment-timeline').locator('li')).toHaveCount(4);
  await expect(page.getByTestId('payment-timeline').locator('li').last()).toContainText(m(en, 'timeline.reversed'));
  await expect(page.getByTestId('dispute-refusal')).toHaveText(m(en, 'dispute.not_sent'));
  await expectNoAxeViolations(page);

  // The same page in Traditional Chinese, switched on the page.
  await page.getByRole('link', { name: m(en, 'detail.back') }).click();
  await expect(why).toBeVisible();
  await page.getByTestId('language-switcher').selectOption(zh);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m(zh, 'title'));
  await expect(why.getByRole('heading', { level: 2 })).toHaveText(m(zh, 'why.title'));
  await expect(indirect.locator('[data-reason="payment_returned"]')).toContainText(m(zh, 'reason.payment_returned.text'));
  await expectNoAxeViolations(page);
  await screenshot(page, `payments-${zh}`);
});
