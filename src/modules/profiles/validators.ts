// Shared by the server and the browser: no Node.js imports here.
// Every rule below is stated, with its source, in docs/tax-ids-and-bank-details.md.
import { countryCodes } from '../partners/countries.ts';
import { ibanIssuingCountry, ibanLengths } from './iban-registry.ts';

/** The outcome of a check: the normalized value, or the rule broken and a sentence naming it. */
export type Check<T = string> = { ok: true; value: T } | { ok: false; rule: string; message: string };

const ok = (value: string): Check => ({ ok: true, value });
const fail = (rule: string, message: string): Check => ({ ok: false, rule, message });

/** Separators people type inside ids: removed before checking. */
const compact = (raw: string) => raw.trim().replace(/[\s-]/g, '').toUpperCase();
const digits = (s: string) => [...s].map(Number);
const weightedSum = (ds: number[], weights: readonly number[]) => ds.reduce((sum, d, i) => sum + d * (weights[i] ?? 0), 0);

/** Luhn (ISO/IEC 7812-1): every second digit from the right doubled, digits of products summed, total ≡ 0 mod 10. */
function luhnValid(s: string): boolean {
  const sum = digits(s)
    .reverse()
    .reduce((total, d, i) => total + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------------
// Tax ids

/** IRS EIN prefixes (first two digits) never assigned to any campus. */
const einUnassignedPrefixes = new Set(['00', '07', '08', '09', '17', '18', '19', '28', '29', '49', '69', '70', '78', '79', '89', '96', '97']);

/** US EIN: 9 digits written NN-NNNNNNN (the hyphen only there: NNN-NN-NNNN is a social security number). */
function usEin(raw: string): Check {
  const name = '(US employer identification number)';
  const written = raw.replace(/\s/g, '');
  if (!/^\d{2}-?\d{7}$/.test(written)) return fail('format', `must be 9 digits, written NN-NNNNNNN ${name}`);
  const id = written.replace('-', '');
  const prefix = id.slice(0, 2);
  if (einUnassignedPrefixes.has(prefix)) return fail('prefix', `must start with a prefix the IRS assigns, and ${prefix} is never assigned ${name}`);
  return ok(`${prefix}-${id.slice(2)}`);
}

/** KR 사업자등록번호: weights 1,3,7,1,3,7,1,3,5 on digits 1–9, plus ⌊9th × 5 / 10⌋; check = (10 − sum mod 10) mod 10. */
function krBusinessNumber(raw: string): Check {
  const name = '(Korean business registration number)';
  const id = compact(raw);
  if (!/^\d{10}$/.test(id)) return fail('format', `must be 10 digits, written NNN-NN-NNNNN ${name}`);
  const d = digits(id);
  const sum = weightedSum(d.slice(0, 9), [1, 3, 7, 1, 3, 7, 1, 3, 5]) + Math.floor((d[8]! * 5) / 10);
  if ((10 - (sum % 10)) % 10 !== d[9]) return fail('check_digit', `must be 10 digits with a valid check digit ${name}`);
  return ok(`${id.slice(0, 3)}-${id.slice(3, 5)}-${id.slice(5)}`);
}

/**
 * TW 統一編號: weights 1,2,1,2,1,2,4,1, the digits of each product summed. Valid when the total is
 * divisible by the modulus, or when the 7th digit is 7 and total + 1 is. The Ministry of Finance
 * moved the modulus from 10 to 5 in 2023; every mod-10 number is also a mod-5 number.
 */
export function twUbnValid(id: string, variant: 'mod10' | 'mod5'): boolean {
  if (!/^\d{8}$/.test(id)) return false;
  const modulus = variant === 'mod10' ? 10 : 5;
  const weights = [1, 2, 1, 2, 1, 2, 4, 1];
  const sum = digits(id).reduce((total, d, i) => {
    const p = d * weights[i]!;
    return total + Math.floor(p / 10) + (p % 10);
  }, 0);
  return sum % modulus === 0 || (id[6] === '7' && (sum + 1) % modulus === 0);
}

function twUnifiedBusinessNumber(raw: string): Check {
  const name = '(Taiwan unified business number)';
  const id = compact(raw);
  if (!/^\d{8}$/.test(id)) return fail('format', `must be 8 digits ${name}`);
  if (!twUbnValid(id, 'mod5')) return fail('check_digit', `must be 8 digits with a valid check digit ${name}`);
  return ok(id);
}

/** JP 法人番号: 13 digits; first = 9 − (Σ base digit × (1 or 2, alternating from the right) mod 9). */
function jpCorporateNumber(raw: string): Check {
  const name = '(Japanese corporate number)';
  const id = compact(raw);
  if (!/^\d{13}$/.test(id)) return fail('format', `must be 13 digits ${name}`);
  const sum = weightedSum(digits(id.slice(1)).reverse(), [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
  if (9 - (sum % 9) !== Number(id[0])) return fail('check_digit', `must be 13 digits with a valid check digit ${name}`);
  return ok(id);
}

/** AU ABN: 11 digits; subtract 1 from the first, weights 10,1,3,5,…,19, total ≡ 0 mod 89. */
function auBusinessNumber(raw: string): Check {
  const name = '(Australian business number)';
  const id = compact(raw);
  if (!/^\d{11}$/.test(id)) return fail('format', `must be 11 digits ${name}`);
  const d = digits(id);
  d[0]! -= 1;
  if (weightedSum(d, [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]) % 89 !== 0) return fail('check_digit', `must be 11 digits with a valid checksum ${name}`);
  return ok(id);
}

/** CA BN: 9 digits with a Luhn check digit, optionally followed by a program account (RT0001). */
function caBusinessNumber(raw: string): Check {
  const name = '(Canadian business number)';
  const id = compact(raw);
  if (!/^\d{9}([A-Z]{2}\d{4})?$/.test(id)) return fail('format', `must be 9 digits, optionally followed by a program account such as RT0001 ${name}`);
  if (!luhnValid(id.slice(0, 9))) return fail('check_digit', `must have a valid check digit ${name}`);
  return ok(id);
}

const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** CN 统一社会信用代码 (GB 32100-2015): 18 characters of usccAlphabet, weights 3^i mod 31, check = (31 − Σ mod 31) mod 31. */
function cnSocialCreditCode(raw: string): Check {
  const name = '(Chinese unified social credit code)';
  const id = compact(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(id)) return fail('format', `must be 18 digits or capital letters other than I, O, S, V and Z ${name}`);
  const values = [...id].map((c) => usccAlphabet.indexOf(c));
  const sum = weightedSum(values.slice(0, 17), [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
  if ((31 - (sum % 31)) % 31 !== values[17]) return fail('check_digit', `must have a valid check character ${name}`);
  return ok(id);
}

/** IN PAN: 5 letters, 4 digits, 1 letter; the 4th letter is the holder type (C company, F firm, P person, …). */
function inPermanentAccountNumber(raw: string): Check {
  const id = compact(raw);
  if (!/^[A-Z]{3}[ABCFGHJKLPT][A-Z]\d{4}[A-Z]$/.test(id)) {
    return fail('format', 'must be 5 letters, 4 digits and a letter, the 4th letter a holder type such as C or F (Indian permanent account number)');
  }
  return ok(id);
}

/** ISO 7064 MOD 11,10: the check digit of the German USt-IdNr. */
function mod11_10Valid(s: string): boolean {
  let product = 10;
  for (const d of digits(s.slice(0, -1))) product = (2 * ((d + product) % 10 || 10)) % 11;
  return (11 - product) % 10 === Number(s.at(-1));
}

/** DE: USt-IdNr (DE + 9 digits, ISO 7064 MOD 11,10), or Steuernummer (10 or 11 digits regional, 13 federal). */
function deTaxNumber(raw: string): Check {
  const name = '(German Steuernummer or USt-IdNr)';
  const id = compact(raw).replace(/[./]/g, '');
  if (/^DE\d{9}$/.test(id)) return mod11_10Valid(id.slice(2)) ? ok(id) : fail('check_digit', `must have a valid check digit ${name}`);
  if (/^(\d{10,11}|\d{13})$/.test(id)) return ok(id);
  return fail('format', `must be 10, 11 or 13 digits, or DE followed by 9 digits ${name}`);
}

/** GB: the Unique Taxpayer Reference HMRC issues, 10 digits. */
function gbUniqueTaxpayerReference(raw: string): Check {
  const id = compact(raw);
  return /^\d{10}$/.test(id) ? ok(id) : fail('format', 'must be 10 digits (UK unique taxpayer reference)');
}

/** SG UEN: business 8 digits + letter; local company year + 5 digits + letter; others [RST]yy + type + 4 digits + letter. */
function sgUniqueEntityNumber(raw: string): Check {
  const id = compact(raw);
  if (!/^(\d{8}[A-Z]|\d{9}[A-Z]|F000\d{5}[A-Z]|[RST]\d{2}[A-Z]{2}\d{4}[A-Z])$/.test(id)) {
    return fail('format', 'must be 8 or 9 digits followed by a letter, or a form such as T09LL0001B (Singapore unique entity number)');
  }
  return ok(id);
}

/** Every other country: a plain pattern, since no single national format applies. */
function otherTaxId(raw: string): Check {
  const id = raw.trim().replace(/\s+/g, ' ').toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9 ./-]{3,29}$/.test(id)) {
    return fail('format', 'must be 4 to 30 letters, digits, spaces, hyphens, slashes or dots, starting with a letter or digit (tax identification number)');
  }
  return ok(id);
}

const taxIdRules: Readonly<Record<string, (raw: string) => Check>> = {
  US: usEin,
  KR: krBusinessNumber,
  TW: twUnifiedBusinessNumber,
  JP: jpCorporateNumber,
  AU: auBusinessNumber,
  CA: caBusinessNumber,
  CN: cnSocialCreditCode,
  IN: inPermanentAccountNumber,
  DE: deTaxNumber,
  GB: gbUniqueTaxpayerReference,
  SG: sgUniqueEntityNumber,
};

/** Countries with a tax id rule of their own; all others use the general pattern. */
export const taxIdCountries: readonly string[] = Object.keys(taxIdRules);

/** Checks a tax id by the rule of the country (ISO 3166 alpha-2); the value is the normalized id. */
export function checkTaxId(country: string, raw: string): Check {
  return (taxIdRules[country.trim().toUpperCase()] ?? otherTaxId)(raw);
}

// ---------------------------------------------------------------------------------------------
// Bank details

/** The country code a bank in `country` puts at the start of its IBANs (itself, or the registry's parent). */
export const ibanCountryOf = (country: string) => ibanIssuingCountry[country] ?? country;

export function isIbanCountry(country: string): boolean {
  return ibanCountryOf(country.trim().toUpperCase()) in ibanLengths;
}

/** Which details identify an account: IBAN (+ BIC), ABA routing + account number, or BIC + account number. */
export function bankScheme(country: string): 'iban' | 'aba' | 'bic' {
  if (isIbanCountry(country)) return 'iban';
  return country.trim().toUpperCase() === 'US' ? 'aba' : 'bic';
}

/** ISO 13616: the IBAN moved to start after its first 4 characters, letters as 10–35, is ≡ 1 mod 97. */
function ibanMod97(iban: string): number {
  let remainder = 0;
  for (const c of iban.slice(4) + iban.slice(0, 4)) {
    const v = parseInt(c, 36);
    remainder = (remainder * (v > 9 ? 100 : 10) + v) % 97;
  }
  return remainder;
}

/** Checks an IBAN (ISO 13616) of a bank in bankCountry; the value is the electronic format. */
export function checkIban(raw: string, bankCountry: string): Check {
  const iban = raw.trim().replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/.test(iban)) {
    return fail('format', 'must be a 2-letter country code, 2 check digits and up to 30 letters or digits (IBAN)');
  }
  const country = iban.slice(0, 2);
  const length = ibanLengths[country];
  if (length === undefined) return fail('country', `must start with the code of a country that uses IBANs, and ${country} does not (IBAN)`);
  const bank = bankCountry.trim().toUpperCase();
  const expected = ibanCountryOf(bank);
  if (!(expected in ibanLengths)) return fail('country_mismatch', `must be from a bank in an IBAN country, and ${bank} is not one (IBAN)`);
  if (country !== expected) return fail('country_mismatch', `must start with ${expected}, the code of the bank's country (IBAN)`);
  if (iban.length !== length) return fail('length', `must be ${length} characters long for ${country} (IBAN)`);
  const check = Number(iban.slice(2, 4));
  if (check < 2 || check > 98 || ibanMod97(iban) !== 1) return fail('check_digits', 'must have valid check digits (IBAN, ISO 13616 mod 97)');
  return ok(iban);
}

/** SWIFT uses XK for Kosovo, which has no ISO 3166 code yet. */
const bicCountries: ReadonlySet<string> = new Set([...countryCodes, 'XK']);

/** ISO 9362 BIC: 4-letter bank code, ISO 3166 country, 2-character location, optional 3-character branch. */
export function checkBic(raw: string): Check {
  const bic = raw.trim().replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) {
    return fail('format', 'must be 8 or 11 characters: a 4-letter bank code, a 2-letter country code, a 2-character location and an optional 3-character branch (BIC)');
  }
  const country = bic.slice(4, 6);
  if (!bicCountries.has(country)) return fail('country', `must contain a country code, and ${country} is not one (BIC)`);
  return ok(bic);
}

/** ABA routing number: 9 digits, 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 mod 10, prefix 00–12, 21–32, 61–72 or 80. */
export function checkAbaRouting(raw: string): Check {
  const name = '(ABA routing number)';
  const id = compact(raw);
  if (!/^\d{9}$/.test(id)) return fail('format', `must be 9 digits ${name}`);
  const prefix = Number(id.slice(0, 2));
  if (!(prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80)) {
    return fail('prefix', `must start with 00–12, 21–32, 61–72 or 80 ${name}`);
  }
  if (weightedSum(digits(id), [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 !== 0) return fail('check_digit', `must have a valid check digit ${name}`);
  return ok(id);
}

/** Account number: US 4–17 digits; elsewhere 4–34 letters or digits. Spaces and hyphens are removed. */
export function checkAccountNumber(raw: string, bankCountry: string): Check {
  const id = compact(raw);
  if (bankCountry.trim().toUpperCase() === 'US') {
    if (!/^\d*$/.test(id)) return fail('format', 'must contain only digits (US bank account number)');
    return id.length >= 4 && id.length <= 17 ? ok(id) : fail('length', 'must be 4 to 17 digits long (US bank account number)');
  }
  if (!/^[A-Z0-9]*$/.test(id)) return fail('format', 'must contain only letters and digits (bank account number)');
  return id.length >= 4 && id.length <= 34 ? ok(id) : fail('length', 'must be 4 to 34 letters or digits long (bank account number)');
}

// ---------------------------------------------------------------------------------------------
// Masking

/** The last 4 letters or digits of a normalized value (separators skipped): what a masked view shows. */
export function last4(value: string): string {
  return value.replace(/[^0-9A-Za-z]/g, '').slice(-4);
}

export function maskTail(lastFour: string): string {
  return `•••• ${lastFour}`;
}
