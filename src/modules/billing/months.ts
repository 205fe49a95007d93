// Shared by the server and the browser: no Node.js imports here.
import type { FieldError } from '../../errors.ts';

/** A month as every file, query and form writes it: `YYYY-MM`. */
export const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

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
