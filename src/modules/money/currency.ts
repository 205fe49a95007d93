// Shared by the server and the browser: no Node.js imports here.

/** ISO 4217 minor units of the currencies whose exponent is not 2. */
const minorUnitExceptions: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Digits after the decimal point in the currency's minor unit (KRW 0, USD 2, KWD 3). */
export function minorUnits(currency: string): number {
  return minorUnitExceptions[currency.toUpperCase()] ?? 2;
}

const currencyCodes: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** Whether `code` is an ISO 4217 currency code, spelled in capitals as files must spell it. */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && currencyCodes.has(code);
}
