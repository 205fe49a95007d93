import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';
import { programFile, seedPartner, seedProgramId } from '../../../test/helpers/incentives.ts';
import { seedProgram } from '../../../test/helpers/programs.ts';

let t: TestApp;
let finance: Browser;
let valid: Record<string, string>;
let organizationId: string;

beforeEach(async () => {
  t = await createTestApp();
  finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
  const partner = await seedPartner(t);
  organizationId = partner.organizationId;
  // Version 2 of the program adds a co-op lever.
  const file = programFile('ADJ-TEST');
  await seedProgramId(t, file);
  await seedProgram(t, { ...file, levers: [...file.levers, { code: 'MDF', earning_type: 'COOP', rates: [{ product_category: 'azure', rate: '0.01', from: '2026-07' }] }] });
  valid = {
    locationId: partner.publicLocationId,
    programCode: 'ADJ-TEST',
    leverCode: 'MDF',
    billedMonth: '2026-09',
    currency: 'KRW',
    amount: '-1250.5000000001',
    reason: 'Policy exception',
    comment: 'Agreed with the partner manager in the QBR.',
  };
});
afterEach(() => t.close());

const earnings = () =>
  t.db.query<Record<string, unknown>>(
    `select e.organization_id, l.location_id, p.code, e.program_version, e.lever_code, e.earning_type::text, e.line_id, e.line_version, e.billed_month::text,
            e.currency, e.amount, e.rate, e.earning::text, e.kind::text, e.reason, e.comment, e.calculation_id, e.created_by
       from earnings e join locations l on l.id = e.location_id join programs p on p.id = e.program_id`,
  );
const audits = () => t.db.query<{ action: string; organization_id: string; target_id: string; after: Record<string, unknown> }>(`select action, organization_id, target_id, after from audit_events where action = 'earnings.adjusted'`);

describe('manual adjustments', () => {
  it('records one adjustment earning at the program’s current version, with the lever’s type, and audits it', async () => {
    const res = await finance.request('/api/v1/earnings/adjustments', { json: valid });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({
      id: expect.any(String),
      ...valid,
      programVersion: 2,
      earningType: 'COOP',
      createdBy: expect.stringContaining('@example.test'),
      createdAt: t.clock.now().toISOString(),
    });
    expect(await earnings()).toEqual([
      {
        organization_id: organizationId,
        location_id: valid.locationId,
        code: 'ADJ-TEST',
        program_version: 2,
        lever_code: 'MDF',
        earning_type: 'COOP',
        line_id: null,
        line_version: null,
        billed_month: '2026-09-01',
        currency: 'KRW',
        amount: null,
        rate: null,
        earning: '-1250.5000000001',
        kind: 'adjustment',
        reason: 'Policy exception',
        comment: 'Agreed with the partner manager in the QBR.',
        calculation_id: null,
        created_by: body.createdBy,
      },
    ]);
    expect(await audits()).toEqual([
      { action: 'earnings.adjusted', organization_id: organizationId, target_id: body.id, after: expect.objectContaining({ amount: '-1250.5000000001', reason: 'Policy exception', programVersion: 2 }) },
    ]);
  });

  const bad: [field: string, value: string, rule: string][] = [
    ['locationId', 'Seoul', 'location_id_format'],
    ['locationId', 'L-99999999999', 'location_not_found'],
    ['programCode', 'NOPE', 'program_not_found'],
    ['programCode', 'lower', 'program_code_format'],
    ['leverCode', 'BONUS', 'lever_not_in_program'],
    ['billedMonth', '2026-9', 'month'],
    ['currency', 'XYZ', 'currency_code'],
    ['currency', 'usd', 'currency_code'],
    ['amount', '0.0000', 'not_zero'],
    ['amount', '1.12345678901', 'amount_format'],
    ['amount', '1e3', 'amount_format'],
    ['amount', '', 'required'],
    ['reason', 'Recalculation', 'invalid_value'],
    ['reason', 'Goodwill', 'invalid_value'],
    ['comment', '   ', 'required'],
  ];
  for (const [field, value, rule] of bad) {
    it(`names ${field} = "${value}" (${rule}) and records nothing`, async () => {
      const res = await finance.request('/api/v1/earnings/adjustments', { json: { ...valid, [field]: value } });
      expect(res.status).toBe(400);
      expect((await res.json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual([`body.${field} ${rule}`]);
      expect(await earnings()).toEqual([]);
      expect(await audits()).toEqual([]);
    });
  }

  it('names every bad field at once, in the reader’s language', async () => {
    const korean = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'], locale: 'ko-KR' }));
    const res = await korean.request('/api/v1/earnings/adjustments', { json: { ...valid, locationId: 'L-1', leverCode: 'NONE', currency: 'ABC', amount: '0' } });
    expect((await res.json()).errors).toEqual([
      { field: 'body.currency', rule: 'currency_code', message: 'body.currency USD와 같은 ISO 4217 통화 코드여야 합니다' },
      { field: 'body.amount', rule: 'not_zero', message: 'body.amount 0이 아니어야 합니다' },
    ]);
    const unknown = await finance.request('/api/v1/earnings/adjustments', { json: { ...valid, locationId: 'L-1', leverCode: 'NONE' } });
    expect((await unknown.json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(['body.locationId location_not_found', 'body.leverCode lever_not_in_program']);
    expect(await earnings()).toEqual([]);
  });

  it('is refused to operators without finance.manage and to partners', async () => {
    for (const roles of [['support'], ['program_manager']] as const) {
      const b = await signedIn(t, await seedUser(t, { organizationId: null, roles: [...roles] }));
      expect((await b.request('/api/v1/earnings/adjustments', { json: valid })).status).toBe(403);
    }
    const partner = await signedIn(t, await seedUser(t, { organizationId, roles: ['global_admin'] }));
    expect((await partner.request('/api/v1/earnings/adjustments', { json: valid })).status).toBe(403);
    expect(await earnings()).toEqual([]);
  });
});
