import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedOrganization, seedUser, signedIn, type Browser } from '../../../test/helpers/identity.ts';

let t: TestApp;
afterEach(() => t?.close());

async function manager(): Promise<Browser> {
  return signedIn(t, await seedUser(t, { organizationId: null, roles: ['program_manager'] }));
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await t.db.query<{ n: string }>(`select count(*) as n from ${sql}`, params))[0]!.n);
}

/** Eligibility runs asked for since the last call (the queue absorbs repeats, so each call empties it). */
async function runsRequested(): Promise<number> {
  const n = await count(`jobs where kind = 'eligibility.evaluate'`);
  await t.db.query('delete from jobs');
  return n;
}

async function audited(action: string) {
  return t.db.query<{ target_type: string; target_id: string; organization_id: string | null; before: unknown; after: unknown }>(
    'select target_type, target_id, organization_id, before, after from audit_events where action = $1 order by id',
    [action],
  );
}

async function send(b: Browser, method: string, path: string, json: unknown = {}) {
  const res = await b.request(path, { method, json });
  return { status: res.status, body: await res.json() };
}

const errorsOf = (body: { errors?: { field: string; rule: string }[] }) => (body.errors ?? []).map((e) => `${e.field}:${e.rule}`);

describe('partner organizations', () => {
  it('an operator creates partners (numbered from the sequence, skipping taken ids) and edits one; each change is audited and asks for an eligibility run', async () => {
    t = await createTestApp();
    const pm = await manager();
    const first = await send(pm, 'POST', '/api/v1/partners', { legalName: 'Taipei Cloud Ltd.', country: 'TW', language: 'zh-TW' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ partnerId: 'P-1000000', legalName: 'Taipei Cloud Ltd.', country: 'TW', language: 'zh-TW', locations: [], agreements: [], competencies: [] });
    expect(await runsRequested()).toBe(1);

    const given = await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-1000001', legalName: 'Given Id Inc.', country: 'US', language: 'en' });
    expect(given.status).toBe(201);
    const next = await send(pm, 'POST', '/api/v1/partners', { legalName: 'Next Number Inc.', country: 'US', language: 'en' });
    expect(next.body.partnerId).toBe('P-1000002');
    const taken = await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-1000001', legalName: 'Twin Inc.', country: 'US', language: 'en' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('conflict');
    expect(await count('organizations')).toBe(3);

    await runsRequested();
    const edited = await send(pm, 'PATCH', '/api/v1/partners/P-1000000', { legalName: 'Taipei Cloud Co., Ltd.', language: 'en' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ partnerId: 'P-1000000', legalName: 'Taipei Cloud Co., Ltd.', country: 'TW', language: 'en' });
    expect(await runsRequested()).toBe(1);
    const [update] = await audited('partner.updated');
    expect(update).toMatchObject({
      target_type: 'partner',
      target_id: 'P-1000000',
      before: { legalName: 'Taipei Cloud Ltd.', language: 'zh-TW' },
      after: { legalName: 'Taipei Cloud Co., Ltd.', language: 'en' },
    });
    expect(update!.organization_id).toEqual(expect.any(String));
    expect((await audited('partner.created')).map((e) => e.target_id)).toEqual(['P-1000000', 'P-1000001', 'P-1000002']);

    // The same values again are no change: nothing is recorded or asked for.
    expect((await send(pm, 'PATCH', '/api/v1/partners/P-1000000', { legalName: 'Taipei Cloud Co., Ltd.' })).status).toBe(200);
    expect(await audited('partner.updated')).toHaveLength(1);
    expect(await runsRequested()).toBe(0);
    expect((await send(pm, 'PATCH', '/api/v1/partners/P-9999999', { legalName: 'Nobody' })).status).toBe(404);
  });

  it('invites the first Global admin given on create, with the same invitation an import sends', async () => {
    t = await createTestApp();
    const pm = await manager();
    const res = await send(pm, 'POST', '/api/v1/partners', {
      legalName: '서울파트너 주식회사',
      country: 'KR',
      language: 'ko-KR',
      adminEmail: 'ceo@seoulpartner.example',
      adminName: '최지훈',
    });
    expect(res.status).toBe(201);
    const admins = await t.db.query<{ email: string; locale: string; role: string; template: string }>(
      `select u.email, u.locale, r.role, m.template from users u join role_assignments r on r.user_id = u.id
       join mail_outbox m on m.recipient_email = u.email where u.email = 'ceo@seoulpartner.example'`,
    );
    expect(admins).toEqual([{ email: 'ceo@seoulpartner.example', locale: 'ko-KR', role: 'global_admin', template: 'invitation' }]);
    expect((await audited('partner.created'))[0]!.after).toMatchObject({ adminEmail: 'ceo@seoulpartner.example' });

    const again = await send(pm, 'POST', '/api/v1/partners', {
      legalName: 'Another',
      country: 'KR',
      language: 'ko-KR',
      adminEmail: 'CEO@seoulpartner.example',
      adminName: 'Someone',
    });
    expect(again.status).toBe(400);
    expect(errorsOf(again.body)).toEqual(['body.adminEmail:email_taken']);
    expect(await count('organizations')).toBe(1);
  });

  it('refuses bad input naming each field and rule, and changes nothing', async () => {
    t = await createTestApp();
    const pm = await manager();
    const bad = await send(pm, 'POST', '/api/v1/partners', { legalName: ' ', country: 'TW', language: 'fr', fax: '1' });
    expect(bad.status).toBe(400);
    expect(errorsOf(bad.body).sort()).toEqual(['body.fax:unrecognized_keys', 'body.language:invalid_value', 'body.legalName:too_small_string']);
    const country = await send(pm, 'POST', '/api/v1/partners', { legalName: 'X Ltd.', country: 'XX', language: 'en', adminEmail: 'a@b.example' });
    expect(errorsOf(country.body)).toEqual(['body.country:country', 'body.adminName:required']);
    expect(country.body.errors[0].message).toBe('body.country must be an ISO 3166 two-letter country code, such as US');
    expect(await count('organizations')).toBe(0);

    await send(pm, 'POST', '/api/v1/partners', { legalName: 'Fine Ltd.', country: 'US', language: 'en' });
    await runsRequested();
    const edit = await send(pm, 'PATCH', '/api/v1/partners/P-1000000', { legalName: 'Renamed', country: 'us' });
    expect(errorsOf(edit.body)).toEqual(['body.country:country']);
    expect((await t.db.query<{ legal_name: string }>('select legal_name from organizations'))[0]!.legal_name).toBe('Fine Ltd.');
    expect(await audited('partner.updated')).toEqual([]);
    expect(await runsRequested()).toBe(0);
  });
});

describe('locations', () => {
  it('are added, edited, archived (then only restored) and restored; each change is audited and asks for an eligibility run', async () => {
    t = await createTestApp();
    const pm = await manager();
    await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-7000001', legalName: 'Northwind', country: 'US', language: 'en' });
    await runsRequested();

    const added = await send(pm, 'POST', '/api/v1/partners/P-7000001/locations', { name: 'Seattle', country: 'US', address: '1 Pine St', partnerType: 'direct_seller' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ locationId: 'L-2000000', name: 'Seattle', country: 'US', address: '1 Pine St', partnerType: 'direct_seller', archived: false });
    expect(await runsRequested()).toBe(1);
    expect(await audited('location.created')).toMatchObject([{ target_type: 'location', target_id: 'L-2000000', after: { name: 'Seattle' } }]);

    const path = '/api/v1/partners/P-7000001/locations/L-2000000';
    const edited = await send(pm, 'PATCH', path, { name: 'Seattle HQ', partnerType: 'indirect_reseller' });
    expect(edited.body).toMatchObject({ name: 'Seattle HQ', partnerType: 'indirect_reseller', address: '1 Pine St' });
    expect(await runsRequested()).toBe(1);
    expect((await audited('location.updated'))[0]).toMatchObject({ before: { name: 'Seattle' }, after: { name: 'Seattle HQ' } });

    const archived = await send(pm, 'POST', `${path}/archive`);
    expect(archived).toEqual({ status: 200, body: expect.objectContaining({ archived: true }) });
    expect(await runsRequested()).toBe(1);
    expect(await count(`locations where location_id = 'L-2000000' and archived_at is not null`)).toBe(1);
    // Archived: it cannot be changed, only restored; archiving again changes nothing.
    const refused = await send(pm, 'PATCH', path, { name: 'Changed while archived' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('L-2000000 is archived; restore it before changing it.');
    expect((await send(pm, 'POST', `${path}/archive`)).status).toBe(200);
    expect(await audited('location.archived')).toHaveLength(1);
    expect(await runsRequested()).toBe(0);
    // The directory still lists it, marked, and it does not count among the active locations.
    expect((await (await pm.request('/api/v1/partners/P-7000001')).json()).locations[0]).toMatchObject({ locationId: 'L-2000000', archived: true });
    expect((await (await pm.request('/api/v1/partners?q=P-7000001')).json()).partners[0].locationCount).toBe(0);

    const restored = await send(pm, 'POST', `${path}/restore`);
    expect(restored.body.archived).toBe(false);
    expect(await audited('location.restored')).toMatchObject([{ before: { archived: true }, after: { archived: false } }]);
    expect(await runsRequested()).toBe(1);
    expect((await send(pm, 'PATCH', path, { address: '2 Pine St' })).body.address).toBe('2 Pine St');
  });

  it('refuses bad input and another organization’s location, changing nothing', async () => {
    t = await createTestApp();
    const pm = await manager();
    const other = await seedOrganization(t);
    const [otherLocation] = await t.db.query<{ location_id: string }>('select location_id from locations where organization_id = $1 order by location_id', [other.id]);
    await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-7000002', legalName: 'Contoso', country: 'US', language: 'en' });
    await runsRequested();
    const before = await count('locations');

    const bad = await send(pm, 'POST', '/api/v1/partners/P-7000002/locations', { name: '', country: 'ZZ', partnerType: 'wholesaler' });
    expect(errorsOf(bad.body).sort()).toEqual(['body.name:too_small_string', 'body.partnerType:invalid_value']);
    const country = await send(pm, 'POST', '/api/v1/partners/P-7000002/locations', { name: 'Chicago', country: 'ZZ', partnerType: 'direct_seller' });
    expect(errorsOf(country.body)).toEqual(['body.country:country']);
    expect((await send(pm, 'POST', '/api/v1/partners/P-7000099/locations', { name: 'X', country: 'US', partnerType: 'direct_seller' })).status).toBe(404);

    const foreign = `/api/v1/partners/P-7000002/locations/${otherLocation!.location_id}`;
    expect((await send(pm, 'PATCH', foreign, { name: 'Taken over' })).status).toBe(404);
    expect((await send(pm, 'POST', `${foreign}/archive`)).status).toBe(404);
    expect(await count('locations')).toBe(before);
    expect(await count(`locations where name = 'Taken over' or archived_at is not null`)).toBe(0);
    expect(await runsRequested()).toBe(0);
  });
});

describe('agreements', () => {
  it('are added, edited and expired (status expired, valid to the date); each change is audited and asks for an eligibility run', async () => {
    t = await createTestApp();
    const pm = await manager();
    await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-7000003', legalName: 'Fabrikam', country: 'US', language: 'en' });
    await send(pm, 'POST', '/api/v1/partners/P-7000003/locations', { name: 'Boston', country: 'US', partnerType: 'direct_seller' });
    await runsRequested();

    const whole = await send(pm, 'POST', '/api/v1/partners/P-7000003/agreements', { type: 'partner_network', validFrom: '2026-01-01' });
    expect(whole.status).toBe(201);
    expect(whole.body).toEqual({ id: expect.any(String), locationId: null, type: 'partner_network', status: 'active', validFrom: '2026-01-01', validTo: null });
    const local = await send(pm, 'POST', '/api/v1/partners/P-7000003/agreements', {
      type: 'reseller',
      status: 'active',
      locationId: 'L-2000000',
      validFrom: '2026-03-01',
      validTo: '2027-02-28',
    });
    expect(local.body).toMatchObject({ locationId: 'L-2000000', validTo: '2027-02-28' });
    expect(await runsRequested()).toBe(1);
    expect((await audited('agreement.added')).map((e) => e.target_id)).toEqual([whole.body.id, local.body.id]);
    const detail = await (await pm.request('/api/v1/partners/P-7000003')).json();
    expect(detail.agreements.map((a: { id: string }) => a.id)).toEqual([whole.body.id, local.body.id]);

    const path = `/api/v1/partners/P-7000003/agreements/${local.body.id}`;
    const edited = await send(pm, 'PATCH', path, { validTo: null });
    expect(edited.body).toMatchObject({ validFrom: '2026-03-01', validTo: null, locationId: 'L-2000000' });
    expect((await audited('agreement.updated'))[0]).toMatchObject({ before: { validTo: '2027-02-28' }, after: { validTo: null } });
    expect(await runsRequested()).toBe(1);

    // Not before it started; by default today (the test clock says 2026-11-20).
    const early = await send(pm, 'POST', `${path}/expire`, { date: '2026-02-28' });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'body.date', rule: 'date_order', message: 'body.date must be on or after 2026-03-01' }]);
    const expired = await send(pm, 'POST', `${path}/expire`);
    expect(expired.body).toMatchObject({ status: 'expired', validTo: '2026-11-20' });
    expect((await audited('agreement.expired'))[0]).toMatchObject({ before: { status: 'active', validTo: null }, after: { status: 'expired', validTo: '2026-11-20' } });
    expect(await runsRequested()).toBe(1);
    const again = await send(pm, 'POST', `${path}/expire`, { date: '2026-11-21' });
    expect(again.status).toBe(409);

    const chosen = await send(pm, 'POST', `/api/v1/partners/P-7000003/agreements/${whole.body.id}/expire`, { date: '2026-06-30' });
    expect(chosen.body).toMatchObject({ status: 'expired', validTo: '2026-06-30' });
  });

  it('refuses bad dates, a location of another partner or an archived one, a second identical agreement, and another organization’s agreement', async () => {
    t = await createTestApp();
    const pm = await manager();
    const other = await seedOrganization(t);
    await t.db.query(`insert into agreements (organization_id, id, type, status, valid_from) values ($1, gen_random_uuid(), 'reseller', 'active', '2026-01-01')`, [other.id]);
    const [foreign] = await t.db.query<{ id: string }>('select id from agreements where organization_id = $1', [other.id]);
    const [otherLocation] = await t.db.query<{ location_id: string }>('select location_id from locations where organization_id = $1 limit 1', [other.id]);
    await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-7000004', legalName: 'Blue Yonder', country: 'US', language: 'en' });
    const location = await send(pm, 'POST', '/api/v1/partners/P-7000004/locations', { name: 'San Jose', country: 'US', partnerType: 'indirect_reseller' });
    await send(pm, 'POST', `/api/v1/partners/P-7000004/locations/${location.body.locationId}/archive`);
    const add = (body: object) => send(pm, 'POST', '/api/v1/partners/P-7000004/agreements', { type: 'reseller', validFrom: '2026-01-01', ...body });
    await runsRequested();

    expect(errorsOf((await add({ validFrom: '2026-02-30', validTo: '01/03/2027' })).body)).toEqual(['body.validFrom:invalid_format', 'body.validTo:invalid_format']);
    expect(errorsOf((await add({ validTo: '2025-12-31' })).body)).toEqual(['body.validTo:date_order']);
    expect(errorsOf((await add({ type: 'gold', status: 'paused' })).body)).toEqual(['body.type:invalid_value', 'body.status:invalid_value']);
    expect(errorsOf((await add({ locationId: otherLocation!.location_id })).body)).toEqual(['body.locationId:location_of_other_partner']);
    expect(errorsOf((await add({ locationId: location.body.locationId })).body)).toEqual(['body.locationId:location_archived']);
    expect(await count(`agreements where organization_id <> $1`, [other.id])).toBe(0);

    const ok = await add({ validTo: '2026-12-31' });
    expect(ok.status).toBe(201);
    expect((await add({})).status).toBe(409);
    const path = `/api/v1/partners/P-7000004/agreements/${ok.body.id}`;
    expect(errorsOf((await send(pm, 'PATCH', path, { validFrom: '2027-01-01' })).body)).toEqual(['body.validFrom:after_valid_to']);
    expect(errorsOf((await send(pm, 'PATCH', path, { validTo: '2025-01-01' })).body)).toEqual(['body.validTo:date_order']);
    expect(errorsOf((await send(pm, 'POST', `${path}/expire`, { date: '2027-01-01' })).body)).toEqual(['body.date:after_valid_to']);
    expect(errorsOf((await send(pm, 'POST', `${path}/expire`, { date: 'today' })).body)).toEqual(['body.date:invalid_format']);
    await runsRequested();

    const foreignPath = `/api/v1/partners/P-7000004/agreements/${foreign!.id}`;
    expect((await send(pm, 'PATCH', foreignPath, { status: 'terminated' })).status).toBe(404);
    expect((await send(pm, 'POST', `${foreignPath}/expire`)).status).toBe(404);
    expect((await t.db.query<{ status: string }>('select status from agreements where id = $1', [foreign!.id]))[0]!.status).toBe('active');
    expect((await t.db.query<{ valid_to: string }>('select valid_to from agreements where id = $1', [ok.body.id]))[0]!.valid_to).toBe('2026-12-31');
    expect(await runsRequested()).toBe(0);
  });
});

describe('competencies', () => {
  it('are added, edited and expired within their period; another organization’s is not found', async () => {
    t = await createTestApp();
    const pm = await manager();
    const other = await seedOrganization(t);
    await t.db.query(`insert into competencies (organization_id, id, name, level, valid_from) values ($1, gen_random_uuid(), 'Security', 'gold', '2026-01-01')`, [other.id]);
    const [foreign] = await t.db.query<{ id: string }>('select id from competencies where organization_id = $1', [other.id]);
    await send(pm, 'POST', '/api/v1/partners', { partnerId: 'P-7000005', legalName: 'Nuri', country: 'KR', language: 'ko-KR' });
    await runsRequested();

    const added = await send(pm, 'POST', '/api/v1/partners/P-7000005/competencies', { name: 'Cloud Platform', level: 'silver', validFrom: '2026-01-01', validTo: '2026-12-31' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), name: 'Cloud Platform', level: 'silver', validFrom: '2026-01-01', validTo: '2026-12-31' });
    expect(await runsRequested()).toBe(1);
    expect(await audited('competency.added')).toMatchObject([{ target_type: 'competency', target_id: added.body.id }]);
    expect(errorsOf((await send(pm, 'POST', '/api/v1/partners/P-7000005/competencies', { name: 'Data', level: 'platinum', validFrom: '2026-01-01' })).body)).toEqual([
      'body.level:invalid_value',
    ]);
    expect((await send(pm, 'POST', '/api/v1/partners/P-7000005/competencies', { name: 'Cloud Platform', level: 'gold', validFrom: '2026-01-01' })).status).toBe(409);

    const path = `/api/v1/partners/P-7000005/competencies/${added.body.id}`;
    const edited = await send(pm, 'PATCH', path, { level: 'gold' });
    expect(edited.body.level).toBe('gold');
    expect((await audited('competency.updated'))[0]).toMatchObject({ before: { level: 'silver' }, after: { level: 'gold' } });
    expect(await runsRequested()).toBe(1);

    expect(errorsOf((await send(pm, 'POST', `${path}/expire`, { date: '2027-01-15' })).body)).toEqual(['body.date:after_valid_to']);
    expect(errorsOf((await send(pm, 'POST', `${path}/expire`, { date: '2025-12-31' })).body)).toEqual(['body.date:date_order']);
    expect(await runsRequested()).toBe(0);
    const expired = await send(pm, 'POST', `${path}/expire`);
    expect(expired.body).toMatchObject({ validTo: '2026-11-20' });
    expect((await audited('competency.expired'))[0]).toMatchObject({ before: { validTo: '2026-12-31' }, after: { validTo: '2026-11-20' } });
    expect(await runsRequested()).toBe(1);

    const foreignPath = `/api/v1/partners/P-7000005/competencies/${foreign!.id}`;
    expect((await send(pm, 'PATCH', foreignPath, { level: 'silver' })).status).toBe(404);
    expect((await send(pm, 'POST', `${foreignPath}/expire`)).status).toBe(404);
    expect((await t.db.query<{ level: string; valid_to: string | null }>('select level, valid_to from competencies where id = $1', [foreign!.id]))[0]).toEqual({ level: 'gold', valid_to: null });
  });
});
