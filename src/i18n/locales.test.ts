import { describe, expect, it } from 'vitest';
import { matchLocale, negotiateLocale, resolveLocale } from './locales.ts';

describe('matchLocale', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['ko', 'ko-KR'],
    ['ko-KR', 'ko-KR'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh', 'zh-TW'],
    ['zh-CN', null],
    ['zh-Hans', null],
    ['zh-Hans-TW', null],
    ['ja', null],
    ['', null],
  ])('%s → %s', (tag, expected) => {
    expect(matchLocale(tag)).toBe(expected);
  });
});

describe('negotiateLocale', () => {
  it('takes the highest q-value that is supported', () => {
    expect(negotiateLocale('fr-FR, ko;q=0.8, en;q=0.9')).toBe('en');
    expect(negotiateLocale('fr-FR, ko;q=0.95, en;q=0.9')).toBe('ko-KR');
  });
  it('keeps header order among equal weights', () => {
    expect(negotiateLocale('zh-TW,ko-KR')).toBe('zh-TW');
  });
  it('ignores q=0 and wildcards, and returns null when nothing is supported', () => {
    expect(negotiateLocale('ko;q=0, *')).toBeNull();
    expect(negotiateLocale('de, fr')).toBeNull();
    expect(negotiateLocale(undefined)).toBeNull();
    expect(negotiateLocale('en;q=abc, ko')).toBe('ko-KR');
  });
});

describe('resolveLocale', () => {
  it('prefers the user setting, then the chosen language, then Accept-Language, then en', () => {
    expect(resolveLocale({ userSetting: 'ko-KR', chosen: 'zh-TW', acceptLanguage: 'en' })).toBe('ko-KR');
    expect(resolveLocale({ chosen: 'zh-TW', acceptLanguage: 'ko' })).toBe('zh-TW');
    expect(resolveLocale({ chosen: 'xx', acceptLanguage: 'ko' })).toBe('ko-KR');
    expect(resolveLocale({ acceptLanguage: 'de' })).toBe('en');
    expect(resolveLocale({})).toBe('en');
  });
});
