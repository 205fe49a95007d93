import type { Page } from '@playwright/test';
import type { EligibilityRunResult } from '../../src/modules/eligibility/evaluate.ts';
import { demoPassword, expect, expectNoAxeViolations, message, screenshot, signInThroughPage, test } from './fixtures.ts';

// The demo data's enrollments (src/modules/demo/demo-incentives.ts): 한빛 서울 is Enrolled in
// CSP-DIRECT, Fabrikam Denver lost its eligibility there (its reseller agreement expired) after
// being Enrolled, Fabrikam Boston is Validating after being sent back once.
const hanbitSeoul = { partnerId: 'P-1000005', locationId: 'L-2000317', name: '서울 본사' };
const denver = { locationId: 'L-2000005', name: 'Denver' };
const boston = { locationId: 'L-2000004', name: 'Boston' };
const fabrikam = 'P-1000003';
const operators = { en: 'admin@accrue.example', 'ko-KR': 'programs@accrue.example', 'zh-TW': 'finance@accrue.example' } as const;

type RunResult = EligibilityRunResult;

/** Runs eligibility through the list page's dialog; checks the counts shown are the ones the server returned. */
async function runFromPage(page: Page, locale: 'en' | 'ko-KR'): Promise<RunResult> {
  const m = (key: string) => message('enrollments', locale, key);
  await page.getByRole('button', { name: m('operator.run.open') }).click();
  const dialog = page.getByRole('dialog', { name: m('operator.run.title') });
  await expect(dialog.getByLabel(m('operator.run.date'))).toBeVisible();
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/eligibility/run') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: m('operator.run.submit'), exact: true }).click();
  const response = await answered;
  expect(response.status()).toBe(200);
  const result = (await response.json()) as RunResult;
  const table = dialog.getByTestId('run-result');
  for (const key of ['evaluated', 'eligible', 'changed', 'invited', 'lost', 'programEnded'] as const) {
    await expect(table.locator(`[data-count="${key}"]`)).toContainText(m(`operator.run.count.${key}`));
    await expect(table.locator(`[data-count="${key}"] td`)).toHaveText(result[key].toLocaleString(locale));
  }
  return result;
}

test.describe.configure({ timeout: 60_000 });

const rowOf = (page: Page, locationId: string) => page.getByTestId('enrollments-table').locator(`tr[data-location="${locationId}"][data-program="CSP-DIRECT"]`);

test('an operator runs eligibility, filters the list by status (kept in the address) and opens an enrollment', async ({ page }) => {
  const m = (key: string) => message('enrollments', 'en', key);
  await signInThroughPage(page, operators.en, demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', 'en', 'nav.enrollments') }).click();
  await expect(page).toHaveURL(/\/enrollments$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('operator.title'));

  const result = await runFromPage(page, 'en');
  expect(result.evaluated).toBeGreaterThan(0);
  expect(result.eligible).toBeGreaterThan(0);
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollments-run-en');
  await page.getByRole('dialog').getByRole('button', { name: message('common', 'en', 'close'), exact: true }).last().click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByLabel(m('operator.filters.status')).selectOption('enrolled');
  await page.getByLabel(m('operator.filters.search')).fill(hanbitSeoul.partnerId);
  await expect(page).toHaveURL(/status=enrolled/);
  await expect(page).toHaveURL(new RegExp(`q=${hanbitSeoul.partnerId}`));
  await expect(rowOf(page, hanbitSeoul.locationId)).toBeVisible();
  for (const status of await page.getByTestId('enrollments-table').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) {
    expect(status).toBe('enrolled');
  }

  // The address keeps the filters: a reload shows the same list.
  await page.reload();
  await expect(page.getByLabel(m('operator.filters.status'))).toHaveValue('enrolled');
  await expect(page.getByLabel(m('operator.filters.search'))).toHaveValue(hanbitSeoul.partnerId);
  const row = rowOf(page, hanbitSeoul.locationId);
  await expect(row).toContainText(m('status.enrolled'));
  await expect(row).toContainText('CSP direct seller rebate');
  await expect(row.getByRole('link', { name: '한빛클라우드 주식회사' })).toHaveAttribute('href', `/partners/${hanbitSeoul.partnerId}`);
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollments-en');

  await row.getByRole('link', { name: hanbitSeoul.name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(hanbitSeoul.name);
  const requirements = page.getByTestId('requirements');
  await expect(requirements.locator('[data-met="true"]')).toHaveCount(5);
  await expect(requirements.locator('[data-met="false"]')).toHaveCount(0);
  await expect(requirements.locator('[data-requirement="reseller_agreement"]')).toContainText(m('met'));
  await expect(requirements.locator('[data-requirement="competencies"]')).toContainText(
    m('requirement.competenciesLevel').replace('{{expected}}', '1').replace('{{level}}', m('level.silver')),
  );
  const history = page.getByTestId('history-table');
  for (const event of ['invite', 'accept', 'profiles_completed', 'validate']) {
    await expect(history.locator(`tr[data-event="${event}"]`)).toContainText(m(`event.${event}`));
  }
  await expect(history.locator('tr[data-event="accept"]')).toContainText('incentive.admin@hanbit.example');
  // Enrolled is decided: nothing to validate here.
  await expect(page.getByRole('button', { name: m('operator.validate.open') })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollment-detail-en');
  await page.getByTestId('section-history').scrollIntoViewIfNeeded();
  await screenshot(page, 'enrollment-history-en');
});

test('a program manager sees a lost eligibility with the requirement it failed and the earnings it ended, in ko-KR', async ({ page }) => {
  const m = (key: string) => message('enrollments', 'ko-KR', key);
  await signInThroughPage(page, operators['ko-KR'], demoPassword);
  await page.getByRole('navigation').getByRole('link', { name: message('shell', 'ko-KR', 'nav.enrollments') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('operator.title'));
  await runFromPage(page, 'ko-KR');
  await screenshot(page, 'enrollments-run-ko-KR');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByLabel(m('operator.filters.status')).selectOption('ineligible');
  await page.getByLabel(m('operator.filters.program')).selectOption('CSP-DIRECT');
  await page.getByLabel(m('operator.filters.country')).selectOption('US');
  await expect(page).toHaveURL(/status=ineligible/);
  await expect(page).toHaveURL(/program=CSP-DIRECT/);
  await expect(page).toHaveURL(/country=US/);
  const row = rowOf(page, denver.locationId);
  await expect(row).toContainText(m('status.ineligible'));
  await expect(row).toContainText('CSP 직접 판매자 리베이트');
  await expect(rowOf(page, boston.locationId)).toHaveCount(0);
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollments-ko-KR');

  await row.getByRole('link', { name: denver.name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(denver.name);
  const failed = m('reasonRequirements').replace('{{list}}', m('requirement.reseller_agreement'));
  await expect(page.getByTestId('section-status')).toContainText(failed);
  const reseller = page.getByTestId('requirements').locator('[data-requirement="reseller_agreement"]');
  await expect(reseller).toHaveAttribute('data-met', 'false');
  await expect(reseller).toContainText(m('notMet'));
  const lost = page.getByTestId('history-table').locator('tr[data-event="eligibility_lost"]').last();
  await expect(lost).toContainText(`${m('status.enrolled')} → ${m('status.ineligible')}`);
  await expect(lost).toContainText(failed);
  await expect(page.getByTestId('section-status')).not.toContainText(m('operator.earnings.notStarted'));
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollment-detail-ko-KR');
  await page.getByTestId('section-eligibility').scrollIntoViewIfNeeded();
  await screenshot(page, 'enrollment-requirements-ko-KR');
  await page.getByTestId('section-history').scrollIntoViewIfNeeded();
  await screenshot(page, 'enrollment-history-ko-KR');
});

test('finance reads enrollments from a linked, filtered address in zh-TW, without running eligibility', async ({ page }) => {
  const m = (key: string) => message('enrollments', 'zh-TW', key);
  await signInThroughPage(page, operators['zh-TW'], demoPassword);
  await page.goto(`/enrollments?program=CSP-DIRECT&q=${fabrikam}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('operator.title'));
  await expect(page.getByRole('button', { name: m('operator.run.open') })).toHaveCount(0);
  await expect(page.getByLabel(m('operator.filters.program'))).toHaveValue('CSP-DIRECT');
  await expect(rowOf(page, boston.locationId)).toContainText(m('status.validating'));
  await expect(rowOf(page, denver.locationId)).toContainText(m('status.ineligible'));
  await expect(page.getByText(m('operator.count_other').replace('{{count}}', '2'))).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollments-zh-TW');

  await rowOf(page, boston.locationId).getByRole('link', { name: boston.name }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('CSP 直接銷售者回饋');
  const history = page.getByTestId('history-table');
  await expect(history.locator('tr[data-event="reject"]')).toContainText('The W-9 is not signed.');
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollment-detail-zh-TW');
  await page.getByTestId('section-history').scrollIntoViewIfNeeded();
  await screenshot(page, 'enrollment-history-zh-TW');

  // Back to the list as filtered, then every filter cleared.
  await page.getByRole('link', { name: m('operator.back') }).click();
  await expect(page).toHaveURL(new RegExp(`/enrollments\\?program=CSP-DIRECT&q=${fabrikam}$`));
  await expect(rowOf(page, boston.locationId)).toBeVisible();
  await page.getByRole('button', { name: m('operator.filters.clear') }).click();
  await expect(page).toHaveURL(/\/enrollments$/);
  await expect(page.getByLabel(m('operator.filters.search'))).toHaveValue('');
});

test('a program manager validates an enrollment; a reason too short to send it back is named at its field', async ({ page }) => {
  const m = (key: string) => message('enrollments', 'ko-KR', key);
  await signInThroughPage(page, operators['ko-KR'], demoPassword);
  await page.goto(`/enrollments?status=validating&q=${boston.locationId}`);
  await rowOf(page, boston.locationId).getByRole('link', { name: boston.name }).click();
  const decision = page.getByTestId('section-decision');
  await expect(decision.getByRole('heading', { name: m('operator.decision.title') })).toBeVisible();

  await decision.getByRole('button', { name: m('operator.reject.open') }).click();
  let dialog = page.getByRole('dialog', { name: m('operator.reject.title') });
  const reason = dialog.getByLabel(m('operator.reject.reason'));
  await reason.fill('ab');
  await dialog.getByRole('button', { name: m('operator.reject.submit') }).click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText(message('errors', 'ko-KR', 'rule.too_small_string').replace('{{minimum}}', '3'))).toBeVisible();
  await expectNoAxeViolations(page);
  await screenshot(page, 'enrollment-send-back-ko-KR');
  await dialog.getByRole('button', { name: m('operator.decision.cancel') }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await decision.getByRole('button', { name: m('operator.validate.open') }).click();
  dialog = page.getByRole('dialog', { name: m('operator.validate.title') });
  await dialog.getByLabel(m('operator.validate.note')).fill('서류 확인 완료');
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: m('operator.validate.submit') }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(m('status.enrolled'));
  await expect(page.getByTestId('history-table').locator('tr[data-event="validate"]').last()).toContainText('서류 확인 완료');
  await expect(page.getByRole('button', { name: m('operator.validate.open') })).toHaveCount(0);
});
