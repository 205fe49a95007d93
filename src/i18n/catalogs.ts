import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n as I18n, type TOptions } from 'i18next';
import { defaultLocale, locales, type Locale } from './locales.ts';

/** Message catalogs: `messages/<area>/<locale>.json`, one per area and language. */
export const messagesFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'messages');

export type Catalog = Record<string, unknown>;

export function catalogAreas(): string[] {
  return fs
    .readdirSync(messagesFolder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export function readCatalog(area: string, locale: Locale): Catalog {
  return JSON.parse(fs.readFileSync(path.join(messagesFolder, area, `${locale}.json`), 'utf8'));
}

/** Keys starting with `$` describe the catalog (review state) and are not messages. */
export function messagesOf(catalog: Catalog): Catalog {
  return Object.fromEntries(Object.entries(catalog).filter(([key]) => !key.startsWith('$')));
}

let instance: I18n | null = null;

/** One i18next instance holding every catalog, for error messages, mail and statements. */
export function serverI18n(): I18n {
  if (instance) return instance;
  const resources: Record<string, Record<string, Catalog>> = {};
  const areas = catalogAreas();
  for (const locale of locales) {
    resources[locale] = {};
    for (const area of areas) resources[locale][area] = messagesOf(readCatalog(area, locale));
  }
  const created = i18next.createInstance();
  void created.init({
    resources,
    lng: defaultLocale,
    fallbackLng: false,
    supportedLngs: [...locales],
    ns: areas,
    defaultNS: 'common',
    initImmediate: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  instance = created;
  return created;
}

/** A message in the given locale, `area:key.path`. */
export function translate(locale: Locale, key: string, values: Record<string, unknown> = {}): string {
  const t = serverI18n().getFixedT(locale) as unknown as (k: string, o: TOptions) => string;
  return t(key, values as TOptions);
}

export function hasMessage(locale: Locale, key: string): boolean {
  return serverI18n().exists(key, { lng: locale });
}
