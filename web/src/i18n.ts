import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLocale, isLocale, localeCookie, type Locale } from '../../src/i18n/locales.ts';

type CatalogModule = { default: Record<string, unknown> };

// The same catalogs the server uses for errors, mail and statements; one chunk per catalog.
const catalogs = import.meta.glob<CatalogModule>('../../src/i18n/messages/*/*.json');

const loaded = new Set<Locale>();
const unreviewed = new Set<Locale>();

async function loadLocale(locale: Locale): Promise<void> {
  if (loaded.has(locale)) return;
  const entries = Object.entries(catalogs).filter(([file]) => file.endsWith(`/${locale}.json`));
  await Promise.all(
    entries.map(async ([file, load]) => {
      const area = file.split('/').at(-2)!;
      const catalog = (await load()).default;
      const review = catalog.$review as { status?: string } | undefined;
      if (review?.status === 'unreviewed') unreviewed.add(locale);
      const messages = Object.fromEntries(Object.entries(catalog).filter(([key]) => !key.startsWith('$')));
      i18next.addResourceBundle(locale, area, messages, true, true);
    }),
  );
  loaded.add(locale);
}

/** The locale the server chose for this page (user setting, cookie, Accept-Language). */
export function initialLocale(): Locale {
  const meta = document.querySelector('meta[name="accrue-locale"]')?.getAttribute('content');
  return isLocale(meta) ? meta : defaultLocale;
}

export async function initI18n(locale: Locale): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    supportedLngs: ['en', 'zh-TW', 'ko-KR'],
    defaultNS: 'common',
    ns: [],
    resources: {},
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
    returnNull: false,
    showSupportNotice: false,
  });
  await loadLocale(locale);
  document.documentElement.lang = locale;
}

/** Switches the language everywhere and remembers it for the next visit. */
export async function switchLocale(locale: Locale): Promise<void> {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${localeCookie}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  await loadLocale(locale);
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export function isUnreviewed(locale: Locale): boolean {
  return unreviewed.has(locale);
}

export { i18next };
