import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const screenshotDir = path.resolve('artifacts/screenshots');

/** Fails with every WCAG 2.2 A/AA violation axe finds on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

/** A message from the catalogs, so tests check the text a reader of that language sees. */
export function message(area: string, locale: string, key: string): string {
  const catalog = JSON.parse(fs.readFileSync(path.resolve('src/i18n/messages', area, `${locale}.json`), 'utf8'));
  return key.split('.').reduce((node, part) => node[part], catalog) as string;
}

export const test = base;
export { expect };

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Waits for a mail to the address that the SMTP server beside the e2e server received. */
export async function waitForMail(to: string, match: (mail: ReceivedMail) => boolean = () => true, timeoutMs = 15_000): Promise<ReceivedMail> {
  const dir = path.resolve(process.env.ACCRUE_E2E_MAILDIR ?? `${process.env.ACCRUE_TEST_RESULTS ?? 'test-results'}/e2e-mail`);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
    for (const file of files) {
      const mail = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as ReceivedMail;
      if (mail.to.includes(to) && match(mail)) return mail;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

export const demoPassword = 'accrue demo password';

/**
 * Signs in through the sign-in page and waits until the portal has moved on from it (to the
 * overview, or to the sign-in step owed). With `expectRefusal` it stays and waits for the message.
 */
export async function signInThroughPage(page: Page, email: string, password: string, options: { expectRefusal?: boolean } = {}): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('input[type="email"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  if (options.expectRefusal) {
    await expect(page.getByRole('alert')).toBeVisible();
    return;
  }
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}
