import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ibanIssuingCountry, ibanLengths } from './iban-registry.ts';
import {
  bankScheme,
  checkAbaRouting,
  checkAccountNumber,
  checkBic,
  checkIban,
  checkTaxId,
  isIbanCountry,
  last4,
  maskTail,
  taxIdCountries,
  twUbnValid,
} from './validators.ts';

describe('checkTaxId: US employer identification number', () => {
  it.each([
    ['12-3456789', '12-3456789'],
    ['123456789', '12-3456789'],
    ['  98 - 7654321 ', '98-7654321'],
    ['01-0000001', '01-0000001'],
  ])('accepts %j as %s', (raw, value) => {
    expect(checkTaxId('US', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['12345678', 'format'], // 8 digits
    ['1234567890', 'format'], // 10 digits
    ['12-345678A', 'format'],
    ['123-45-6789', 'format'], // written like a social security number
    ['', 'format'],
    ['00-1234567', 'prefix'],
    ['07-1234567', 'prefix'],
    ['49-1234567', 'prefix'],
    ['89-1234567', 'prefix'],
    ['97-1234567', 'prefix'],
  ])('refuses %j (%s)', (raw, rule) => {
    expect(checkTaxId('US', raw)).toMatchObject({ ok: false, rule });
  });

  it('names the rule broken without naming the field', () => {
    expect(checkTaxId('US', '12345')).toEqual({
      ok: false,
      rule: 'format',
      message: 'must be 9 digits, written NN-NNNNNNN (US employer identification number)',
    });
    expect(checkTaxId('US', '07-1234567')).toMatchObject({ message: expect.stringMatching(/IRS assigns, and 07 is never assigned/) });
  });
});

describe('checkTaxId: Korean business registration number', () => {
  // Real numbers, as printed in the legal notice in the footer of each company's Korean website
  // (Korean e-commerce law requires it); each also checked by hand against the algorithm.
  it.each([
    ['124-81-00998', '124-81-00998'], // Samsung Electronics (samsung.com/sec)
    ['1078614075', '107-86-14075'], // LG Electronics (lge.co.kr)
    ['220-81-62517', '220-81-62517'], // NAVER (naver.com)
    ['120 81 47521', '120-81-47521'], // Kakao (kakaocorp.com)
    ['126-81-03725', '126-81-03725'], // SK hynix
    ['120-88-00767', '120-88-00767'], // Coupang
  ])('accepts %j as %s', (raw, value) => {
    expect(checkTaxId('KR', raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['124-81-00997', 'check_digit'], // Samsung's with the last digit changed
    ['124-81-00989', 'check_digit'], // two digits swapped
    ['107-86-14076', 'check_digit'],
    ['124-81-0099', 'format'], // 9 digits
    ['124-81-009980', 'format'], // 11 digits
    ['124-8A-00998', 'format'], // a letter
  ])('refuses %j (%s)', (raw, rule) => {
    expect(checkTaxId('KR', raw)).toMatchObject({ ok: false, rule });
  });

  it('says which rule a wrong check digit broke', () => {
    expect(checkTaxId('KR', '124-81-00997')).toEqual({
      ok: false,
      rule: 'check_digit',
      message: 'must be 10 digits with a valid check digit (Korean business registration number)',
    });
  });
});

describe('checkTaxId and twUbnValid: Taiwan unified business number', () => {
  it.each([
    ['22099131', true, true], // TSMC (台灣積體電路製造): sum 30
    ['96979933', true, true], // Chunghwa Telecom (中華電信): sum 50
    ['04541302', true, true], // Hon Hai (鴻海精密): sum 30
    ['04595257', true, true], // widely circulated sample number; sum 40 (owner not confirmed)
    ['97176270', true, true], // Taiwan Mobile (台灣大哥大): 7th digit 7, 7 × 4 = 28 counts 10, sum 40
    ['10458574', true, true], // 7th digit 7: sum 29, valid only because 29 + 1 = 30
    ['12345605', false, false], // sum 29 as well, but the 7th digit is not 7
    ['04595252', false, true], // sum 35: valid only under the current mod-5 rule
    ['10458570', false, true], // 7th digit 7, sum 25: mod-5 only
    ['10458579', false, true], // 7th digit 7, sum 34: mod-5 only, through 34 + 1 = 35
    ['04595258', false, false], // sum 41
    ['10458576', false, false], // 7th digit 7, sum 31, 32: neither
    ['0459525', false, false], // 7 digits
    ['0459525A', false, false],
  ])('%s: old rule (mod 10) %s, current rule (mod 5) %s', (id, mod10, mod5) => {
    expect(twUbnValid(id, 'mod10')).toBe(mod10);
    expect(twUbnValid(id, 'mod5')).toBe(mod5);
    expect(checkTaxId('TW', id).ok).toBe(mod5);
  });

  it.each([
    ['2209 9131', { ok: true, value: '22099131' }],
    ['04595258', { ok: false, rule: 'check_digit', message: 'must be 8 digits with a valid check digit (Taiwan unified business number)' }],
    ['220991311', { ok: false, rule: 'format', message: 'must be 8 digits (Taiwan unified business number)' }],
  ])('checkTaxId(TW, %j)', (raw, result) => {
    expect(checkTaxId('TW', raw)).toEqual(result);
  });
});

describe('checkTaxId: other countries with a rule of their own', () => {
  it.each([
    ['JP', '5-8356-7825-6246', '5835678256246'], // National Tax Agency's worked example
    ['JP', '7000012050002', '7000012050002'], // National Tax Agency (国税庁)
    ['JP', '1180301018771', '1180301018771'], // Toyota Motor Corporation
    ['AU', '51 824 753 556', '51824753556'], // ATO's worked example
    ['AU', '33 051 775 556', '33051775556'], // Telstra
    ['AU', '49 004 028 077', '49004028077'], // BHP
    ['CA', '12302 6635', '123026635'],
    ['CA', '123026635 RT 0001', '123026635RT0001'], // with a GST/HST program account
    ['CN', '91350100M000100Y43', '91350100M000100Y43'],
    ['CN', '914403001922038216', '914403001922038216'], // Huawei Technologies
    ['CN', '9144030071526726xg', '9144030071526726XG'], // Tencent (Shenzhen), lower case typed
    ['IN', 'AAACR5055K', 'AAACR5055K'], // a company (4th letter C)
    ['IN', 'aaafl1234b', 'AAAFL1234B'], // a firm (F)
    ['DE', 'DE136695976', 'DE136695976'], // USt-IdNr
    ['DE', '181/815/08155', '18181508155'], // Steuernummer, regional form
    ['DE', '2893081508152', '2893081508152'], // Steuernummer, federal form
    ['GB', '12345 67890', '1234567890'], // unique taxpayer reference
    ['SG', '00192200M', '00192200M'], // business
    ['SG', '197401143C', '197401143C'], // local company
    ['SG', 'T09LL0001B', 'T09LL0001B'], // other entity (an LLP)
    ['SG', 'F00056789H', 'F00056789H'], // foreign company
  ])('%s accepts %j as %s', (country, raw, value) => {
    expect(checkTaxId(country, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['JP', '5835678256247', 'check_digit'],
    ['JP', '2835678256246', 'check_digit'],
    ['JP', '583567825624', 'format'],
    ['AU', '51 824 753 557', 'check_digit'],
    ['AU', '5182475355', 'format'],
    ['CA', '123026636', 'check_digit'],
    ['CA', '12302663A', 'format'],
    ['CA', '123026635RT001', 'format'],
    ['CN', '91350100M000100Y44', 'check_digit'],
    ['CN', '91350100M000100I43', 'format'], // I is not in the alphabet
    ['CN', '91350100M000100Y4', 'format'],
    ['IN', 'AAAXR5055K', 'format'], // X is not a holder type
    ['IN', 'AAACR505K', 'format'],
    ['DE', 'DE136695977', 'check_digit'],
    ['DE', '123456789', 'format'], // 9 digits
    ['DE', '123456789012', 'format'], // 12 digits
    ['GB', '123456789', 'format'],
    ['SG', '0019220M', 'format'],
    ['SG', 'T09LL00010', 'format'],
  ])('%s refuses %j (%s)', (country, raw, rule) => {
    expect(checkTaxId(country, raw)).toMatchObject({ ok: false, rule });
  });

  it('takes the country code in any case', () => {
    expect(checkTaxId(' kr ', '124-81-00998')).toEqual({ ok: true, value: '124-81-00998' });
  });
});

describe('checkTaxId: every other country (general pattern)', () => {
  it.each([
    ['FR', 'FR40303265045', 'FR40303265045'],
    ['NL', ' 8012.34.567.B01 ', '8012.34.567.B01'],
    ['BR', '33.000.167/0001-01', '33.000.167/0001-01'],
    ['MX', 'abc  680524  p76', 'ABC 680524 P76'],
    ['ZA', '9000', '9000'],
    ['HK', 'A'.repeat(30), 'A'.repeat(30)],
  ])('%s accepts %j as %s', (country, raw, value) => {
    expect(checkTaxId(country, raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['FR', '123'], // too short
    ['FR', 'A'.repeat(31)], // too long
    ['FR', '-12345'], // starts with a separator
    ['FR', '12345#6'],
    ['FR', '１２３４５'], // full-width digits
    ['FR', ''],
  ])('%s refuses %j', (country, raw) => {
    expect(checkTaxId(country, raw)).toEqual({
      ok: false,
      rule: 'format',
      message: 'must be 4 to 30 letters, digits, spaces, hyphens, slashes or dots, starting with a letter or digit (tax identification number)',
    });
  });

  it('documents every country with a rule of its own', () => {
    const doc = readFileSync(new URL('../../../docs/tax-ids-and-bank-details.md', import.meta.url), 'utf8');
    for (const country of taxIdCountries) expect(doc).toMatch(new RegExp(`\\| ${country} \\|`));
  });
});

describe('checkIban', () => {
  // The registry's own examples (SWIFT IBAN Registry) and the classic GB one.
  it.each([
    ['GB82 WEST 1234 5698 7654 32', 'GB'],
    ['GB29 NWBK 6016 1331 9268 19', 'GB'],
    ['DE89 3704 0044 0532 0130 00', 'DE'],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR'],
    ['NL91 ABNA 0417 1643 00', 'NL'],
    ['BE68 5390 0754 7034', 'BE'],
    ['CH93 0076 2011 6238 5295 7', 'CH'],
    ['ES91 2100 0418 4502 0005 1332', 'ES'],
    ['IT60 X054 2811 1010 0000 0123 456', 'IT'],
    ['SA03 8000 0000 6080 1016 7519', 'SA'],
    ['NO93 8601 1117 947', 'NO'], // shortest: 15
    ['LC55 HEMM 0001 0001 0012 0012 0002 3015', 'LC'], // longest: 32
    ['MT84 MALT 0110 0001 2345 MTLC AST0 01S', 'MT'],
    ['BR18 0036 0305 0000 1000 9795 493C 1', 'BR'],
    ['AE07 0331 2345 6789 0123 456', 'AE'],
    ['XK05 1212 0123 4567 8906', 'XK'],
    ['GB02WEST12345698765029', 'GB'], // lowest check digits
  ])('accepts %s (bank in %s)', (raw, bankCountry) => {
    expect(checkIban(raw, bankCountry)).toEqual({ ok: true, value: raw.replace(/ /g, '') });
  });

  it('normalizes to the electronic format', () => {
    expect(checkIban('  gb82 west 1234\t5698 7654 32 ', 'gb')).toEqual({ ok: true, value: 'GB82WEST12345698765432' });
  });

  it.each([
    ['FR76 3000 6000 0112 3456 7890 189', 'RE'], // Réunion banks issue French IBANs
    ['GB29 NWBK 6016 1331 9268 19', 'JE'], // Jersey banks issue British IBANs
  ])('accepts %s for a bank in the territory %s', (raw, bankCountry) => {
    expect(checkIban(raw, bankCountry).ok).toBe(true);
  });

  it.each([
    ['GB82 WEST 1234 5698 7654 33', 'GB', 'check_digits'], // last digit changed
    ['GB82 WEST 1234 5698 7645 32', 'GB', 'check_digits'], // two digits swapped
    ['DE88 3704 0044 0532 0130 00', 'DE', 'check_digits'], // check digits changed
    ['GB99WEST12345698765029', 'GB', 'check_digits'], // 99 leaves the same remainder as 02
    ['GB01WEST12345698765047', 'GB', 'check_digits'], // 01 leaves the same remainder as 98
    ['GB00WEST12345698765065', 'GB', 'check_digits'], // 00 leaves the same remainder as 97
    ['GB82 WEST 1234 5698 7654 3', 'GB', 'length'],
    ['DE89 3704 0044 0532 0130 000', 'DE', 'length'],
    ['XX82 WEST 1234 5698 7654 32', 'GB', 'country'], // no such registry country
    ['US64 SVBK US6S 3300 9673 8637', 'US', 'country'], // the US does not use IBANs
    ['DE89 3704 0044 0532 0130 00', 'FR', 'country_mismatch'],
    ['DE89 3704 0044 0532 0130 00', 'US', 'country_mismatch'],
    ['GB82-WEST-1234-5698-7654-32', 'GB', 'format'],
    ['8282 WEST 1234 5698 7654 32', 'GB', 'format'],
    ['GBAB WEST 1234 5698 7654 32', 'GB', 'format'],
    ['', 'GB', 'format'],
  ])('refuses %j for a bank in %s (%s)', (raw, bankCountry, rule) => {
    expect(checkIban(raw, bankCountry)).toMatchObject({ ok: false, rule });
  });

  it.each([
    ['DE89 3704 0044 0532 0130 0', 'DE', 'must be 22 characters long for DE (IBAN)'],
    ['DE89 3704 0044 0532 0130 00', 'AT', "must start with AT, the code of the bank's country (IBAN)"],
    ['XX89 3704 0044 0532 0130 00', 'DE', 'must start with the code of a country that uses IBANs, and XX does not (IBAN)'],
    ['DE88 3704 0044 0532 0130 00', 'DE', 'must have valid check digits (IBAN, ISO 13616 mod 97)'],
  ])('explains the refusal of %j', (raw, bankCountry, message) => {
    expect(checkIban(raw, bankCountry)).toMatchObject({ ok: false, message });
  });

  it('knows the 89 registry countries, every one an assigned country code or Kosovo', () => {
    expect(Object.keys(ibanLengths)).toHaveLength(89);
    for (const [country, length] of Object.entries(ibanLengths)) {
      expect(country).toMatch(/^[A-Z]{2}$/);
      expect(length).toBeGreaterThanOrEqual(15);
      expect(length).toBeLessThanOrEqual(34);
    }
    for (const parent of Object.values(ibanIssuingCountry)) expect(ibanLengths[parent]).toBeDefined();
  });
});

describe('bankScheme and isIbanCountry', () => {
  it.each([
    ['DE', 'iban'],
    ['GB', 'iban'],
    ['SA', 'iban'],
    ['GP', 'iban'], // Guadeloupe: French IBANs
    ['de', 'iban'],
    ['US', 'aba'],
    ['KR', 'bic'],
    ['TW', 'bic'],
    ['JP', 'bic'],
    ['CA', 'bic'],
  ] as const)('%s uses %s', (country, scheme) => {
    expect(bankScheme(country)).toBe(scheme);
    expect(isIbanCountry(country)).toBe(scheme === 'iban');
  });
});

describe('checkBic', () => {
  it.each([
    ['DEUTDEFF', 'DEUTDEFF'],
    ['DEUTDEFF500', 'DEUTDEFF500'],
    ['NWBKGB2L', 'NWBKGB2L'],
    ['CHASUS33XXX', 'CHASUS33XXX'],
    [' bofa us 3n ', 'BOFAUS3N'],
    ['SHBKKRSE', 'SHBKKRSE'],
    ['RBKOXKPR', 'RBKOXKPR'], // Kosovo, XK
  ])('accepts %j as %s', (raw, value) => {
    expect(checkBic(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['DEUTDEF', 'format'], // 7 characters
    ['DEUTDEFF50', 'format'], // 10 characters
    ['DEUTDEFF5000', 'format'], // 12 characters
    ['DEU1DEFF', 'format'], // digit in the bank code
    ['DEUT1EFF', 'format'], // digit in the country code
    ['DEUTDEF!', 'format'],
    ['DEUTXXFF', 'country'],
    ['DEUTUKFF', 'country'], // the United Kingdom is GB
  ])('refuses %j (%s)', (raw, rule) => {
    expect(checkBic(raw)).toMatchObject({ ok: false, rule });
  });

  it('names the country code it does not know', () => {
    expect(checkBic('DEUTXXFF')).toMatchObject({ message: 'must contain a country code, and XX is not one (BIC)' });
  });
});

describe('checkAbaRouting', () => {
  it.each([
    ['011000015'], // Federal Reserve Bank of Boston
    ['021000021'], // JPMorgan Chase, New York
    ['026009593'], // Bank of America, New York
    ['121000358'], // Bank of America, California
    ['322271627'], // JPMorgan Chase, California
    ['071000013'], // JPMorgan Chase, Illinois
    ['111000025'], // Bank of America, Texas
  ])('accepts %s', (raw) => {
    expect(checkAbaRouting(raw)).toEqual({ ok: true, value: raw });
  });

  it('tolerates spaces and hyphens', () => {
    expect(checkAbaRouting(' 0210-0002 1 ')).toEqual({ ok: true, value: '021000021' });
  });

  it.each([
    ['021000022', 'check_digit'], // last digit changed
    ['012000021', 'check_digit'], // two digits swapped
    ['02100002', 'format'], // 8 digits
    ['0210000211', 'format'], // 10 digits
    ['02100002A', 'format'],
    ['131000005', 'prefix'], // 13: a valid checksum, but no such district
    ['401000007', 'prefix'],
    ['811000008', 'prefix'],
  ])('refuses %j (%s)', (raw, rule) => {
    expect(checkAbaRouting(raw)).toMatchObject({ ok: false, rule });
  });
});

describe('checkAccountNumber', () => {
  it.each([
    ['1234', 'US', '1234'],
    ['000123456789', 'US', '000123456789'],
    ['1234-5678 9', 'US', '123456789'],
    ['1'.repeat(17), 'US', '1'.repeat(17)],
    ['110-123-456789', 'KR', '110123456789'],
    ['ab12cd34', 'SG', 'AB12CD34'],
    ['9'.repeat(34), 'JP', '9'.repeat(34)],
  ])('accepts %j for a bank in %s as %s', (raw, bankCountry, value) => {
    expect(checkAccountNumber(raw, bankCountry)).toEqual({ ok: true, value });
  });

  it.each([
    ['123', 'US', 'length'],
    ['1'.repeat(18), 'US', 'length'],
    ['12AB5678', 'US', 'format'],
    ['123', 'KR', 'length'],
    ['9'.repeat(35), 'JP', 'length'],
    ['1234/5678', 'TW', 'format'],
    ['', 'TW', 'length'],
  ])('refuses %j for a bank in %s (%s)', (raw, bankCountry, rule) => {
    expect(checkAccountNumber(raw, bankCountry)).toMatchObject({ ok: false, rule });
  });
});

describe('masking', () => {
  it.each([
    ['GB82WEST12345698765432', '5432'],
    ['12-3456789', '6789'],
    ['124-81-00998', '0998'],
    ['8012.34.567.B01', '7B01'],
    ['123', '123'],
  ])('last4(%s) is %s', (value, tail) => {
    expect(last4(value)).toBe(tail);
  });

  it('shows only the last four', () => {
    expect(maskTail('5432')).toBe('•••• 5432');
    expect(maskTail(last4('DE89370400440532013000'))).toBe('•••• 3000');
  });
});
