import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { users } from '../identity/schema.ts';
import { locations, organizations } from '../partners/schema.ts';
import { programs } from '../programs/schema.ts';
import { nextMonthStart } from '../profiles/assignments.ts';
import { daysUntil, expiryNoticeDue, expiryOf, validatedStatusOn } from '../profiles/tax-rules.ts';
import {
  bankChangeRequests,
  holdChanges,
  paymentProfiles,
  payoutAssignments,
  taxProfiles,
  type PaymentProfileStatus,
  type TaxForm,
  type TaxProfileStatus,
} from '../profiles/schema.ts';
import { bankScheme, checkAbaRouting, checkAccountNumber, checkBic, checkIban, checkTaxId, last4, type Check } from '../profiles/validators.ts';
import { monthBefore } from './demo-billing.ts';

type DemoContext = Pick<AppContext, 'db' | 'encryptor'>;

interface DemoTaxProfile {
  locationId: string;
  form: TaxForm;
  legalName: string;
  taxId: string;
  /** Years and days before today it was signed, or a day of the year that many years ago. */
  signed: [years: number, days: number] | [years: number, monthDay: `${number}-${number}`];
  status: TaxProfileStatus;
  reason?: string;
  treaty?: { country: string; rate: string; accepted: boolean };
}

/**
 * Tax forms in every status. A W-8BEN-E's status follows its signing date as the daily expiry job
 * would have left it: 한빛 서울's form, signed three years ago, is Expiring soon from October on.
 */
const demoTaxProfiles: DemoTaxProfile[] = [
  { locationId: 'L-2000001', form: 'W-9', legalName: 'Northwind Cloud Services, Inc.', taxId: '91-1144442', signed: [1, 40], status: 'valid' },
  { locationId: 'L-2000003', form: 'W-9', legalName: 'Contoso Distribution LLC', taxId: '36-4512093', signed: [2, 10], status: 'valid' },
  { locationId: 'L-2000004', form: 'W-9', legalName: 'Fabrikam Systems Corp.', taxId: '04-3187265', signed: [0, 2], status: 'valid' },
  {
    locationId: 'L-2000005',
    form: 'W-9',
    legalName: 'Fabrikam Systems Corp.',
    taxId: '04-3187265',
    signed: [0, 58],
    status: 'action_required',
    reason: 'The W-9 is signed by someone who is not an officer of Fabrikam Systems Corp. Please have an authorized officer sign it.',
  },
  { locationId: 'L-2000006', form: 'W-9', legalName: 'Fabrikam Systems Corp.', taxId: '04-3187265', signed: [0, 1], status: 'pending_validation' },
  {
    locationId: 'L-2000317',
    form: 'W-8BEN-E',
    legalName: '한빛클라우드 주식회사 (Hanbit Cloud Co., Ltd.)',
    taxId: '124-81-00998',
    signed: [3, '03-10'],
    status: 'valid',
    treaty: { country: 'KR', rate: '10.00', accepted: true },
  },
  { locationId: 'L-2000318', form: 'W-8BEN-E', legalName: '한빛클라우드 주식회사 (Hanbit Cloud Co., Ltd.)', taxId: '124-81-00998', signed: [0, 3], status: 'pending_validation' },
  {
    locationId: 'L-2000012',
    form: 'W-8BEN-E',
    legalName: 'Yunqiao Technology Co., Ltd.',
    taxId: '22099131',
    signed: [0, 20],
    status: 'action_required',
    reason: 'The legal name differs from the company registration certificate. Please enter it exactly as registered (雲橋科技股份有限公司).',
    treaty: { country: 'TW', rate: '10.00', accepted: false },
  },
  { locationId: 'L-2000013', form: 'W-8BEN-E', legalName: '雲橋科技股份有限公司', taxId: '96979933', signed: [4, 0], status: 'valid' },
];

interface DemoPaymentProfile {
  partnerId: string;
  name: string;
  bankCountry: string;
  accountHolder: string;
  account: string;
  routingNumber?: string;
  bic?: string;
  currencies: string[];
  status: PaymentProfileStatus;
  reason?: string;
  archived?: boolean;
  /** Pairs it pays: location, program, currency. */
  pays: [string, string, string][];
}

const demoPaymentProfiles: DemoPaymentProfile[] = [
  {
    partnerId: 'P-1000001',
    name: 'Operating account',
    bankCountry: 'US',
    accountHolder: 'Northwind Cloud Services, Inc.',
    account: '483920175',
    routingNumber: '021000021',
    currencies: ['USD'],
    status: 'approved',
    pays: [['L-2000001', 'CSP-DIRECT-FY26', 'USD']],
  },
  {
    partnerId: 'P-1000001',
    name: 'Former operating account',
    bankCountry: 'US',
    accountHolder: 'Northwind Cloud Services, Inc.',
    account: '11223344',
    routingNumber: '026009593',
    currencies: ['USD'],
    status: 'approved',
    archived: true,
    pays: [],
  },
  {
    partnerId: 'P-1000002',
    name: 'Receivables',
    bankCountry: 'US',
    accountHolder: 'Contoso Distribution LLC',
    account: '7012345678',
    routingNumber: '121000358',
    currencies: ['USD'],
    status: 'approved',
    pays: [
      ['L-2000003', 'CSP-INDIRECT', 'USD'],
      ['L-2000003', 'CSP-COOP-PILOT', 'USD'],
    ],
  },
  {
    partnerId: 'P-1000003',
    name: 'Fabrikam main account',
    bankCountry: 'US',
    accountHolder: 'Fabrikam Systems Corp.',
    account: '55501234987',
    routingNumber: '011000015',
    currencies: ['USD'],
    status: 'approved',
    pays: [
      ['L-2000004', 'CSP-DIRECT', 'USD'],
      ['L-2000005', 'CSP-DIRECT', 'USD'],
      ['L-2000005', 'CSP-DIRECT-FY26', 'USD'],
    ],
  },
  {
    partnerId: 'P-1000005',
    name: '신한은행 원화 계좌',
    bankCountry: 'KR',
    accountHolder: '한빛클라우드 주식회사',
    account: '100-034-567890',
    bic: 'SHBKKRSE',
    currencies: ['KRW', 'USD'],
    status: 'approved',
    pays: [
      ['L-2000317', 'CSP-DIRECT', 'KRW'],
      ['L-2000317', 'CSP-DIRECT-FY26', 'KRW'],
    ],
  },
  {
    partnerId: 'P-1000009',
    name: '臺灣銀行 新台幣帳戶',
    bankCountry: 'TW',
    accountHolder: '雲橋科技股份有限公司',
    account: '012-345-678901',
    bic: 'BKTWTWTP',
    currencies: ['TWD', 'USD'],
    status: 'pending_validation',
    pays: [],
  },
  {
    partnerId: 'P-1000010',
    name: 'USD account',
    bankCountry: 'TW',
    accountHolder: 'Qunce Information Co.',
    account: '88120045671',
    bic: 'CTCBTWTP',
    currencies: ['USD'],
    status: 'action_required',
    reason: 'The account holder must be the legal name of the organization: 群策資訊股份有限公司.',
    pays: [],
  },
  {
    partnerId: 'P-1000012',
    name: 'EUR account (Frankfurt)',
    bankCountry: 'DE',
    accountHolder: 'Lightpoint Cloud Services',
    account: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
    currencies: ['EUR', 'USD'],
    status: 'pending_validation',
    pays: [],
  },
];

function valid(what: string, check: Check): string {
  if (!check.ok) throw new Error(`Demo ${what} is refused: ${check.message}`);
  return check.value;
}

const yearsDaysBefore = (today: Date, years: number, days: number) =>
  new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth(), today.getUTCDate() - days)).toISOString().slice(0, 10);


/**
 * Tax and payment profiles of the demo, in every status, consistent with the enrollments the
 * incentive demo left: every Enrolled or Validating pair has a form in force and an approved,
 * assigned payment profile. Also "hold my payment" on one pair and a bank change waiting for a
 * second admin at Northwind. Every number passes the validators, or loading stops.
 */
export async function loadDemoProfiles(ctx: DemoContext, today = new Date()): Promise<void> {
  const { orm } = ctx.db;
  const todayText = today.toISOString().slice(0, 10);
  const at = (date: string) => new Date(`${date}T10:00:00Z`);
  const locationRows = await orm
    .select({ id: locations.id, organizationId: locations.organizationId, locationId: locations.locationId, country: locations.country, address: locations.address })
    .from(locations);
  const location = (id: string) => locationRows.find((l) => l.locationId === id)!;
  const orgRows = await orm.select({ id: organizations.id, partnerId: organizations.partnerId }).from(organizations);
  const programRows = await orm.select({ id: programs.id, code: programs.code }).from(programs);
  const programId = (code: string) => programRows.find((p) => p.code === code)!.id;
  const reviewer = (await orm.select({ id: users.id }).from(users).where(eq(users.email, 'finance@accrue.example')))[0]!.id;

  for (const p of demoTaxProfiles) {
    const l = location(p.locationId);
    const [years, when] = p.signed;
    const signedOn = typeof when === 'string' ? `${today.getUTCFullYear() - years}-${when}` : yearsDaysBefore(today, years, when);
    const expiresOn = expiryOf(p.form, signedOn);
    const status: TaxProfileStatus = p.status === 'valid' ? validatedStatusOn(expiresOn, todayText) : p.status;
    const taxId = valid(`tax id of ${p.locationId}`, checkTaxId(l.country, p.taxId));
    await orm.insert(taxProfiles).values({
      organizationId: l.organizationId,
      id: randomUUID(),
      locationId: l.id,
      form: p.form,
      legalName: p.legalName,
      address: l.address,
      country: l.country,
      taxIdSealed: ctx.encryptor.seal(taxId),
      taxIdLast4: last4(taxId),
      treatyCountry: p.treaty?.country ?? null,
      treatyRate: p.treaty?.rate ?? null,
      treatyAccepted: p.status === 'pending_validation' || !p.treaty ? null : p.treaty.accepted,
      signedOn,
      expiresOn,
      status,
      statusReason: p.reason ?? null,
      // The reminders the daily job would have sent by today (the last one, 7 days, for an expired form).
      expiryNoticeDays: expiresOn === null ? null : daysUntil(expiresOn, todayText) < 0 ? 7 : expiryNoticeDue(expiresOn, todayText, null),
      submittedAt: at(signedOn),
      reviewedBy: p.status === 'pending_validation' ? null : reviewer,
      reviewedAt: p.status === 'pending_validation' ? null : at(signedOn),
      createdAt: at(signedOn),
      updatedAt: at(signedOn),
    });
  }
  const profileIds = new Map<string, string>();
  for (const p of demoPaymentProfiles) {
    const organizationId = orgRows.find((o) => o.partnerId === p.partnerId)!.id;
    const scheme = bankScheme(p.bankCountry);
    const account =
      scheme === 'iban' ? valid(`IBAN of ${p.name}`, checkIban(p.account, p.bankCountry)) : valid(`account of ${p.name}`, checkAccountNumber(p.account, p.bankCountry));
    const id = randomUUID();
    profileIds.set(p.name, id);
    const created = at(yearsDaysBefore(today, 1, 30));
    await orm.insert(paymentProfiles).values({
      organizationId,
      id,
      name: p.name,
      bankCountry: p.bankCountry,
      accountHolder: p.accountHolder,
      scheme,
      accountSealed: ctx.encryptor.seal(account),
      accountLast4: last4(account),
      routingNumber: p.routingNumber ? valid(`routing number of ${p.name}`, checkAbaRouting(p.routingNumber)) : null,
      bic: p.bic ? valid(`BIC of ${p.name}`, checkBic(p.bic)) : null,
      acceptedCurrencies: p.currencies,
      status: p.status,
      statusReason: p.reason ?? null,
      reviewedBy: p.status === 'pending_validation' ? null : reviewer,
      reviewedAt: p.status === 'pending_validation' ? null : created,
      archivedAt: p.archived ? at(yearsDaysBefore(today, 0, 90)) : null,
      createdAt: created,
      updatedAt: created,
    });
    for (const [locationId, code, currency] of p.pays) {
      const l = location(locationId);
      await orm.insert(payoutAssignments).values({
        organizationId,
        locationId: l.id,
        programId: programId(code),
        paymentProfileId: id,
        payoutCurrency: currency,
        updatedAt: created,
      });
    }
  }

  // Contoso, moving banks, asked two months ago to hold its CSP-INDIRECT payments from last month on.
  const chicago = location('L-2000003');
  const contosoAdmin = (await orm.select({ id: users.id }).from(users).where(eq(users.email, 'admin@contoso.example')))[0]!.id;
  const holdSetOn = `${monthBefore(today, 2)}-24`;
  const effectiveFrom = nextMonthStart(holdSetOn);
  await orm
    .update(payoutAssignments)
    .set({ hold: true, holdEffectiveFrom: effectiveFrom, updatedBy: contosoAdmin })
    .where(and(eq(payoutAssignments.organizationId, chicago.organizationId), eq(payoutAssignments.locationId, chicago.id), eq(payoutAssignments.programId, programId('CSP-INDIRECT'))));
  await orm.insert(holdChanges).values({
    organizationId: chicago.organizationId,
    id: randomUUID(),
    locationId: chicago.id,
    programId: programId('CSP-INDIRECT'),
    hold: true,
    effectiveFrom,
    actorUserId: contosoAdmin,
    actorLabel: 'admin@contoso.example',
    at: at(holdSetOn),
  });

  // Northwind's Incentive admin entered a new account; the Global admin has not confirmed it yet.
  const [requester] = await orm
    .select({ id: users.id, organizationId: users.organizationId })
    .from(users)
    .where(inArray(users.email, ['incentive.admin@northwind.example']));
  const newAccount = valid('Northwind new account', checkAccountNumber('9876543210', 'US'));
  await orm.insert(bankChangeRequests).values({
    organizationId: requester!.organizationId!,
    id: randomUUID(),
    paymentProfileId: profileIds.get('Operating account')!,
    name: 'Operating account',
    bankCountry: 'US',
    accountHolder: 'Northwind Cloud Services, Inc.',
    scheme: 'aba',
    accountSealed: ctx.encryptor.seal(newAccount),
    accountLast4: last4(newAccount),
    routingNumber: valid('Northwind new routing number', checkAbaRouting('322271627')),
    acceptedCurrencies: ['USD'],
    status: 'pending',
    requestedBy: requester!.id,
    requestedAt: at(yearsDaysBefore(today, 0, 0)),
  });
}
