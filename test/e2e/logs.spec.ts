import AxeBuilder from '@axe-core/playwright';
import { request, type Page } from '@playwright/test';
import { expect, expectNoAxeViolations, message, screenshot, test } from './fixtures.ts';

// The reader is an operator the demo admin creates through the API, in the language under test
// (a user's own language setting wins over the browser's).
const admin = { email: 'admin@accrue.example', password: 'accrue demo password' };
const chosenPassword = 'seven quiet harbours at dawn';
const locales = ['en', 'zh-TW', 'ko-KR'] as const;

/** Creates, as the demo admin, an invited user (so there is mail) and an operator_admin reader. */
async function prepare(baseURL: string, locale: string) {
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const signIn = await api.post('/api/v1/auth/sign-in', { data: admin });
  expect(signIn.status(), 'the demo admin signs in').toBe(200);
  const { csrfToken } = await signIn.json();
  const unique = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const create = async (email: string, credentials: string) => {
    const response = await api.post('/api/v1/users', {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { name: 'Robin Ashby', email, locale, roles: [{ role: 'operator_admin', scope: 'all' }], credentials },
    });
    expect(response.status()).toBe(201);
    return (await response.json()) as { temporaryPassword: string | null };
  };
  const invited = `invited.${unique}@accrue.example`;
  await create(invited, 'invitation');
  const reader = `logs.${unique}@accrue.example`;
  const { temporaryPassword } = await create(reader, 'temporary_password');
  await api.dispose();
  return { invited, reader, temporaryPassword: temporaryPassword! };
}

/** Signs the page in through the API (cookies land in the page's context) and sets the password. */
async function signInAs(page: Page, baseURL: string, email: string, temporaryPassword: string): Promise<void> {
  const headers = { Origin: baseURL };
  const signIn = await page.request.post('/api/v1/auth/sign-in', { headers, data: { email, password: temporaryPassword } });
  expect(signIn.status()).toBe(200);
  const { csrfToken } = await signIn.json();
  const changed = await page.request.post('/api/v1/auth/password', {
    headers: { ...headers, 'X-CSRF-Token': csrfToken },
    data: { currentPassword: temporaryPassword, newPassword: chosenPassword },
  });
  expect(changed.status()).toBe(200);
  expect((await changed.json()).stage).toBe('active');
}

/**
 * As `expectNoAxeViolations`, leaving out the mail's own HTML: its frame is sandboxed without
 * scripts, so axe cannot run inside it (it waits for the frame forever). The mail templates are
 * the mail module's to test; the frame element's title is checked by the test itself.
 */
async function expectNoAxeViolationsAroundMail(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .exclude('iframe[sandbox]')
    .analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

for (const locale of locales) {
  test(`the audit log and the mail log in ${locale} pass axe`, async ({ page, baseURL }) => {
    test.setTimeout(60_000);
    const m = (area: string, key: string) => message(area, locale, key);
    const { invited, reader, temporaryPassword } = await prepare(baseURL!, locale);
    await signInAs(page, baseURL!, reader, temporaryPassword);

    await page.goto('/');
    const nav = page.getByRole('navigation', { name: m('shell', 'mainNavigation') });
    await nav.getByRole('link', { name: m('shell', 'nav.auditLog') }).click();
    await expect(page).toHaveURL(/\/operations\/audit$/);
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('audit', 'title'));
    const log = page.getByTestId('audit-log');
    await expect(log.getByRole('cell', { name: m('audit', 'action.user.created') }).first()).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshot(page, `audit-log-${locale}`);

    // Filters: one action, and the actor; each entry opens to show what changed.
    await page.getByLabel(m('audit', 'filter.action')).selectOption('user.created');
    await page.getByLabel(m('audit', 'filter.actor')).fill(admin.email);
    await page.getByRole('button', { name: m('logs', 'apply') }).click();
    const rows = log.locator('tbody tr');
    await expect(rows.first()).toContainText(m('audit', 'action.user.created'));
    for (const text of await rows.allTextContents()) expect(text).toContain(m('audit', 'action.user.created'));
    const details = rows.first().getByRole('button', { name: m('logs', 'showDetails') });
    await details.click();
    await expect(rows.first().getByRole('button', { name: m('logs', 'hideDetails') })).toHaveAttribute('aria-expanded', 'true');
    await expect(log.getByRole('heading', { name: m('audit', 'column.after') })).toBeVisible();
    await expect(log.locator('pre').last()).toContainText('"roles"');
    await expectNoAxeViolations(page);

    await nav.getByRole('link', { name: m('shell', 'nav.mailLog') }).click();
    await expect(page).toHaveURL(/\/operations\/mail$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(m('logs', 'mail.title'));
    await expect(page.getByTestId('mail-log')).toContainText(invited);
    await expectNoAxeViolations(page);
    await screenshot(page, `mail-log-${locale}`);

    await page.getByLabel(m('logs', 'mail.filter.recipient')).fill(invited.toUpperCase());
    await page.getByRole('button', { name: m('logs', 'apply') }).click();
    await expect(page.getByTestId('mail-log').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('mail-log')).toContainText(m('logs', 'mail.template.invitation'));
    await page.getByTestId('mail-log').getByRole('button', { name: m('logs', 'mail.view') }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeInViewport({ ratio: 1 });
    await expect(dialog.getByTestId('mail-text')).toContainText('/invitation#');
    const frame = dialog.locator('iframe');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(frame).toHaveAttribute('title', /.+/);
    await expect(page.frameLocator('iframe').locator('body')).toContainText('Robin Ashby');
    await expectNoAxeViolationsAroundMail(page);
    await screenshot(page, `mail-detail-${locale}`);
    await dialog.getByRole('button', { name: m('logs', 'close') }).click();
    await expect(dialog).toBeHidden();
  });
}

test('the audit log pages with "show older entries"', async ({ page, baseURL }) => {
  const { reader, temporaryPassword } = await prepare(baseURL!, 'en');
  await signInAs(page, baseURL!, reader, temporaryPassword);
  // Pages of two, so a few events are enough to need more than one page.
  await page.route('**/api/v1/audit?*', (route) => route.continue({ url: route.request().url().replace('limit=50', 'limit=2') }));
  await page.goto('/operations/audit');
  const rows = page.getByTestId('audit-log').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const first = await rows.allTextContents();
  await page.getByRole('button', { name: message('audit', 'en', 'more') }).click();
  await expect(rows).toHaveCount(4);
  expect((await rows.allTextContents()).slice(0, 2)).toEqual(first);
});

test('the mail log is only for those allowed to read it', async ({ page, baseURL }) => {
  const api = await request.newContext({ baseURL: baseURL!, extraHTTPHeaders: { Origin: baseURL! } });
  const { csrfToken } = await (await api.post('/api/v1/auth/sign-in', { data: admin })).json();
  const email = `finance.${Date.now()}@accrue.example`;
  const created = await api.post('/api/v1/users', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { name: 'Kim Osei', email, locale: 'en', roles: [{ role: 'finance', scope: 'all' }], credentials: 'temporary_password' },
  });
  const { temporaryPassword } = await created.json();
  await api.dispose();
  await signInAs(page, baseURL!, email, temporaryPassword);
  await page.goto('/operations/mail');
  await expect(page.getByRole('alert')).toHaveText(message('shell', 'en', 'notAllowed'));
  await page.goto('/operations/audit');
  await expect(page.getByRole('alert')).toHaveText(message('shell', 'en', 'notAllowed'));
});

// Partner users cannot be created through the API, so the organization's own audit log runs on a
// simulated partner session and simulated answers.
test("an organization's own audit log (simulated partner session)", async ({ page }) => {
  await page.route('**/api/v1/auth/session', (route) =>
    route.fulfill({
      json: {
        signedIn: true,
        stage: 'active',
        csrfToken: 'simulated',
        user: { id: '6f1c2a4e-0000-4000-8000-000000000002', email: 'jordan.lee@northwind.example', name: 'Jordan Lee', locale: 'en', mfaEnabled: true },
        organization: { id: '6f1c2a4e-0000-4000-8000-000000000001', partnerId: 'P-1000001', legalName: 'Northwind Cloud Services, Inc.' },
        roles: ['global_admin'],
        permissions: ['audit.read_own_organization', 'organization.manage_security', 'users.read'],
      },
    }),
  );
  const asked: URL[] = [];
  await page.route('**/api/v1/organization/audit?*', (route) => {
    asked.push(new URL(route.request().url()));
    return route.fulfill({
      json: {
        nextCursor: null,
        events: [
          {
            id: '41',
            occurredAt: '2026-03-02T09:15:00.000Z',
            organizationId: '6f1c2a4e-0000-4000-8000-000000000001',
            actorUserId: '6f1c2a4e-0000-4000-8000-000000000002',
            actorLabel: 'jordan.lee@northwind.example',
            ip: '203.0.113.7',
            requestId: 'req-41',
            action: 'organization.security_changed',
            targetType: 'organization',
            targetId: '6f1c2a4e-0000-4000-8000-000000000001',
            before: { requireMfa: false },
            after: { requireMfa: true },
          },
        ],
      },
    });
  });
  await page.goto('/');
  await page.getByRole('navigation', { name: message('shell', 'en', 'mainNavigation') }).getByRole('link', { name: message('shell', 'en', 'nav.organizationAudit') }).click();
  await expect(page).toHaveURL(/\/organization\/audit$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(message('audit', 'en', 'title'));
  await expect(page.getByLabel(message('audit', 'en', 'filter.organization'))).toHaveCount(0);
  const row = page.getByTestId('audit-log').locator('tbody tr').first();
  await expect(row).toContainText(message('audit', 'en', 'action.organization.security_changed'));
  await row.getByRole('button', { name: message('logs', 'en', 'showDetails') }).click();
  await expect(page.getByTestId('audit-log').locator('pre').first()).toContainText('"requireMfa": false');
  await expectNoAxeViolations(page);
  await screenshot(page, 'organization-audit-en');

  await page.getByLabel(message('audit', 'en', 'filter.action')).selectOption('organization.');
  await page.getByLabel(message('audit', 'en', 'filter.from')).fill('2026-03-01');
  await page.getByRole('button', { name: message('logs', 'en', 'apply') }).click();
  await expect.poll(() => asked.length).toBe(2);
  expect(asked[1]!.searchParams.get('action')).toBe('organization.');
  expect(new Date(asked[1]!.searchParams.get('from')!).getTime()).toBe(new Date(2026, 2, 1).getTime());
});
