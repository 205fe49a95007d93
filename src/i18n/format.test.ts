import { describe, expect, it } from 'vitest';
import { formatDate, formatDecimal, formatMoney, formatMonth, formatRate } from './format.ts';

// Intl may use narrow or non-breaking spaces; compare with them normalised.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatMoney', () => {
  it.each([
    ['KRW has no minor unit and rounds half away from zero', '333520.5', 'KRW', 'ko-KR', '₩333,521'],
    ['negative KRW ties round away from zero', '-333520.5', 'KRW', 'en', '-₩333,521'],
    ['USD keeps two digits', '240.765424', 'USD', 'en', '$240.77'],
    ['USD tie at the minor unit', '0.005', 'USD', 'en', '$0.01'],
    ['TWD in Traditional Chinese', '1234.5', 'TWD', 'zh-TW', '$1,234.50'],
    ['digits beyond a double are kept exactly', '12345678901234567.125', 'USD', 'en', '$12,345,678,901,234,567.13'],
    ['three-digit currencies', '1.2345', 'KWD', 'en', 'KWD 1.235'],
  ])('%s', (_label, amount, currency, locale, expected) => {
    expect(plain(formatMoney(amount, currency, locale as 'en'))).toBe(expected);
  });

  it('refuses a value that is not a decimal', () => {
    expect(() => formatMoney('1e3', 'USD', 'en')).toThrow(/Not a decimal/);
    expect(() => formatMoney('12,50', 'USD', 'en')).toThrow(/Not a decimal/);
  });
});

describe('formatDecimal and formatRate', () => {
  it('shows every digit an exact earning carries', () => {
    expect(formatDecimal('98.765424', 'en')).toBe('98.765424');
    expect(formatDecimal('12345678901234567.123456789', 'ko-KR')).toBe('12,345,678,901,234,567.123456789');
    expect(formatDecimal('150', 'en', { minimumFractionDigits: 2 })).toBe('150.00');
  });
  it('shows rates as percentages without losing digits', () => {
    expect(formatRate('0.06', 'en')).toBe('6%');
    expect(formatRate('0.0825', 'zh-TW')).toBe('8.25%');
    expect(formatRate('0.123456', 'en')).toBe('12.3456%');
  });
});

describe('dates and months', () => {
  it('formats calendar dates without a time-zone shift', () => {
    expect(formatDate('2026-01-01', 'en')).toBe('Jan 1, 2026');
    expect(formatDate('2026-12-31', 'zh-TW')).toBe('2026年12月31日');
  });
  it('formats billing months in each language', () => {
    expect(formatMonth('2026-09', 'en')).toBe('Sep 2026');
    expect(formatMonth('2026-09', 'zh-TW')).toBe('2026年9月');
    expect(formatMonth('2026-09', 'ko-KR')).toBe('2026년 9월');
  });
  it('refuses malformed input', () => {
    expect(() => formatMonth('2026-9', 'en')).toThrow(/Not a month/);
    expect(() => formatDate('01/02/2026', 'en')).toThrow(/Not a date/);
  });
});
