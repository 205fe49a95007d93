import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { validateSepa as validate } from '../../../test/helpers/sepa.ts';
import { readCsv } from '../imports/csv.ts';
import { isSepaTransfer, payoutCsv, payoutCsvColumns, sepaCreditTransfer, splitTransfers, type PayoutParty, type PayoutTransfer } from './payout-files.ts';
import { sepaCharacters } from './sepa-text.ts';

const debtor: PayoutParty = { name: 'Accrue demo vendor', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };

function transfer(overrides: Partial<Omit<PayoutTransfer, 'creditor'>> & { creditor?: Partial<PayoutTransfer['creditor']> } = {}): PayoutTransfer {
  return {
    paymentId: '0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21',
    amount: '1234.50',
    currency: 'EUR',
    remittance: 'Accrue CSP-REBATE 2026-11 L-2000317',
    ...overrides,
    creditor: {
      name: 'Contoso Distribution SARL',
      iban: 'FR1420041010050500013M02606',
      bic: 'BNPAFRPP',
      accountNumber: null,
      routingNumber: null,
      bankCountry: 'FR',
      scheme: 'iban',
      ...overrides.creditor,
    },
  };
}

const file = (transfers: PayoutTransfer[], more: Partial<Parameters<typeof sepaCreditTransfer>[0]> = {}) =>
  sepaCreditTransfer({ messageId: 'ACCRUE-2026-11-R1', createdAt: new Date('2026-11-05T09:30:00.123Z'), executionDate: '2026-11-06', debtor, transfers, ...more });

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The text of every `element` of `xml`, entities decoded. */
const all = (xml: string, element: string) =>
  [...xml.matchAll(new RegExp(`<${element}(?: [^>]*)?>([^<]*)</${element}>`, 'g'))].map((m) => m[1]!.replace(/&[a-z]+;/g, (e) => entities[e] ?? e));

const several = [
  transfer({ paymentId: '11111111-1111-4111-8111-111111111111', amount: '0.01', creditor: { name: '한빛클라우드 주식회사', iban: 'DE02120300000000202051', bic: null, bankCountry: 'DE' } }),
  transfer({ paymentId: '22222222-2222-4222-8222-222222222222', amount: '999999999.99', creditor: { name: 'Société Générale d’Études & Fils', iban: 'BE71096123456769', bic: 'GKCCBEBB', bankCountry: 'BE' } }),
  transfer({ paymentId: '33333333-3333-4333-8333-333333333333', amount: '300168', creditor: { name: '雲橋科技股份有限公司', iban: 'AT611904300234573201', bic: 'BKAUATWW', bankCountry: 'AT' } }),
  transfer({ paymentId: '44444444-4444-4444-8444-444444444444', amount: '42.5', remittance: 'Accrue <CSP-REBATE> & "2026-11" L-2000317', creditor: { name: 'Straßen-Müller GmbH', iban: 'CH9300762011623852957', bic: 'UBSWCHZH80A', bankCountry: 'CH' } }),
];

describe('SEPA credit transfer against the EPC schema', () => {
  it('one transfer: valid, with the payment as EndToEndId and the amount to the cent', async () => {
    const xml = file([transfer()]);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(all(xml, 'EndToEndId')).toEqual(['0b4f4c9e1d2a4c3b9a8e7f6d5c4b3a21']);
    expect(all(xml, 'InstdAmt')).toEqual(['1234.50']);
    expect(xml).toContain('<InstdAmt Ccy="EUR">1234.50</InstdAmt>');
    expect(all(xml, 'NbOfTxs')).toEqual(['1', '1']);
    expect(all(xml, 'CtrlSum')).toEqual(['1234.50', '1234.50']);
    expect(all(xml, 'CreDtTm')).toEqual(['2026-11-05T09:30:00Z']);
    expect(all(xml, 'ReqdExctnDt')).toEqual([]);
    expect(xml).toContain('<ReqdExctnDt><Dt>2026-11-06</Dt></ReqdExctnDt>');
    expect(all(xml, 'IBAN')).toEqual(['DE89370400440532013000', 'FR1420041010050500013M02606']);
    expect(all(xml, 'BICFI')).toEqual(['COBADEFFXXX', 'BNPAFRPP']);
    expect(all(xml, 'Cd')).toEqual(['SEPA']);
    expect(all(xml, 'ChrgBr')).toEqual(['SLEV']);
    expect(all(xml, 'Ustrd')).toEqual(['Accrue CSP-REBATE 2026-11 L-2000317']);
  });

  it('several transfers with Korean, Chinese and accented names: valid, every text in the EPC set, CtrlSum the exact sum', async () => {
    const xml = file(several);
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
    expect(all(xml, 'Nm')).toEqual([
      'Accrue demo vendor',
      'Accrue demo vendor',
      'Hanbitkeullaudeu Jusikhoesa',
      "Societe Generale d'Etudes + Fils",
      '?',
      'Strassen-Muller GmbH',
    ]);
    for (const text of [...all(xml, 'Nm'), ...all(xml, 'Ustrd')]) expect(text).toMatch(sepaCharacters);
    expect(all(xml, 'Ustrd')[3]).toBe("Accrue (CSP-REBATE) + '2026-11' L-2000317");
    const amounts = all(xml, 'InstdAmt');
    expect(amounts).toEqual(['0.01', '999999999.99', '300168.00', '42.50']);
    const sum = amounts.reduce((s, a) => s.plus(a), new Decimal(0));
    expect(sum.toFixed(2)).toBe('1000300210.50');
    expect(all(xml, 'CtrlSum')).toEqual(['1000300210.50', '1000300210.50']);
    expect(all(xml, 'NbOfTxs')).toEqual(['4', '4']);
    // No BIC for the first creditor: no creditor agent at all.
    expect(xml.split('<CdtTrfTxInf>')[1]).not.toContain('CdtrAgt');
    expect(all(xml, 'BICFI')).toEqual(['COBADEFFXXX', 'GKCCBEBB', 'BKAUATWW', 'UBSWCHZH80A']);
  });

  it('a payer without a BIC is written NOTPROVIDED, and that is valid', async () => {
    const xml = file([transfer()], { debtor: { ...debtor, bic: null } });
    expect(xml).toContain('<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>');
    expect(await validate(xml)).toEqual({ valid: true, errors: [] });
  });

  it('is the same file for the same input', () => {
    expect(file(several)).toBe(file(several.map((t) => ({ ...t, creditor: { ...t.creditor } }))));
  });

  // The validator must refuse what breaks the schema, or the tests above prove nothing.
  it.each([
    ['an amount with 3 decimals', (xml: string) => xml.replace(/>1234\.50</g, '>1234.505<'), /fractionDigits/],
    ['an amount of 0', (xml: string) => xml.replace('<InstdAmt Ccy="EUR">1234.50<', '<InstdAmt Ccy="EUR">0.00<'), /minInclusive/],
    ['an amount over 999,999,999.99', (xml: string) => xml.replace('<InstdAmt Ccy="EUR">1234.50<', '<InstdAmt Ccy="EUR">1000000000.00<'), /maxInclusive/],
    ['a creditor name of 71 characters', (xml: string) => xml.replace('Contoso Distribution SARL', 'x'.repeat(71)), /maxLength/],
    ['an EndToEndId of 36 characters', (xml: string) => xml.replace('0b4f4c9e1d2a4c3b9a8e7f6d5c4b3a21', '0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21'), /maxLength/],
    ['no debtor', (xml: string) => xml.replace(/ *<Dbtr>.*<\/Dbtr>\n/, ''), /DbtrAcct/],
    ['a charge bearer other than SLEV', (xml: string) => xml.replace('<ChrgBr>SLEV</ChrgBr>', '<ChrgBr>SHAR</ChrgBr>'), /ChrgBr/],
    ['another service level than SEPA', (xml: string) => xml.replace('<Cd>SEPA</Cd>', '<Cd>URGP</Cd>'), /Cd/],
    ['an account number instead of an IBAN', (xml: string) => xml.replace('<IBAN>FR1420041010050500013M02606</IBAN>', '<Othr><Id>0532013000</Id></Othr>'), /Othr/],
    ['elements out of order', (xml: string) => xml.replace(/( *<CdtrAgt>.*\n)( *<Cdtr>.*\n)/, '$2$1'), /CdtrAgt/],
    ['a date that does not exist', (xml: string) => xml.replace('<Dt>2026-11-06</Dt>', '<Dt>2026-02-30</Dt>'), /Dt/],
  ])('the validator refuses %s', async (_, mutate, error) => {
    const good = file([transfer()]);
    const bad = mutate(good);
    expect(bad).not.toBe(good);
    const result = await validate(bad);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(error);
  });
});

describe('what a SEPA file refuses to write', () => {
  it.each([
    ['a currency other than EUR', transfer({ currency: 'USD' }), /Payment 0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21 is not a SEPA transfer \(USD to a iban account in FR\)/],
    ['an account that is not an IBAN', transfer({ creditor: { scheme: 'bic', iban: null, accountNumber: '12345678', bankCountry: 'SG', bic: 'DBSSSGSG' } }), /is not a SEPA transfer/],
    ['an IBAN outside SEPA', transfer({ creditor: { iban: 'TR330006100519786457841326', bankCountry: 'TR', bic: 'AKBKTRIS' } }), /is not a SEPA transfer \(EUR to a iban account in TR\)/],
    ['an amount over 999,999,999.99', transfer({ amount: '1000000000.00' }), /Payment 0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21: the amount "1000000000.00" EUR must be at most 999999999.99/],
    ['an amount of 0', transfer({ amount: '0.00' }), /the amount "0.00" EUR must be more than 0/],
    ['a negative amount', transfer({ amount: '-5.00' }), /the amount "-5.00" EUR must be a positive decimal/],
    ['an amount with 3 decimals', transfer({ amount: '12.345' }), /has more than 2 digits after the point/],
    ['an amount that is not a decimal', transfer({ amount: '1e3' }), /must be a positive decimal/],
    ['a creditor IBAN with bad check digits', transfer({ creditor: { iban: 'FR1520041010050500013M02606' } }), /Payment 0b4f4c9e-1d2a-4c3b-9a8e-7f6d5c4b3a21: the IBAN must have valid check digits/],
    ['a creditor BIC that is not one', transfer({ creditor: { bic: 'BNP' } }), /Payment .*: the BIC must be 8 or 11 characters/],
    ['a payment id that is not a uuid', transfer({ paymentId: 'P-1' }), /Payment "P-1": the payment id must be a uuid/],
  ])('%s', (_, t, error) => {
    expect(() => file([t])).toThrow(error);
  });

  it('the same payment twice, no payment, a bad message id or execution date, a bad payer IBAN', () => {
    expect(() => file([transfer(), transfer({ paymentId: '0B4F4C9E-1D2A-4C3B-9A8E-7F6D5C4B3A21' })])).toThrow(/is in the file twice/);
    expect(() => file([])).toThrow(/at least one payment/);
    expect(() => file([transfer()], { messageId: 'x'.repeat(36) })).toThrow(/message id/);
    expect(() => file([transfer()], { messageId: 'RUN_1' })).toThrow(/message id "RUN_1"/);
    expect(() => file([transfer()], { messageId: '/RUN-1' })).toThrow(/message id/);
    expect(() => file([transfer()], { executionDate: '2026-02-30' })).toThrow(/execution date "2026-02-30"/);
    expect(() => file([transfer()], { debtor: { ...debtor, iban: 'DE89370400440532013001' } })).toThrow(/The payer: the IBAN must have valid check digits/);
  });
});

describe('which transfers are SEPA', () => {
  it('EUR to an IBAN of a SEPA country only; the rest go in the CSV', () => {
    const sepa = transfer();
    const usd = transfer({ paymentId: '55555555-5555-4555-8555-555555555555', currency: 'USD' });
    const turkey = transfer({ paymentId: '66666666-6666-4666-8666-666666666666', creditor: { iban: 'TR330006100519786457841326', bankCountry: 'TR' } });
    const us = transfer({
      paymentId: '77777777-7777-4777-8777-777777777777',
      currency: 'USD',
      creditor: { scheme: 'aba', iban: null, bic: null, accountNumber: '000123456789', routingNumber: '021000021', bankCountry: 'US' },
    });
    expect([sepa, usd, turkey, us].map(isSepaTransfer)).toEqual([true, false, false, false]);
    const split = splitTransfers([sepa, usd, turkey, us]);
    expect(split.sepa).toEqual([sepa]);
    expect(split.other).toEqual([usd, turkey, us]);
  });
});

describe('payout CSV', () => {
  const runId = '9d0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
  const others = [
    transfer({
      paymentId: '77777777-7777-4777-8777-777777777777',
      amount: '1234.5',
      currency: 'USD',
      creditor: { name: 'Northwind Cloud Services, "Inc."', scheme: 'aba', iban: null, bic: null, accountNumber: '000123456789', routingNumber: '021000021', bankCountry: 'US' },
    }),
    transfer({
      paymentId: '88888888-8888-4888-8888-888888888888',
      amount: '300168',
      currency: 'KRW',
      remittance: 'Accrue CSP-REBATE 2026-11 L-2000317',
      creditor: { name: '한빛클라우드 주식회사', scheme: 'bic', iban: null, bic: 'HVBKKRSE', accountNumber: '1002345678901', bankCountry: 'KR' },
    }),
    transfer({ paymentId: '99999999-9999-4999-8999-999999999999', amount: '10.000', currency: 'KWD', creditor: { name: '=HYPERLINK("x")', iban: 'KW81CBKU0000000000001234560101', bic: 'CBKUKWKW', bankCountry: 'KW' } }),
  ];

  it('one RFC 4180 row per transfer, unmasked, amounts with the currency minor units, read back as written', () => {
    const csv = payoutCsv({ runId, cycle: '2026-11', transfers: others });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('run_id,payment_id,cycle,currency,amount,beneficiary_name,bank_country,scheme,iban,account_number,routing_number,bic,remittance');
    expect(lines[1]).toBe(
      `${runId},77777777-7777-4777-8777-777777777777,2026-11,USD,1234.50,"Northwind Cloud Services, ""Inc.""",US,aba,,000123456789,021000021,,Accrue CSP-REBATE 2026-11 L-2000317`,
    );
    expect(lines.at(-1)).toBe('');
    const records = readCsv('payout.csv', new TextEncoder().encode(csv), { required: payoutCsvColumns });
    expect(records.map((r) => [r.values.amount, r.values.currency, r.values.beneficiary_name, r.values.iban, r.values.account_number, r.values.bic])).toEqual([
      ['1234.50', 'USD', 'Northwind Cloud Services, "Inc."', '', '000123456789', ''],
      ['300168', 'KRW', '한빛클라우드 주식회사', '', '1002345678901', 'HVBKKRSE'],
      ['10.000', 'KWD', `'=HYPERLINK("x")`, 'KW81CBKU0000000000001234560101', '', 'CBKUKWKW'],
    ]);
  });

  it('a header only when every transfer went in the SEPA file', () => {
    expect(payoutCsv({ runId, cycle: '2026-11', transfers: [] })).toBe(`${payoutCsvColumns.join(',')}\r\n`);
  });

  it('refuses a SEPA transfer, a rounding amount, an unknown currency and a payment twice', () => {
    expect(() => payoutCsv({ runId, cycle: '2026-11', transfers: [transfer()] })).toThrow(/is a SEPA transfer: it belongs in the SEPA file/);
    expect(() => payoutCsv({ runId, cycle: '2026-11', transfers: [{ ...others[1]!, amount: '300168.5' }] })).toThrow(/"300168.5" KRW has more than 0 digits after the point/);
    expect(() => payoutCsv({ runId, cycle: '2026-11', transfers: [{ ...others[0]!, currency: 'XYZ' }] })).toThrow(/"XYZ" is not an ISO 4217 currency code/);
    expect(() => payoutCsv({ runId, cycle: '2026-11', transfers: [{ ...others[0]!, amount: '0' }] })).toThrow(/must be more than 0/);
    expect(() => payoutCsv({ runId, cycle: '2026-11', transfers: [others[0]!, others[0]!] })).toThrow(/is in the file twice/);
  });
});
