import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { calculate, earningsProgram, enroll, importLines, recordProgram, type BillingLine } from '../../../test/helpers/earnings.ts';
import { seedUser, signedIn, testPassword, type Browser } from '../../../test/helpers/identity.ts';
import { seedPartner } from '../../../test/helpers/incentives.ts';
import { makePayable, setFx, type PayableSetup } from '../../../test/helpers/payouts.ts';
import { validateSepa } from '../../../test/helpers/sepa.ts';
import { readCsv } from '../imports/csv.ts';
import { payoutCsvColumns } from './payout-files.ts';

let t: TestApp;
let creator: Browser;
let approver: Browser;
let support: Browser;
let creatorEmail: string;
let approverEmail: string;

beforeAll(async () => {
  t = await createTestApp();
  const a = await seedUser(t, { organizationId: null, roles: ['finance'] });
  const b = await seedUser(t, { organizationId: null, roles: ['finance'] });
  const s = await seedUser(t, { organizationId: null, roles: ['support'] });
  creatorEmail = a.email;
  approverEmail = b.email;
  creator = await signedIn(t, a);
  approver = await signedIn(t, b);
  support = await signedIn(t, s);
});
afterAll(() => t.close());

let n = 0;
/** A partner enrolled in a fresh program (delay 2) with these USD lines calculated, made payable unless told. */
async function pair(lines: Omit<BillingLine, 'lineId'>[], payable: Partial<PayableSetup> | false = {}) {
  const partner = await seedPartner(t);
  const code = `RUN-${Date.now() % 1e6}-${n++}`;
  const programId = await recordProgram(t, earningsProgram({ code }));
  await enroll(t, partner.organizationId, partner.locationId, programId, '2026-07');
  await importLines(t, partner.publicLocationId, lines.map((l, i) => ({ ...l, lineId: `${code}-${i}` })));
  await calculate(t);
  if (payable !== false) await makePayable(t.db, t.ctx, { organizationId: partner.organizationId, locationId: partner.locationId, programId, ...payable });
  return { ...partner, programId, code };
}
const usd = (month: string, amount: string, category = 'modern-work'): Omit<BillingLine, 'lineId'> => ({ category, month, amount });

/** Runs a cycle through the API (its FX rates imported first: later cycles may pay earlier tests' leftovers in KRW or EUR). */
async function runCycle(cycle: string, as: Browser = creator) {
  await setFx(t.db, cycle, { KRW: '1385.25', EUR: '0.92' });
  const res = await as.request('/api/v1/payment-runs', { json: { cycle } });
  expect([200, 201], await res.clone().text()).toContain(res.status);
  return (await res.json()) as { id: string; created: boolean; status: string; canApprove: boolean; totals: { currency: string; net: string }[] };
}

type Payment = { id: string; location: { locationId: string }; status: string; net: string; payoutCurrency: string; sepa: boolean; account: { masked: string }; statusReason: string | null };
async function paymentsOf(runId: string, query = '') {
  const res = await creator.request(`/api/v1/payment-runs/${runId}/payments?limit=200${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { payments: Payment[]; total: number };
}
const paymentAt = async (runId: string, locationId: string) => (await paymentsOf(runId)).payments.find((p) => p.location.locationId === locationId)!;

/** Lets `minutes` pass: every session's last confirmation of the password is then that old. */
const wait = (minutes: number) => t.clock.advance(minutes * 60_000);

describe('payment runs over HTTP', () => {
  it("runs the worked example's cycle, answers the same run again, lists it with totals, and names every bad input", async () => {
    const krw = await pair([usd('2026-09', '2500.00'), usd('2026-09', '1234.5678', 'azure'), usd('2026-09', '-100.00', 'azure')], {
      payoutCurrency: 'KRW',
      form: 'W-8BEN-E',
      treatyRate: '10',
    });
    const low = await pair([usd('2026-09', '1000')]);
    const unassigned = await pair([usd('2026-09', '10000')], { unassigned: true });

    const run = await runCycle('2026-11');
    expect(run).toMatchObject({ created: true, status: 'upcoming', canApprove: false });
    expect(run.totals).toContainEqual(expect.objectContaining({ currency: 'KRW', net: '300168' }));
    const again = await creator.request('/api/v1/payment-runs', { json: { cycle: '2026-11', date: '2026-11-21' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: run.id, created: false });

    const payment = await paymentAt(run.id, krw.publicLocationId);
    expect(payment).toMatchObject({ payoutCurrency: 'KRW', net: '300168', status: 'upcoming', sepa: false, account: { masked: '•••• 6789' } });
    expect(payment).toMatchObject({ gross: '333520', withholding: '33352', withholdingRate: '0.1000', usd: '240.77' });

    const holds = await (await support.request(`/api/v1/payment-runs/${run.id}/holds?limit=200`)).json();
    const held = (location: string) => holds.holds.find((h: { location: { locationId: string } }) => h.location.locationId === location);
    expect(held(low.publicLocationId)).toMatchObject({ reasons: ['below_threshold'], usd: '60.00', thresholdUsd: '200.00' });
    expect(held(unassigned.publicLocationId)).toMatchObject({ reasons: ['payment_profile'], usd: '600.00' });
    const byReason = await (await support.request(`/api/v1/payment-runs/${run.id}/holds?reason=payment_profile`)).json();
    expect(byReason.holds.map((h: { location: { locationId: string } }) => h.location.locationId)).toContain(unassigned.publicLocationId);
    expect(byReason.holds.map((h: { location: { locationId: string } }) => h.location.locationId)).not.toContain(low.publicLocationId);

    const list = await (await support.request('/api/v1/payment-runs')).json();
    expect(list.runs[0]).toMatchObject({ id: run.id, cycle: '2026-11', status: 'upcoming', createdBy: creatorEmail, approvedBy: null });
    expect(list.runs[0].payments).toBeGreaterThanOrEqual(1);
    expect(list.runs[0].holds).toBeGreaterThanOrEqual(2);
    const seen = await (await approver.request(`/api/v1/payment-runs/${run.id}`)).json();
    expect(seen).toMatchObject({ canApprove: true, approvalBlockedBy: null, statusCounts: { upcoming: expect.any(Number) } });
    expect((await (await creator.request(`/api/v1/payment-runs/${run.id}`)).json()).approvalBlockedBy).toBe('own_run');

    // Every bad input answers 400 naming its field and rule.
    const bad = async (body: unknown) => (await (await creator.request('/api/v1/payment-runs', { json: body })).json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`);
    expect(await bad({ cycle: '2026-13' })).toEqual(['body.cycle month']);
    expect(await bad({ cycle: '2026-12', date: '2026-02-30' })).toEqual(['body.date real_date']);
    expect(await bad({ date: '2026-12-01' })).toEqual(['body.cycle required']);
    expect(await bad({ cycle: '2026-12', extra: 1 })).toEqual(['body.extra unrecognized_keys']);
    expect((await creator.request(`/api/v1/payment-runs/${run.id}/payments?status=paid`)).status).toBe(400);
    expect((await creator.request(`/api/v1/payment-runs/${randomUUID()}`)).status).toBe(404);

    // A missing FX rate of the cycle month refuses the run, naming the currencies and the month.
    await pair([usd('2029-10', '10000')], { payoutCurrency: 'KRW' });
    const refused = await creator.request('/api/v1/payment-runs', { json: { cycle: '2030-01' } });
    expect(refused.status).toBe(400);
    const problem = await refused.json();
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'body.cycle', rule: 'fx_rate_missing', message: 'body.cycle has no FX rate for KRW in 2030-01' })]);
    expect(problem.detail).toBe('No FX rate for KRW in 2030-01: import them before running the payments of 2030-01.');
  });

  it('the creator of a run cannot approve it; another Finance operator approves after confirming the password', async () => {
    const p = await pair([usd('2026-10', '10000')]);
    const run = await runCycle('2026-12');
    const own = await creator.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' });
    expect(own.status).toBe(403);
    const ownProblem = await own.json();
    expect(ownProblem).toMatchObject({ code: 'forbidden', detail: 'A payment run is approved by a Finance operator other than the one who created it.' });

    // Signed in more than 10 minutes ago: the password must be confirmed first.
    wait(11);
    const stale = await approver.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' });
    expect(stale.status).toBe(403);
    expect((await stale.json()).code).toBe('reauthentication_required');
    expect((await paymentAt(run.id, p.publicLocationId)).status).toBe('upcoming');
    // Support reads runs but does not manage them.
    expect((await support.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' })).status).toBe(403);

    expect((await approver.request('/api/v1/auth/reauthenticate', { json: { password: 'not the password at all' } })).status).toBe(401);
    expect((await approver.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' })).status).toBe(403);
    expect((await approver.request('/api/v1/auth/reauthenticate', { json: { password: testPassword } })).status).toBe(204);
    const approved = await approver.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' });
    expect(approved.status, await approved.clone().text()).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'approved', approvedBy: approverEmail, canApprove: false, approvalBlockedBy: null });
    expect((await paymentAt(run.id, p.publicLocationId)).status).toBe('in_progress');
    const twice = await approver.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' });
    expect(twice.status).toBe(409);
    expect((await creator.request(`/api/v1/payment-runs/${run.id}/discard`, { method: 'POST' })).status).toBe(409);

    const [audit] = await t.db.query<{ actor_label: string }>(`select actor_label from audit_events where action = 'payment_run.approved' and target_id = $1`, [run.id]);
    expect(audit).toEqual({ actor_label: approverEmail });
  });

  it('discards a run in review, releasing its earnings; rejects one payment with a reason', async () => {
    const p = await pair([usd('2026-11', '10000')]);
    const q = await pair([usd('2026-11', '20000')]);
    const first = await runCycle('2027-01');
    const discarded = await creator.request(`/api/v1/payment-runs/${first.id}/discard`, { method: 'POST' });
    expect(discarded.status).toBe(200);
    expect(await discarded.json()).toMatchObject({ status: 'discarded', discardedBy: creatorEmail, totals: [] });
    expect((await paymentAt(first.id, p.publicLocationId)).status).toBe('discarded');

    const second = await runCycle('2027-01');
    expect(second.created).toBe(true);
    const payment = await paymentAt(second.id, p.publicLocationId);
    expect((await creator.request(`/api/v1/payments/${payment.id}/reject`, { json: { reason: 'x' } })).status).toBe(400);
    const rejected = await creator.request(`/api/v1/payments/${payment.id}/reject`, { json: { reason: '  Bank details look wrong  ' } });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ id: payment.id, status: 'rejected', statusReason: 'Bank details look wrong' });
    expect((await creator.request(`/api/v1/payments/${payment.id}/reject`, { json: { reason: 'Again, please' } })).status).toBe(409);
    expect((await paymentAt(second.id, q.publicLocationId)).status).toBe('upcoming');
    const rejectedOnly = await paymentsOf(second.id, '&status=rejected');
    expect(rejectedOnly.payments.map((x) => x.id)).toEqual([payment.id]);
    expect((await creator.request(`/api/v1/payments/${randomUUID()}/reject`, { json: { reason: 'No such payment' } })).status).toBe(404);
  });

  it('makes the payout files of an approved run: a SEPA file that validates and a CSV, each download audited', async () => {
    const eur = await pair([usd('2026-12', '10000')], { payoutCurrency: 'EUR' });
    const usdPair = await pair([usd('2026-12', '20000')]);
    const run = await runCycle('2027-02');
    expect((await creator.request(`/api/v1/payment-runs/${run.id}/payout-files/transfers.csv`)).status).toBe(409);
    expect((await approver.request('/api/v1/auth/reauthenticate', { json: { password: testPassword } })).status).toBe(204);
    expect((await approver.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' })).status).toBe(200);

    const detail = await (await creator.request(`/api/v1/payment-runs/${run.id}`)).json();
    expect(detail.payoutFiles.sepa).toBeGreaterThanOrEqual(1);
    expect(detail.payoutFiles.csv).toBeGreaterThanOrEqual(1);
    const sepaPayment = await paymentAt(run.id, eur.publicLocationId);
    expect(sepaPayment).toMatchObject({ payoutCurrency: 'EUR', sepa: true, net: '552.00' });

    const sepa = await creator.request(`/api/v1/payment-runs/${run.id}/payout-files/sepa.xml`);
    expect(sepa.status).toBe(200);
    expect(sepa.headers.get('content-type')).toContain('application/xml');
    expect(sepa.headers.get('content-disposition')).toBe('attachment; filename="payments-2027-02-sepa.xml"');
    const xml = await sepa.text();
    expect(await validateSepa(xml)).toEqual({ valid: true, errors: [] });
    expect(xml).toContain(`<EndToEndId>${sepaPayment.id.replace(/-/g, '')}</EndToEndId>`);
    expect(xml).toContain('<InstdAmt Ccy="EUR">552.00</InstdAmt>');
    expect(xml).toContain('<IBAN>DE89370400440532013000</IBAN>');
    expect(xml).toContain(`<MsgId>ACCRUE-2027-02-${run.id.replace(/-/g, '').slice(0, 20).toUpperCase()}</MsgId>`);
    expect(xml).toContain(`<ReqdExctnDt><Dt>${t.clock.now().toISOString().slice(0, 10)}</Dt></ReqdExctnDt>`);

    const csv = await creator.request(`/api/v1/payment-runs/${run.id}/payout-files/transfers.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="payments-2027-02-transfers.csv"');
    const records = readCsv('transfers.csv', new TextEncoder().encode(await csv.text()), { required: payoutCsvColumns, optional: [] });
    const usdPayment = await paymentAt(run.id, usdPair.publicLocationId);
    expect(records.find((r) => r.values.payment_id === usdPayment.id)?.values).toMatchObject({
      run_id: run.id,
      cycle: '2027-02',
      currency: 'USD',
      amount: '1200.00',
      beneficiary_name: 'Test Partner Ltd',
      scheme: 'aba',
      account_number: '000123456789',
      routing_number: '026009593',
    });
    expect(records.map((r) => r.values.payment_id)).not.toContain(sepaPayment.id);

    const audits = await t.db.query<{ after: { file: string; transfers: number } }>(
      `select after from audit_events where action = 'payment_run.payout_file_downloaded' and target_id = $1 order by id`,
      [run.id],
    );
    expect(audits.map((a) => a.after.file)).toEqual(['sepa.xml', 'transfers.csv']);
    expect(audits[0]!.after.transfers).toBe(detail.payoutFiles.sepa);
    // Support reads runs but may not download bank details.
    expect((await support.request(`/api/v1/payment-runs/${run.id}/payout-files/transfers.csv`)).status).toBe(403);
  });

  it("records the bank's answers from a file, refusing a file with a bad row as a whole; a returned payment is reversed and holds the pair", async () => {
    const a = await pair([usd('2027-01', '10000')]);
    const b = await pair([usd('2027-01', '20000')]);
    const run = await runCycle('2027-03');
    expect((await approver.request('/api/v1/auth/reauthenticate', { json: { password: testPassword } })).status).toBe(204);
    expect((await approver.request(`/api/v1/payment-runs/${run.id}/approve`, { method: 'POST' })).status).toBe(200);
    const pa = await paymentAt(run.id, a.publicLocationId);
    const pb = await paymentAt(run.id, b.publicLocationId);
    const upload = (content: string, fileName = 'answer.csv') =>
      creator.request(`/api/v1/payment-runs/${run.id}/bank-results?fileName=${fileName}`, { body: content, headers: { 'Content-Type': 'text/csv' } });

    const refused = await upload(`payment_id,result,date,reason\n${pa.id},sent,2027-03-10,\n${pb.id},returned,2027-03-11,\n${randomUUID()},sent,2027-03-32,\n`);
    expect(refused.status).toBe(400);
    const problem = await refused.json();
    expect(problem.rows).toEqual([
      expect.objectContaining({ file: 'answer.csv', row: 3, column: 'reason', rule: 'required' }),
      expect.objectContaining({ file: 'answer.csv', row: 4, column: 'date', rule: 'date' }),
    ]);
    const elsewhere = await upload(`payment_id,result,date\n${pa.id},sent,2027-03-10\n${randomUUID()},sent,2027-03-10\n`);
    expect((await elsewhere.json()).rows).toEqual([expect.objectContaining({ row: 3, column: 'payment_id', rule: 'unknown_payment', message: 'is not a payment of this run' })]);
    expect((await paymentAt(run.id, a.publicLocationId)).status).toBe('in_progress');
    expect((await upload('')).status).toBe(400);
    // Answer files have a limit of their own: past the API's 1 MiB, up to 5 MiB.
    const long = await upload(`payment_id,result,date,reason\n${pa.id},returned,2027-03-11,${'x'.repeat(2 * 1024 * 1024)}\n`);
    expect((await long.json()).rows).toEqual([expect.objectContaining({ row: 2, column: 'reason', rule: 'too_long' })]);
    expect((await upload(`payment_id,result,date,reason\n${'x'.repeat(6 * 1024 * 1024)}\n`)).status).toBe(413);
    expect((await creator.request(`/api/v1/payment-runs/${run.id}/bank-results`, { json: { a: 1 } })).status).toBe(415);

    const done = await upload(`\uFEFFpayment_id,result,date,reason\n${pa.id},sent,2027-03-10,\n${pb.id},returned,2027-03-11,Account closed\n`);
    expect(done.status, await done.clone().text()).toBe(200);
    expect(await done.json()).toEqual({ sent: 1, returned: 1, unchanged: 0 });
    expect(await paymentAt(run.id, a.publicLocationId)).toMatchObject({ status: 'sent', sentOn: '2027-03-10' });
    expect(await paymentAt(run.id, b.publicLocationId)).toMatchObject({ status: 'reversed', statusReason: 'Account closed', returnedOn: '2027-03-11' });

    // The portal's own buttons: sent, then returned (a Sent payment may still come back).
    const single = await creator.request(`/api/v1/payments/${pa.id}/bank-result`, { json: { result: 'returned', date: '2027-03-20' } });
    expect((await single.json()).errors).toEqual([expect.objectContaining({ field: 'body.reason', rule: 'required' })]);
    const returned = await creator.request(`/api/v1/payments/${pa.id}/bank-result`, { json: { result: 'returned', date: '2027-03-20', reason: 'Beneficiary unknown' } });
    expect(returned.status).toBe(200);
    expect(await returned.json()).toMatchObject({ status: 'reversed', statusReason: 'Beneficiary unknown' });
    const late = await creator.request(`/api/v1/payments/${pa.id}/bank-result`, { json: { result: 'sent', date: '2027-03-21' } });
    expect(late.status).toBe(409);

    const audits = await t.db.query<{ action: string }>(`select action from audit_events where target_id in ($1, $2) order by id`, [pa.id, pb.id]);
    expect(audits.map((x) => x.action).sort()).toEqual(['payment.returned', 'payment.returned', 'payment.sent']);

    // The next run holds both pairs: the payment was returned and the profile was not approved again.
    const next = await runCycle('2027-04');
    const holds = await (await creator.request(`/api/v1/payment-runs/${next.id}/holds?reason=payment_returned&limit=200`)).json();
    expect(holds.holds.map((h: { location: { locationId: string } }) => h.location.locationId).sort()).toEqual([a.publicLocationId, b.publicLocationId].sort());
  });

  it('exports payments.csv and holds.csv for a cycle, a location or a program', async () => {
    const p = await pair([usd('2027-03', '10000')]);
    const h = await pair([usd('2027-03', '100')]);
    const run = await runCycle('2027-05');
    const payment = await paymentAt(run.id, p.publicLocationId);
    const payments = await support.request(`/api/v1/exports/payments.csv?cycle=2027-05&location=${p.publicLocationId}`);
    expect(payments.status).toBe(200);
    expect(payments.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(payments.headers.get('content-disposition')).toBe(`attachment; filename="payments-2027-05-${p.publicLocationId}.csv"`);
    expect(await payments.text()).toBe(
      'payment_id,cycle,location_id,program_code,currency,gross,withholding,net,withholding_rate,fx_month,status\r\n' +
        `${payment.id},2027-05,${p.publicLocationId},${p.code},USD,600.00,0.00,600.00,0.00,2027-05,upcoming\r\n`,
    );
    const holds = await support.request(`/api/v1/exports/holds.csv?program=${h.code}`);
    expect(await holds.text()).toBe(`cycle,location_id,program_code,reasons,usd\r\n2027-05,${h.publicLocationId},${h.code},below_threshold,6.00\r\n`);
    const bad = await support.request('/api/v1/exports/holds.csv?cycle=2027-5&location=X');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors.map((e: { field: string }) => e.field)).toEqual(['query.cycle', 'query.location']);
  });
});
