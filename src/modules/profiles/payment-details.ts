import { AppError, type FieldError } from '../../errors.ts';
import { isCountryCode } from '../partners/countries.ts';
import { isCurrencyCode } from '../money/currency.ts';
import type { BankScheme } from './schema.ts';
import { bankScheme, checkAbaRouting, checkAccountNumber, checkBic, checkIban, last4, type Check } from './validators.ts';

/** Bank details as entered: which fields count depends on the bank country's scheme. */
export interface BankDetailsInput {
  bankCountry: string;
  accountHolder: string;
  iban?: string | undefined;
  bic?: string | undefined;
  accountNumber?: string | undefined;
  routingNumber?: string | undefined;
}

/** Checked, normalized bank details; `account` is the IBAN or the account number (to be sealed). */
export interface BankDetails {
  bankCountry: string;
  accountHolder: string;
  scheme: BankScheme;
  account: string;
  accountLast4: string;
  routingNumber: string | null;
  bic: string | null;
}

type DetailField = 'iban' | 'bic' | 'accountNumber' | 'routingNumber';

/** The fields each scheme takes, and the check of each. */
const schemeFields: Record<BankScheme, readonly DetailField[]> = {
  iban: ['iban', 'bic'],
  aba: ['accountNumber', 'routingNumber'],
  bic: ['accountNumber', 'bic'],
};

const allFields: readonly DetailField[] = ['iban', 'bic', 'accountNumber', 'routingNumber'];


/** Every field error of a list of accepted currencies (ISO 4217). */
export function currencyErrors(currencies: readonly string[], field = 'body.acceptedCurrencies'): FieldError[] {
  const errors: FieldError[] = [];
  if (currencies.length === 0) errors.push({ field, rule: 'required', message: 'must name at least one currency' });
  currencies.forEach((code, i) => {
    if (!isCurrencyCode(code)) errors.push({ field: `${field}.${i}`, rule: 'currency', message: `must be an ISO 4217 currency code, and ${code} is not one` });
  });
  return errors;
}

/** The accepted currencies, each once, in the order given. */
export const distinctCurrencies = (currencies: readonly string[]) => [...new Set(currencies)];

/**
 * Checks bank details against the scheme of the bank's country: every missing, foreign or failing
 * field is reported (`body.iban`, `body.bic`, `body.accountNumber`, `body.routingNumber`) with its
 * rule. Returns the normalized details, or throws a 400 naming them all.
 */
export function checkBankDetails(input: BankDetailsInput, extra: FieldError[] = []): BankDetails {
  const errors: FieldError[] = [...extra];
  const bankCountry = input.bankCountry.trim().toUpperCase();
  if (!isCountryCode(bankCountry)) {
    errors.push({ field: 'body.bankCountry', rule: 'country', message: 'must be an ISO 3166 country code' });
    throw AppError.validation(errors);
  }
  const accountHolder = input.accountHolder.trim();
  if (!accountHolder) errors.push({ field: 'body.accountHolder', rule: 'required', message: 'is required' });
  const scheme = bankScheme(bankCountry);
  const wanted = schemeFields[scheme];
  const values: Partial<Record<DetailField, string>> = {};
  for (const field of allFields) {
    const raw = input[field];
    const given = raw !== undefined && raw.trim() !== '';
    if (!wanted.includes(field)) {
      if (given) errors.push({ field: `body.${field}`, rule: 'not_for_scheme', message: `is not used for banks in ${bankCountry}`, params: { country: bankCountry } });
      continue;
    }
    if (!given) {
      errors.push({ field: `body.${field}`, rule: 'required', message: `is required for banks in ${bankCountry}` });
      continue;
    }
    const check: Check =
      field === 'iban' ? checkIban(raw, bankCountry)
      : field === 'bic' ? checkBic(raw)
      : field === 'routingNumber' ? checkAbaRouting(raw)
      : checkAccountNumber(raw, bankCountry);
    if (check.ok) values[field] = check.value;
    else errors.push({ field: `body.${field}`, rule: check.rule, message: check.message });
  }
  if (errors.length) throw AppError.validation(errors);
  const account = scheme === 'iban' ? values.iban! : values.accountNumber!;
  return {
    bankCountry,
    accountHolder,
    scheme,
    account,
    accountLast4: last4(account),
    routingNumber: values.routingNumber ?? null,
    bic: values.bic ?? null,
  };
}
