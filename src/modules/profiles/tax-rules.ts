import Decimal from 'decimal.js';
import type { TaxForm, TaxProfileStatus } from './schema.ts';

/** Days before expiry a W-8BEN-E counts as Expiring soon, and the days its reminders go out. */
export const expiringSoonDays = 90;
export const expiryNoticeThresholds = [90, 30, 7] as const;

/** Withholding without an accepted treaty claim, in percent. */
export const defaultWithholding = '30';

/** The form a location files: W-9 in the US, W-8BEN-E everywhere else. */
export function formForCountry(country: string): TaxForm {
  return country === 'US' ? 'W-9' : 'W-8BEN-E';
}

/** A W-8BEN-E expires on 31 December of the third year after signing; a W-9 does not expire. */
export function expiryOf(form: TaxForm, signedOn: string): string | null {
  if (form === 'W-9') return null;
  return `${Number(signedOn.slice(0, 4)) + 3}-12-31`;
}

/** Whole days from `date` to `expiresOn` (both `YYYY-MM-DD`); negative once past. */
export function daysUntil(expiresOn: string, date: string): number {
  return Math.round((Date.parse(`${expiresOn}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** The status a validated form has on `date`: valid, expiring soon (within 90 days) or expired. */
export function validatedStatusOn(expiresOn: string | null, date: string): TaxProfileStatus {
  if (expiresOn === null) return 'valid';
  const left = daysUntil(expiresOn, date);
  if (left < 0) return 'expired';
  return left <= expiringSoonDays ? 'expiring_soon' : 'valid';
}

/**
 * The withholding rate in percent, as an exact decimal string: W-9 → 0; W-8BEN-E with an accepted
 * treaty claim → the claimed rate; otherwise 30.
 */
export function withholdingRate(profile: { form: TaxForm; treatyRate: string | null; treatyAccepted: boolean | null }): string {
  if (profile.form === 'W-9') return '0';
  if (profile.treatyAccepted && profile.treatyRate !== null) return new Decimal(profile.treatyRate).toFixed();
  return defaultWithholding;
}

/** A treaty rate as typed: a decimal with at most two places, 0 ≤ rate < 30; null when fine. */
export function treatyRateProblem(raw: string): { rule: string; message: string } | null {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(raw.trim())) {
    return { rule: 'treaty_rate_format', message: 'must be a decimal percentage with at most two decimals, such as "10" or "12.5"' };
  }
  const rate = new Decimal(raw.trim());
  if (rate.isNegative() || rate.greaterThanOrEqualTo(defaultWithholding)) {
    return { rule: 'treaty_rate_range', message: 'must be at least 0 and below 30 (the rate without a treaty)' };
  }
  return null;
}

/**
 * Which reminder, if any, is due on `date`: the smallest threshold (90, 30, 7 days) reached that is
 * smaller than the last one sent, so a skipped day never sends a burst of reminders.
 */
export function expiryNoticeDue(expiresOn: string, date: string, lastNotice: number | null): number | null {
  const left = daysUntil(expiresOn, date);
  if (left < 0) return null;
  const reached = expiryNoticeThresholds.filter((threshold) => left <= threshold);
  if (!reached.length) return null;
  const smallest = Math.min(...reached);
  return lastNotice === null || smallest < lastNotice ? smallest : null;
}
