// Shared by the server and the browser: no Node.js imports here.

export const locales = ['en', 'zh-TW', 'ko-KR'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/**
 * The supported locale a BCP-47 tag asks for, or null. Traditional Chinese is what zh-TW,
 * zh-HK, zh-MO and zh-Hant mean; Simplified Chinese (zh-CN, zh-SG, zh-Hans) is not offered.
 */
export function matchLocale(tag: string): Locale | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  const [language, ...rest] = parts;
  if (language === 'en') return 'en';
  if (language === 'ko') return 'ko-KR';
  if (language === 'zh') {
    if (rest.includes('hans') || rest.includes('cn') || rest.includes('sg')) return null;
    return 'zh-TW';
  }
  return null;
}

/** The best supported locale in an `Accept-Language` header, honouring q-values; null if none. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale | null {
  if (!acceptLanguage) return null;
  const ranges = acceptLanguage
    .split(',')
    .slice(0, 32)
    .map((range, index) => {
      const [tag = '', ...params] = range.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.tag !== '' && r.tag !== '*' && r.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const range of ranges) {
    const locale = matchLocale(range.tag);
    if (locale) return locale;
  }
  return null;
}

/** The user's own setting, then the language they picked on this browser, then the browser's. */
export function resolveLocale(sources: {
  userSetting?: string | null;
  chosen?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(sources.userSetting)) return sources.userSetting;
  if (isLocale(sources.chosen)) return sources.chosen;
  return negotiateLocale(sources.acceptLanguage) ?? defaultLocale;
}

/** Cookie that remembers the language picked with the switcher before anyone signs in. */
export const localeCookie = 'accrue_locale';
