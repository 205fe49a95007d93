import Decimal from 'decimal.js';
import { isRealDate } from '../billing/months.ts';
import { csvRecord } from '../earnings/csv.ts';
import { isCurrencyCode, minorUnits } from '../money/currency.ts';
import { checkBic, checkIban } from '../profiles/validators.ts';
import { sepaCharacters, toSepaText } from './sepa-text.ts';

/** The one paying: the vendor's own account (configuration `ACCRUE_PAYER_*`). */
export interface PayoutParty {
  name: string;
  iban: string;
  bic: string | null;
}

/** One payment of an approved run, with the bank details of the payment profile it goes to. */
export interface PayoutTransfer {
  /** The payment's uuid; in a SEPA file, without dashes, its EndToEndId. */
  paymentId: string;
  /** Exact decimal with the currency's minor-unit digits, e.g. '1234.50'. */
  amount: string;
  currency: string;
  creditor: {
    name: string;
    iban: string | null;
    bic: string | null;
    accountNumber: string | null;
    routingNumber: string | null;
    bankCountry: string;
    scheme: 'iban' | 'aba' | 'bic';
  };
  /** e.g. 'Accrue CSP-REBATE 2026-11 L-2000317' */
  remittance: string;
}

/**
 * Countries whose IBANs SEPA credit transfers reach: the SEPA schemes' geographical scope
 * (EPC409-09, 2025: the EU and EEA, CH, GB with GI and the Crown Dependencies, MC, SM, VA, AD, AL,
 * MD, ME, MK, RS). An EUR payment to another IBAN country (TR, AE, …) is not SEPA and goes in the
 * CSV. French overseas territories and Åland use FR and FI IBANs, Jersey, Guernsey and Man GB.
 */
export const sepaIbanCountries: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'IS', 'LI', 'NO', 'CH', 'GB', 'GI', 'MC', 'SM', 'VA', 'AD', 'AL', 'MD', 'ME',
  'MK', 'RS',
]);

/** Whether the transfer goes in the SEPA file: EUR to an IBAN of a SEPA country. Everything else goes in the CSV. */
export function isSepaTransfer(t: PayoutTransfer): boolean {
  return (
    t.currency === 'EUR' &&
    t.creditor.scheme === 'iban' &&
    t.creditor.iban !== null &&
    sepaIbanCountries.has(t.creditor.iban.trim().slice(0, 2).toUpperCase())
  );
}

/** The transfers of a run split between the SEPA file and the CSV, so that none is in both. */
export function splitTransfers(transfers: readonly PayoutTransfer[]): { sepa: PayoutTransfer[]; other: PayoutTransfer[] } {
  return { sepa: transfers.filter(isSepaTransfer), other: transfers.filter((t) => !isSepaTransfer(t)) };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const decimalPattern = /^\d+(\.\d+)?$/;
const sepaMaxAmount = new Decimal('999999999.99');

/** The amount written with exactly the currency's minor-unit digits; throws naming the payment. */
function transferAmount(t: PayoutTransfer, max?: Decimal): string {
  const digits = minorUnits(t.currency);
  const fail = (rule: string) => new Error(`Payment ${t.paymentId}: the amount "${t.amount}" ${t.currency} ${rule}.`);
  if (!decimalPattern.test(t.amount.trim())) throw fail('must be a positive decimal like 1234.50');
  const amount = new Decimal(t.amount.trim());
  if (amount.decimalPlaces() > digits) throw fail(`has more than ${digits} digits after the point`);
  if (amount.lte(0)) throw fail('must be more than 0');
  if (max && amount.gt(max)) throw fail(`must be at most ${max.toFixed(digits)} in a SEPA credit transfer`);
  return amount.toFixed(digits);
}

function checkPaymentIds(transfers: readonly PayoutTransfer[]): void {
  const seen = new Set<string>();
  for (const t of transfers) {
    if (!uuidPattern.test(t.paymentId)) throw new Error(`Payment "${t.paymentId}": the payment id must be a uuid.`);
    const id = t.paymentId.toLowerCase();
    // The same payment twice in a file would be paid twice.
    if (seen.has(id)) throw new Error(`Payment ${t.paymentId} is in the file twice.`);
    seen.add(id);
  }
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** An EPC identifier (MsgId): 1–35 characters of the basic Latin set, no leading or trailing `/`, no `//`. */
function checkIdentifier(what: string, id: string): string {
  if (!id || id.length > 35 || !sepaCharacters.test(id) || id.startsWith('/') || id.endsWith('/') || id.includes('//')) {
    throw new Error(`The ${what} "${id}" must be 1 to 35 letters, digits or / - ? : ( ) . , ' + (not starting or ending with /, no //).`);
  }
  return id;
}

function partyIban(what: string, raw: string): string {
  const iban = raw.trim().replace(/\s/g, '').toUpperCase();
  const checked = checkIban(iban, iban.slice(0, 2));
  if (!checked.ok) throw new Error(`${what}: the IBAN ${checked.message}.`);
  return checked.value;
}

function partyBic(what: string, raw: string | null): string | null {
  if (raw === null || raw.trim() === '') return null;
  const checked = checkBic(raw);
  if (!checked.ok) throw new Error(`${what}: the BIC ${checked.message}.`);
  return checked.value;
}

/**
 * A SEPA credit transfer initiation (ISO 20022 pain.001.001.09) as the EPC's 2023 customer-to-bank
 * implementation guidelines (EPC132-08) have it: one payment information block, debited as one
 * batch booking, one transaction per payment with its uuid as EndToEndId. Every transfer must be a
 * SEPA transfer (`isSepaTransfer`) of 0.01 to 999,999,999.99 EUR; otherwise it throws naming the
 * payment and nothing is written. Names are written in the EPC character set (`toSepaText`), at
 * most 70 characters, remittance at most 140. The same input always gives the same file.
 *
 * Like the CSV, the file carries unmasked IBANs: a caller that lets someone download it must
 * record that in the audit log.
 */
export function sepaCreditTransfer(input: {
  messageId: string;
  createdAt: Date;
  executionDate: string;
  debtor: PayoutParty;
  transfers: PayoutTransfer[];
}): string {
  const messageId = checkIdentifier('message id', input.messageId);
  if (Number.isNaN(input.createdAt.getTime())) throw new Error('The creation time is not a valid date.');
  const executionDate = input.executionDate;
  if (!isRealDate(executionDate)) {
    throw new Error(`The execution date "${executionDate}" must be a date YYYY-MM-DD.`);
  }
  if (input.transfers.length === 0) throw new Error('A SEPA credit transfer needs at least one payment.');
  checkPaymentIds(input.transfers);
  const debtorIban = partyIban('The payer', input.debtor.iban);
  const debtorBic = partyBic('The payer', input.debtor.bic);

  const transactions = input.transfers.map((t) => {
    if (!isSepaTransfer(t)) {
      throw new Error(`Payment ${t.paymentId} is not a SEPA transfer (${t.currency} to a ${t.creditor.scheme} account in ${t.creditor.bankCountry}): it belongs in the CSV.`);
    }
    const amount = transferAmount(t, sepaMaxAmount);
    const iban = partyIban(`Payment ${t.paymentId}`, t.creditor.iban!);
    const bic = partyBic(`Payment ${t.paymentId}`, t.creditor.bic);
    return { t, amount, iban, bic };
  });
  const controlSum = transactions.reduce((sum, x) => sum.plus(x.amount), new Decimal(0)).toFixed(2);
  const count = String(transactions.length);
  const text = (value: string, max: number) => escapeXml(toSepaText(value, max));
  const createdAt = `${input.createdAt.toISOString().slice(0, 19)}Z`;

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">',
    '  <CstmrCdtTrfInitn>',
    '    <GrpHdr>',
    `      <MsgId>${escapeXml(messageId)}</MsgId>`,
    `      <CreDtTm>${createdAt}</CreDtTm>`,
    `      <NbOfTxs>${count}</NbOfTxs>`,
    `      <CtrlSum>${controlSum}</CtrlSum>`,
    `      <InitgPty><Nm>${text(input.debtor.name, 70)}</Nm></InitgPty>`,
    '    </GrpHdr>',
    '    <PmtInf>',
    `      <PmtInfId>${escapeXml(messageId)}</PmtInfId>`,
    '      <PmtMtd>TRF</PmtMtd>',
    '      <BtchBookg>true</BtchBookg>',
    `      <NbOfTxs>${count}</NbOfTxs>`,
    `      <CtrlSum>${controlSum}</CtrlSum>`,
    '      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>',
    `      <ReqdExctnDt><Dt>${executionDate}</Dt></ReqdExctnDt>`,
    `      <Dbtr><Nm>${text(input.debtor.name, 70)}</Nm></Dbtr>`,
    `      <DbtrAcct><Id><IBAN>${debtorIban}</IBAN></Id></DbtrAcct>`,
    // Without the payer's BIC the guidelines ask for Othr/Id NOTPROVIDED.
    `      <DbtrAgt><FinInstnId>${debtorBic ? `<BICFI>${debtorBic}</BICFI>` : '<Othr><Id>NOTPROVIDED</Id></Othr>'}</FinInstnId></DbtrAgt>`,
    '      <ChrgBr>SLEV</ChrgBr>',
    ...transactions.flatMap(({ t, amount, iban, bic }) => [
      '      <CdtTrfTxInf>',
      `        <PmtId><EndToEndId>${t.paymentId.toLowerCase().replace(/-/g, '')}</EndToEndId></PmtId>`,
      `        <Amt><InstdAmt Ccy="EUR">${amount}</InstdAmt></Amt>`,
      // Without the BIC the creditor agent is left out, as the guidelines ask.
      ...(bic ? [`        <CdtrAgt><FinInstnId><BICFI>${bic}</BICFI></FinInstnId></CdtrAgt>`] : []),
      `        <Cdtr><Nm>${text(t.creditor.name, 70)}</Nm></Cdtr>`,
      `        <CdtrAcct><Id><IBAN>${iban}</IBAN></Id></CdtrAcct>`,
      `        <RmtInf><Ustrd>${text(t.remittance, 140)}</Ustrd></RmtInf>`,
      '      </CdtTrfTxInf>',
    ]),
    '    </PmtInf>',
    '  </CstmrCdtTrfInitn>',
    '</Document>',
  ];
  return `${lines.join('\n')}\n`;
}

/** The columns of the payout CSV, in order. */
export const payoutCsvColumns = [
  'run_id',
  'payment_id',
  'cycle',
  'currency',
  'amount',
  'beneficiary_name',
  'bank_country',
  'scheme',
  'iban',
  'account_number',
  'routing_number',
  'bic',
  'remittance',
] as const;

/**
 * The payout CSV of a run: every transfer that is not a SEPA transfer, in any currency, one row
 * each (RFC 4180, CRLF), amounts with the currency's minor-unit digits. `run_id` is on every row so
 * that a row copied elsewhere still names its run. A SEPA transfer given here throws, so that no
 * payment is in both files.
 *
 * This file carries unmasked bank details, since it goes to the bank: every caller that lets
 * someone download it must record that in the audit log.
 */
export function payoutCsv(input: { runId: string; cycle: string; transfers: PayoutTransfer[] }): string {
  checkPaymentIds(input.transfers);
  const rows = input.transfers.map((t) => {
    if (isSepaTransfer(t)) throw new Error(`Payment ${t.paymentId} is a SEPA transfer: it belongs in the SEPA file, not the CSV.`);
    if (!isCurrencyCode(t.currency)) throw new Error(`Payment ${t.paymentId}: "${t.currency}" is not an ISO 4217 currency code.`);
    const c = t.creditor;
    return csvRecord([
      { text: input.runId },
      { text: t.paymentId },
      { text: input.cycle },
      { text: t.currency },
      { number: transferAmount(t) },
      { text: c.name },
      { text: c.bankCountry },
      { text: c.scheme },
      { text: c.iban },
      { text: c.accountNumber },
      { text: c.routingNumber },
      { text: c.bic },
      { text: t.remittance },
    ]);
  });
  return csvRecord(payoutCsvColumns.map((name) => ({ text: name }))) + rows.join('');
}
