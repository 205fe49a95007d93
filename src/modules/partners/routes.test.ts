import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedOrganization, seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

const header = 'partner_id,legal_name,country,language,location_id,location_country,partner_type,admin_email,admin_name';

async function upload(b: Browser, files: [string, string][]) {
  const form = new FormData();
  for (const [name, text] of files) form.append('files', new File([text], name, { type: 'text/csv' }));
  return t.app.request('/api/v1/partners/import', {
    method: 'POST',
    body: form,
    headers: { Cookie: b.cookie!, 'X-CSRF-Token': b.csrf!, Origin: 'http://localhost' },
  });
}

describe('partner directory and upload', () => {
  it('a program manager uploads the files, then finds and opens the partner', async () => {
    t = await createTestApp();
    const pm = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['program_manager'] }));
    const res = await upload(pm, [
      ['partners.csv', `${header}\nP-7000001,"Taipei Cloud, Inc.",TW,zh-TW,L-8000001,TW,indirect_provider,ops@tpcloud.example,Lin\nP-7000001,"Taipei Cloud, Inc.",TW,zh-TW,L-8000002,JP,indirect_reseller,ops@tpcloud.example,Lin\n`],
      ['agreements.csv', 'partner_id,location_id,type,status,valid_from,valid_to\nP-7000001,,partner_network,active,2026-01-01,\nP-7000001,L-8000001,cloud_distributor,active,2026-01-01,\n'],
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 4, updated: 0, unchanged: 0 });

    const found = await (await pm.request('/api/v1/partners?q=L-8000002')).json();
    expect(found).toEqual({ total: 1, partners: [{ partnerId: 'P-7000001', legalName: 'Taipei Cloud, Inc.', country: 'TW', language: 'zh-TW', locationCount: 2 }] });
    const detail = await (await pm.request('/api/v1/partners/P-7000001')).json();
    expect(detail.locations.map((l: { locationId: string }) => l.locationId)).toEqual(['L-8000001', 'L-8000002']);
    expect(detail.agreements).toEqual([
      { id: expect.any(String), locationId: null, type: 'partner_network', status: 'active', validFrom: '2026-01-01', validTo: null },
      { id: expect.any(String), locationId: 'L-8000001', type: 'cloud_distributor', status: 'active', validFrom: '2026-01-01', validTo: null },
    ]);
    expect((await pm.request('/api/v1/partners/P-123')).status).toBe(404);
  });

  it('answers a refused upload with every bad row, and changes nothing', async () => {
    t = await createTestApp();
    const pm = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['operator_admin'] }));
    const res = await upload(pm, [['partners.csv', `${header}\nP-7000002,Bad,XX,en,L-8000003,US,direct_seller,,\n`]]);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.rows).toEqual([
      { file: 'partners.csv', row: 2, column: 'country', rule: 'country', message: 'must be an ISO 3166 two-letter country code, such as US' },
    ]);
    expect((await (await pm.request('/api/v1/partners')).json()).total).toBe(0);
    const empty = await t.app.request('/api/v1/partners/import', {
      method: 'POST',
      body: new FormData(),
      headers: { Cookie: pm.cookie!, 'X-CSRF-Token': pm.csrf!, Origin: 'http://localhost' },
    });
    expect((await empty.json()).errors[0]).toMatchObject({ field: 'body.files', rule: 'required' });
  });

  it('is for operators only: partner users and finance without partners.manage are refused', async () => {
    t = await createTestApp();
    const org = await seedOrganization(t);
    const partnerAdmin = await signedIn(t, await seedUser(t, { organizationId: org.id, roles: ['global_admin'] }));
    expect((await partnerAdmin.request('/api/v1/partners')).status).toBe(403);
    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    expect((await finance.request('/api/v1/partners')).status).toBe(200);
    expect((await upload(finance, [['partners.csv', `${header}\n`]])).status).toBe(403);
  });
});
