import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';
import { approvedRun, bankAnswer, paymentOf, seededPair, usdLine, type SeededPair } from '../../../test/helpers/paid.ts';
import { setFx } from '../../../test/helpers/payouts.ts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { listMail } from '../mail/log.ts';
import { checkStatement, type Statement } from './statement.ts';
import { loadStatement } from './statement-load.ts';

let t: TestApp;
/** Organization A: the worked example (KRW) and a second pair in USD; organization B: one payment. */
let korean: SeededPair;
let second: SeededPair;
let other: SeededPair;
let payments: { korean: string; second: string; other: string };
let admin: Browser;

beforeAll(async () => {
  t = await createTestApp();
  await setFx(t.db, '2026-11', { KRW: '1385.25' });
  korean = await seededPair(t, [usdLine('2026-09', '2500.00'), usdLine('2026-09', '1234.5678', 'azure'), usdLine('2026-09', '-100.00', 'azure')], {
    payable: { payoutCurrency: 'KRW', form: 'W-8BEN-E', treatyRate: '10' },
  });
  second = await seededPair(t, [usdLine('2026-08', '5000.00'), usdLine('2026-10', '100.00')], { organizationId: korean.organizationId });
  other = await seededPair(t, [usdLine('2026-09', '9000.00')]);
  const run = await approvedRun(t, '2026-11', '2026-11-05');
  payments = {
    korean: (await paymentOf(t, run.id, korean))!.id,
    second: (await paymentOf(t, run.id, second))!.id,
    other: (await paymentOf(t, run.id, other))!.id,
  };
  await bankAnswer(t, [payments.korean, payments.other], 'sent', '2026-11-18');
  admin = await signedIn(t, await seedUser(t, { organizationId: korean.organizationId, roles: ['incentive_admin'] }));
});
afterAll(() => t.close());

async function get<T = Record<string, unknown>>(b: Browser, path: string, status = 200): Promise<T> {
  const res = await b.request(path);
  const body = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  expect(res.status, typeof body === 'string' ? body : JSON.stringify(body)).toBe(status);
  return body as T;
}

type Page = { payments: { id: string; cycle: string; status: string; location: { locationId: string }; program: { code: string }; net: string; payoutCurrency: string; dispute: string | null }[]; total: number };

describe('the payments of a partner', () => {
  it("lists the organization's payments with status, amounts and filters, never another organization's", async () => {
    const page = await get<Page>(admin, '/api/v1/payments');
    expect(page.total).toBe(2);
    expect(page.payments.map((p) => p.id).sort()).toEqual([payments.korean, payments.second].sort());
    expect(page.payments.find((p) => p.id === payments.korean)).toMatchObject({
      cycle: '2026-11',
      status: 'sent',
      location: { locationId: korean.publicLocationId },
      program: { code: korean.code },
      payoutCurrency: 'KRW',
      gross: '333520',
      withholding: '33352',
      net: '300168',
      sentOn: '2026-11-18',
      dispute: null,
    });
    expect((await get<Page>(admin, '/api/v1/payments?status=in_progress')).payments.map((p) => p.id)).toEqual([payments.second]);
    expect((await get<Page>(admin, `/api/v1/payments?program=${korean.code}`)).payments.map((p) => p.id)).toEqual([payments.korean]);
    expect((await get<Page>(admin, `/api/v1/payments?location=${second.publicLocationId}`)).payments.map((p) => p.id)).toEqual([payments.second]);
    expect((await get<Page>(admin, '/api/v1/payments?cycle=2026-10')).total).toBe(0);
    const paged = await get<Page>(admin, '/api/v1/payments?offset=1&limit=1');
    expect(paged).toMatchObject({ total: 2, offset: 1, limit: 1 });
    expect(paged.payments).toHaveLength(1);
    const bad = await get<{ errors: { field: string; rule: string }[] }>(admin, '/api/v1/payments?status=discarded&cycle=2026-13&limit=0', 400);
    expect(bad.errors.map((e) => `${e.field} ${e.rule}`).sort()).toEqual(['query.cycle month', 'query.limit too_small', 'query.status invalid_value']);
  });

  it('shows one payment with its conversions, masked bank account and timeline; its earnings a page at a time', async () => {
    const detail = await get<Record<string, any>>(admin, `/api/v1/payments/${payments.korean}`);
    expect(detail).toMatchObject({
      id: payments.korean,
      status: 'sent',
      usd: '240.77',
      withholdingRate: '0.1000',
      fxMonth: '2026-11',
      paymentProfile: { name: 'Operating account', accountLast4: '6789' },
      conversions: [{ currency: 'USD', sum: '240.765424', unitsPerUsd: '1', payoutUnitsPerUsd: '1385.25', converted: '333520.303596' }],
      earnings: 3,
      disputes: [],
      disputeWindow: { open: true, until: '2026-12-20', refusal: null },
    });
    expect(detail.timeline.map((e: { status: string }) => e.status)).toEqual(['upcoming', 'in_progress', 'sent']);
    // Who moved the payment is not shown to partners.
    expect(JSON.stringify(detail)).not.toMatch(/vendor\.example/);

    const first = await get<{ earnings: { billedMonth: string; earning: string; status: string; paymentId: string }[]; total: number }>(admin, `/api/v1/payments/${payments.korean}/earnings?limit=2`);
    expect(first.total).toBe(3);
    expect(first.earnings).toHaveLength(2);
    const rest = await get<{ earnings: { earning: string; status: string; paymentId: string }[] }>(admin, `/api/v1/payments/${payments.korean}/earnings?offset=2&limit=2`);
    const all = [...first.earnings, ...rest.earnings];
    expect(all.map((e) => e.earning).sort()).toEqual(['-8.00', '150.00', '98.765424']);
    expect(all.every((e) => e.status === 'paid' && e.paymentId === payments.korean)).toBe(true);

    const inProgress = await get<Record<string, any>>(admin, `/api/v1/payments/${payments.second}`);
    expect(inProgress.disputeWindow).toEqual({ open: false, until: null, refusal: 'not_sent' });
  });

  it("answers 404 for another organization's payment, and a scoped Incentive user sees only their own pair", async () => {
    await get(admin, `/api/v1/payments/${payments.other}`, 404);
    await get(admin, `/api/v1/payments/${payments.other}/earnings`, 404);
    const scoped = await signedIn(t, await seedUser(t, { organizationId: korean.organizationId, roles: ['incentive_user'], scopes: [{ locationId: korean.locationId, programCode: korean.code }] }));
    expect((await get<Page>(scoped, '/api/v1/payments')).payments.map((p) => p.id)).toEqual([payments.korean]);
    await get(scoped, `/api/v1/payments/${payments.second}`, 404);
    await get(scoped, `/api/v1/payments/${payments.second}/earnings`, 404);
    const csv = await get<string>(scoped, '/api/v1/payments.csv');
    expect(csv).toContain(payments.korean);
    expect(csv).not.toContain(payments.second);
    const status = await get<{ pairs: { program: { code: string } }[] }>(scoped, '/api/v1/payouts/status');
    expect(status.pairs.map((p) => p.program.code)).toEqual([korean.code]);
  });

  it('downloads payments.csv and holds.csv of its own, filtered', async () => {
    const res = await admin.request('/api/v1/payments.csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="payments-2026-11-20.csv"');
    const rows = (await res.text()).split('\r\n').filter(Boolean);
    expect(rows[0]).toBe('payment_id,cycle,location_id,program_code,currency,gross,withholding,net,withholding_rate,fx_month,status');
    expect(rows).toHaveLength(3);
    expect(rows).toContain(`${payments.korean},2026-11,${korean.publicLocationId},${korean.code},KRW,333520,33352,300168,0.10,2026-11,sent`);
    expect(rows.join('\n')).not.toContain(payments.other);
    const filtered = (await get<string>(admin, `/api/v1/payments.csv?program=${second.code}`)).split('\r\n').filter(Boolean);
    expect(filtered).toHaveLength(2);
    const holds = await admin.request('/api/v1/holds.csv?cycle=2026-11');
    expect(holds.headers.get('content-disposition')).toBe('attachment; filename="holds-2026-11-20.csv"');
    expect((await holds.text()).split('\r\n')[0]).toBe('cycle,location_id,program_code,reasons,usd');
  });
});

/** The statement as its CSV tells it, read back: the earnings, the conversions and the totals. */
function statementFromCsv(text: string, base: Statement): Statement {
  const [lines, conversions, payment] = text.split('\r\n\r\n').map((table) => table.split('\r\n').filter(Boolean).slice(1).map((row) => row.split(',')));
  const [totals] = payment!;
  return {
    ...base,
    lines: lines!.map(([earningId, lineId, billedMonth, leverCode, kind, reason, currency, amount, rate, earning]) => ({
      earningId: earningId!,
      lineId: lineId || null,
      billedMonth: billedMonth!,
      leverCode: leverCode!,
      kind: kind as 'calculated',
      reason: reason || null,
      currency: currency!,
      amount: amount || null,
      rate: rate || null,
      earning: earning!,
    })),
    conversions: conversions!.map(([currency, sum, unitsPerUsd, , payoutUnitsPerUsd, converted]) => ({ currency: currency!, sum: sum!, unitsPerUsd: unitsPerUsd!, payoutUnitsPerUsd: payoutUnitsPerUsd!, converted: converted! })),
    payoutCurrency: totals![4]!,
    gross: totals![5]!,
    withholding: totals![6]!,
    net: totals![7]!,
    withholdingRate: totals![8]!,
  };
}

describe('payment statements', () => {
  it('loads a statement whose totals follow from its lines, and downloads it as CSV that reconciles the same way', async () => {
    const readerOf = (organizationId: string) => ({ organizationId, pairs: 'all' as const, locale: 'ko-KR' as const, operator: false });
    await expect(loadStatement(t.ctx, readerOf(other.organizationId), payments.korean)).rejects.toThrow('No such payment.');
    const statement = await loadStatement(t.ctx, readerOf(korean.organizationId), payments.korean);
    expect(statement).toMatchObject({ cycle: '2026-11', status: 'sent', locationCode: korean.publicLocationId, programName: '테스트 리베이트', payoutCurrency: 'KRW', accountLast4: '6789', gross: '333520', net: '300168' });
    expect(statement.lines).toHaveLength(3);
    expect(checkStatement(statement)).toEqual([]);

    const res = await admin.request(`/api/v1/payments/${payments.korean}/statement.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="statement-2026-11-${korean.publicLocationId}-${korean.code}.csv"`);
    const text = await res.text();
    expect(text).toContain(`${payments.korean},2026-11,${korean.publicLocationId},${korean.code},KRW,333520,33352,300168,0.10,2026-11,sent`);
    const fromCsv = statementFromCsv(text, statement);
    expect(fromCsv.lines.map((l) => l.earning).sort()).toEqual(['-8.00', '150.00', '98.765424']);
    expect(checkStatement(fromCsv)).toEqual([]);
    // A changed total no longer reconciles: the check reads what the CSV says.
    expect(checkStatement({ ...fromCsv, gross: '333521' }).map((p) => p.check)).toContain('gross');
    await get(admin, `/api/v1/payments/${payments.other}/statement.csv`, 404);
  });

  it("renders the PDF in the reader's language", async () => {
    const korea = await signedIn(t, await seedUser(t, { organizationId: korean.organizationId, roles: ['incentive_user'], locale: 'ko-KR' }));
    const res = await korea.request(`/api/v1/payments/${payments.korean}/statement.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="statement-2026-11-${korean.publicLocationId}-${korean.code}.pdf"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pdf = await getDocument({ data: bytes, useSystemFonts: false, disableFontFace: true }).promise;
    const { info } = await pdf.getMetadata();
    await pdf.destroy();
    expect((info as { Title: string }).Title).toBe(`지급 명세서 ${payments.korean}`);
    await get(korea, `/api/v1/payments/${payments.other}/statement.pdf`, 404);
  });
});

describe('disputes', () => {
  it('opens one dispute on a Sent payment within 30 days, which an operator answers (the opener is mailed) and the partner closes', async () => {
    const user = await seedUser(t, { organizationId: korean.organizationId, roles: ['incentive_admin'], locale: 'ko-KR' });
    const opener = await signedIn(t, user);
    const refusedNotSent = await opener.request(`/api/v1/payments/${payments.second}/disputes`, { json: { message: 'Where is it?' } });
    expect(refusedNotSent.status).toBe(409);
    const tooShort = await opener.request(`/api/v1/payments/${payments.korean}/disputes`, { json: { message: ' a ' } });
    expect(tooShort.status).toBe(400);
    const reader = await signedIn(t, await seedUser(t, { organizationId: korean.organizationId, roles: ['incentive_user'] }));
    expect((await reader.request(`/api/v1/payments/${payments.korean}/disputes`, { json: { message: 'The FX rate looks wrong.' } })).status).toBe(403);
    expect((await opener.request(`/api/v1/payments/${payments.other}/disputes`, { json: { message: 'The FX rate looks wrong.' } })).status).toBe(404);

    const opened = await opener.request(`/api/v1/payments/${payments.korean}/disputes`, { json: { message: 'The FX rate looks wrong.' } });
    expect(opened.status).toBe(201);
    const dispute = await opened.json();
    expect(dispute).toMatchObject({ paymentId: payments.korean, status: 'open', message: 'The FX rate looks wrong.', openedBy: user.email, answer: null });
    const again = await opener.request(`/api/v1/payments/${payments.korean}/disputes`, { json: { message: 'And another thing.' } });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toBe('이 지급에는 아직 종료되지 않은 이의 제기가 있습니다.');
    expect((await get<Page>(admin, `/api/v1/payments?program=${korean.code}`)).payments[0]!.dispute).toBe('open');

    const support = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['support'] }));
    const queue = await get<{ disputes: { id: string; partner: { partnerId: string }; payment: { net: string } }[] }>(support, '/api/v1/disputes?status=open');
    expect(queue.disputes.map((d) => d.id)).toContain(dispute.id);
    expect(queue.disputes.find((d) => d.id === dispute.id)).toMatchObject({ partner: { partnerId: korean.partnerId }, payment: { net: '300168' } });
    const answered = await support.request(`/api/v1/disputes/${dispute.id}/answer`, { json: { answer: 'The rate of November 2026 was used: 1385.25 KRW per USD.' } });
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ status: 'answered', answeredBy: expect.stringContaining('@') });
    expect((await support.request(`/api/v1/disputes/${dispute.id}/answer`, { json: { answer: 'Twice.' } })).status).toBe(409);
    const [mail] = await listMail(t.db, t.ctx.encryptor, { recipient: user.email, includeBody: true, limit: 1 });
    expect(mail).toMatchObject({ template: 'dispute_answered' });
    expect(mail!.text).toContain('1385.25 KRW per USD');
    expect(mail!.text).toContain(`/payments/${payments.korean}`);

    // The partner sees the answer, not who gave it.
    const detail = await get<Record<string, any>>(opener, `/api/v1/payments/${payments.korean}`);
    expect(detail.disputes[0]).toMatchObject({ status: 'answered', answer: 'The rate of November 2026 was used: 1385.25 KRW per USD.' });
    expect(detail.disputes[0]).not.toHaveProperty('answeredBy');
    expect(detail.disputeWindow).toMatchObject({ open: false, refusal: 'active_dispute' });

    expect((await reader.request(`/api/v1/disputes/${dispute.id}/close`, { method: 'POST' })).status).toBe(403);
    const closed = await opener.request(`/api/v1/disputes/${dispute.id}/close`, { method: 'POST' });
    expect(closed.status).toBe(200);
    expect(await closed.json()).toMatchObject({ status: 'closed', closedBy: user.email });
    expect((await opener.request(`/api/v1/disputes/${dispute.id}/close`, { method: 'POST' })).status).toBe(409);
    const audit = await t.db.query<{ action: string }>(`select action from audit_events where target_id = $1 order by id`, [dispute.id]);
    expect(audit.map((a) => a.action)).toEqual(['dispute.opened', 'dispute.answered', 'dispute.closed']);

    // Past the 30th day after it was sent (recorded 2026-11-20, later than the bank's 2026-11-18), no more.
    // (Sessions of a month ago have expired: a new one each time.)
    t.clock.set('2026-12-20T23:00:00Z');
    expect((await get<Record<string, any>>(await signedIn(t, user), `/api/v1/payments/${payments.korean}`)).disputeWindow).toEqual({ open: true, until: '2026-12-20', refusal: null });
    t.clock.set('2026-12-21T00:30:00Z');
    const late = await (await signedIn(t, user)).request(`/api/v1/payments/${payments.korean}/disputes`, { json: { message: 'One more question.' } });
    expect(late.status).toBe(409);
    expect((await late.json()).detail).toContain('2026-12-20');
    t.clock.set('2026-11-20T09:00:00Z');
  });

  it("refuses operators' dispute routes to partners, and another organization's dispute is not found by a partner", async () => {
    const otherAdmin = await signedIn(t, await seedUser(t, { organizationId: other.organizationId, roles: ['global_admin'] }));
    const opened = await otherAdmin.request(`/api/v1/payments/${payments.other}/disputes`, { json: { message: 'Please check the amount.' } });
    expect(opened.status).toBe(201);
    const dispute = await opened.json();
    expect((await admin.request(`/api/v1/disputes/${dispute.id}/close`, { method: 'POST' })).status).toBe(404);
    expect((await admin.request('/api/v1/disputes')).status).toBe(403);
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    expect(await get(finance, `/api/v1/disputes/${dispute.id}`)).toMatchObject({ id: dispute.id, status: 'open', payment: { id: payments.other } });
    await get(finance, '/api/v1/disputes/00000000-0000-4000-8000-000000000000', 404);
  });
});

describe("operators' view of one partner's payments", () => {
  it('lists them by partner id', async () => {
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    const page = await get<Page>(finance, `/api/v1/partners/${korean.partnerId}/payments`);
    expect(page.payments.map((p) => p.id).sort()).toEqual([payments.korean, payments.second].sort());
    await get(finance, '/api/v1/partners/P-999999999/payments', 404);
  });
});
