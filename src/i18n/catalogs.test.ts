import { describe, expect, it } from 'vitest';
import { catalogAreas, messagesOf, readCatalog, translate } from './catalogs.ts';
import { locales } from './locales.ts';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
}

describe('message catalogs', () => {
  const areas = catalogAreas();

  it('exist for every area in every language', () => {
    expect(areas.length).toBeGreaterThan(0);
    for (const area of areas) for (const locale of locales) expect(() => readCatalog(area, locale)).not.toThrow();
  });

  for (const area of areas) {
    it(`${area}: every key of any catalog exists in every catalog, with the same placeholders`, () => {
      const byLocale = Object.fromEntries(locales.map((l) => [l, messagesOf(readCatalog(area, l))]));
      const allKeys = new Set(locales.flatMap((l) => keysOf(byLocale[l])));
      const missing: string[] = [];
      for (const locale of locales) {
        const own = new Set(keysOf(byLocale[locale]));
        for (const key of allKeys) if (!own.has(key)) missing.push(`${locale}: ${area}:${key}`);
      }
      expect(missing).toEqual([]);

      const flat = (l: string) =>
        Object.fromEntries(keysOf(byLocale[l]).map((k) => [k, k.split('.').reduce<any>((o, p) => o[p], byLocale[l])]));
      const en = flat('en');
      for (const locale of locales) {
        const other = flat(locale);
        for (const key of Object.keys(en)) {
          expect(typeof other[key], `${locale} ${area}:${key}`).toBe('string');
          expect(String(other[key]).trim(), `${locale} ${area}:${key} is empty`).not.toBe('');
          expect(placeholdersOf(other[key]), `${locale} ${area}:${key}`).toEqual(placeholdersOf(en[key]));
        }
      }
    });

    it(`${area}: says whether each translation is reviewed`, () => {
      for (const locale of locales) {
        const review = readCatalog(area, locale).$review as { status?: string } | undefined;
        if (locale === 'en') continue; // the source language
        expect(review?.status, `${area}/${locale}.json $review.status`).toMatch(/^(reviewed|unreviewed)$/);
      }
    });
  }

  it('translates on the server with values filled in', () => {
    expect(translate('ko-KR', 'system:migrationsValue', { applied: 3, known: 4 })).toBe('4개 중 3개 적용됨');
    expect(translate('zh-TW', 'errors:title.not_found')).toBe('找不到');
  });
});
