// Shared by the server and the browser: no Node.js imports here.
import type { FieldError } from '../../errors.ts';

/** A month as every file, query and form writes it: `YYYY-MM`. */
export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** The problems of an optional month range (`from`, `to`, inclusive), reported under `fields`. */
export function monthRangeErrors(range: { from?: string | undefined; to?: string | undefined }, fields: { from: string; to: string }): FieldError[] {
  const errors: FieldError[] = [];
  for (const side of ['from', 'to'] as const) {
    const value = range[side];
    if (value !== undefined && !monthPattern.test(value)) errors.push({ field: fields[side], rule: 'month', message: 'must be a month YYYY-MM' });
  }
  if (!errors.length && range.from && range.to && range.to < range.from) errors.push({ field: fields.to, rule: 'before_from', message: 'is before from' });
  return errors;
}
