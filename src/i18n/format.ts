// Formatting on Intl, shared by the portal, mail and statements. Amounts arrive as exact decimal
// strings and are handed to Intl as strings, which formats them without going through a float.
import { minorUnits } from '../modules/money/currency.ts';
import type { Locale } from './locales.ts';

type DecimalString = `${number}` | string;

const decimalPattern = /^-?\d+(\.\d+)?$/;

function assertDecimal(value: string): void {
  if (!decimalPattern.test(value)) throw new RangeError(`Not a decimal amount: "${value}"`);
}

/** Money in the reader's locale, rounded half away from zero to the currency's minor unit. */
export function formatMoney(amount: DecimalString, currency: string, locale: Locale): string {
  assertDecimal(amount);
  const digits = minorUnits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    roundingMode: 'halfExpand',
  } as Intl.NumberFormatOptions).format(amount as unknown as number);
}

/** An exact decimal (an earning, a rate) with every digit it carries, grouped for the locale. */
export function formatDecimal(
  value: DecimalString,
  locale: Locale,
  options: { minimumFractionDigits?: number } = {},
): string {
  assertDecimal(value);
  const fraction = value.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, 20),
    maximumFractionDigits: Math.max(fraction, options.minimumFractionDigits ?? 0),
  }).format(value as unknown as number);
}

/** A rate such as "0.06" as a percentage ("6%"), exact. */
export function formatRate(rate: DecimalString, locale: Locale): string {
  assertDecimal(rate);
  const fraction = rate.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: Math.max(fraction - 2, 0),
  }).format(rate as unknown as number);
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const monthPattern = /^(\d{4})-(\d{2})$/;

/** A calendar date (`YYYY-MM-DD`) as written in the locale; no time zone can shift it. */
export function formatDate(date: string, locale: Locale): string {
  const match = datePattern.exec(date);
  if (!match) throw new RangeError(`Not a date: "${date}"`);
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** A billing month (`YYYY-MM`) as written in the locale, e.g. "Sep 2026", "2026年9月". */
export function formatMonth(month: string, locale: Locale): string {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`Not a month: "${month}"`);
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(utc);
}

/** An instant, in the reader's time zone unless one is given. */
export function formatDateTime(instant: Date | string, locale: Locale, timeZone?: string): string {
  const value = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(value);
}
