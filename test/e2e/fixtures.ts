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
