import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../identity/actor.ts';
import { seedUser, signedIn } from '../../../test/helpers/identity.ts';
import { programDefinition, seedProgram } from '../../../test/helpers/programs.ts';
import { readProgramFile } from './program-file.ts';
import { getProgram, importProgram } from './programs.ts';

let t: TestApp;
afterEach(() => t?.close());

const example = fs.readFileSync(new URL('../../../test/fixtures/csp-rebate.yaml', import.meta.url), 'utf8');

function fieldsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.details.fields!.map((f) => `${f.field}: ${f.message}`);
    throw error;
  }
  return [];
}

describe('program files', () => {
  it('reads the example of formats.md, keeping every decimal exact', () => {
    const program = readProgramFile('csp-rebate.yaml', example);
    expect(program.levers[0]!.rates).toEqual([
      { product_category: 'modern-work', rate: '0.06', from: '2026-07' },
      { product_category: 'azure', rate: '0.08', from: '2026-07', to: '2026-12' },
    ]);
    expect(program.threshold_usd).toBe('200.00');
    expect(program.eligibility.min_trailing_revenue_usd).toBe('0');
    expect(readProgramFile('p.json', JSON.stringify({ ...program }))).toEqual(program);
  });

  it('names each field that breaks a rule', () => {
    const broken = example
      .replace('rate: "0.06"', 'rate: 0.06')
      .replace('end: 2027-06-30', 'end: 2026-06-30')
      .replace('to: 2026-12', 'to: 2026-13')
      .replace('payment_delay_months: 2', 'payment_delay_months: two');
    expect(fieldsOf(() => readProgramFile('p.yaml', broken))).toEqual([
      'payment_delay_months: Invalid input: expected number, received string',
      'levers.0.rates.0.rate: must be written as a quoted decimal, such as "0.06", so it stays exact',
      'levers.0.rates.1.to: must be a month YYYY-MM',
    ]);
    const overlapping = example.replace('{ product_category: azure, rate: "0.08", from: 2026-07, to: 2026-12 }', '{ product_category: modern-work, rate: "0.08", from: 2026-09 }');
    expect(fieldsOf(() => readProgramFile('p.yaml', overlapping))).toEqual(['levers.0.rates.1.from: overlaps rates.0 of modern-work']);
    expect(fieldsOf(() => readProgramFile('p.yaml', 'code: [unclosed'))[0]).toMatch(/^p.yaml: cannot be read/);
  });
});

describe('importing programs', () => {
  it('creates, versions on change, changes nothing for the same file, and never moves status back', async () => {
    t = await createTestApp();
    const program = readProgramFile('csp-rebate.yaml', example);
    expect(await importProgram(t.ctx, systemActor('cli'), program)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await importProgram(t.ctx, systemActor('cli'), readProgramFile('csp-rebate.yaml', example))).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const changed = readProgramFile('csp-rebate.yaml', example.replace('rate: "0.08"', 'rate: "0.085"'));
    expect(await importProgram(t.ctx, systemActor('cli'), changed)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const detail = await getProgram(t.ctx, 'CSP-REBATE');
    expect(detail.version).toBe(2);
    expect(detail.versions.map((v) => v.version)).toEqual([2, 1]);
    const rates = await t.db.query<{ version: number; rate: string; to_month: string | null }>(
      `select version, rate, to_month from program_rates where product_category = 'azure' order by version`,
    );
    expect(rates).toEqual([
      { version: 1, rate: '0.080000', to_month: '2026-12-01' },
      { version: 2, rate: '0.085000', to_month: '2026-12-01' },
    ]);
    await expect(importProgram(t.ctx, systemActor('cli'), readProgramFile('p.yaml', example.replace('status: open', 'status: draft')))).rejects.toThrow(
      /cannot go back from open to draft/,
    );
  });
});

describe('program routes', () => {
  it('a program manager imports YAML and reads it back; finance reads but may not import', async () => {
    t = await createTestApp();
    const pm = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['program_manager'] }));
    const res = await t.app.request('/api/v1/programs/import', {
      method: 'POST',
      body: example,
      headers: { 'Content-Type': 'text/yaml', Cookie: pm.cookie!, 'X-CSRF-Token': pm.csrf!, Origin: 'http://localhost' },
    });
    expect(await res.json()).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const bad = await pm.request('/api/v1/programs/import', { json: { code: 'X' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0]).toMatchObject({ field: 'code' });

    const finance = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['finance'] }));
    const list = await (await finance.request('/api/v1/programs')).json();
    expect(list.programs).toEqual([expect.objectContaining({ code: 'CSP-REBATE', status: 'open', version: 1, name: { en: 'CSP rebate', 'zh-TW': 'CSP 回饋', 'ko-KR': 'CSP 리베이트' } })]);
    const detail = await (await finance.request('/api/v1/programs/CSP-REBATE')).json();
    expect(detail.definition.levers[0].rates[0]).toEqual({ product_category: 'modern-work', rate: '0.06', from: '2026-07' });
    expect((await finance.request('/api/v1/programs/import', { json: {} })).status).toBe(403);
    expect((await finance.request('/api/v1/programs/NOPE')).status).toBe(404);
  });
});

describe('creating and editing programs over HTTP', () => {
  const managerOf = async () => signedIn(t, await seedUser(t, { organizationId: null, roles: ['program_manager'] }));
  const versionsOf = async (code: string) =>
    (await t.db.query<{ version: number }>(`select v.version from program_versions v join programs p on p.id = v.program_id where p.code = $1 order by 1`, [code])).map((r) => r.version);
  const jobs = () => t.db.query<{ kind: string; reason: string }>(`select kind, reason from jobs where status = 'queued'`);

  it('creates a program (version 1) and refuses its code a second time, naming the field', async () => {
    t = await createTestApp();
    const pm = await managerOf();
    const definition = programDefinition('NEW-PROGRAM');
    const res = await pm.request('/api/v1/programs', { json: definition });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ code: 'NEW-PROGRAM', result: 'created', version: 1 });
    const detail = await (await pm.request('/api/v1/programs/NEW-PROGRAM')).json();
    expect(detail.definition).toEqual(definition);

    const again = await pm.request('/api/v1/programs', { json: { ...definition, name: { ...definition.name, en: 'Another' } } });
    expect(again.status).toBe(409);
    expect((await again.json()).errors).toEqual([expect.objectContaining({ field: 'code', rule: 'program_code_taken' })]);
    expect(await versionsOf('NEW-PROGRAM')).toEqual([1]);
  });

  it('records an edit as a new version with its rates, and an unchanged definition as nothing', async () => {
    t = await createTestApp();
    const pm = await managerOf();
    const v1 = await seedProgram(t, programDefinition('EDITED'));
    const v2 = {
      ...v1,
      name: { ...v1.name, 'ko-KR': '수정된 리베이트' },
      status: 'open' as const,
      levers: [{ ...v1.levers[0]!, rates: [{ product_category: 'azure', rate: '0.085', from: '2026-07', to: '2026-12' }, { product_category: 'security', rate: '0.1', from: '2026-07' }] }],
    };
    const res = await pm.request('/api/v1/programs/EDITED', { method: 'PUT', json: { ...v2, expectedVersion: 1 } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 'EDITED', result: 'versioned', version: 2 });
    const rates = await t.db.query(`select version, product_category, rate, from_month, to_month from program_rates r join programs p on p.id = r.program_id where p.code = 'EDITED' order by version, product_category`);
    expect(rates).toEqual([
      { version: 1, product_category: 'azure', rate: '0.080000', from_month: '2026-07-01', to_month: null },
      { version: 2, product_category: 'azure', rate: '0.085000', from_month: '2026-07-01', to_month: '2026-12-01' },
      { version: 2, product_category: 'security', rate: '0.100000', from_month: '2026-07-01', to_month: null },
    ]);
    const detail = await (await pm.request('/api/v1/programs/EDITED')).json();
    expect(detail).toMatchObject({ status: 'open', version: 2, definition: { name: { 'ko-KR': '수정된 리베이트' } } });
    expect(detail.versions.map((v: { version: number; status: string }) => `${v.version} ${v.status}`)).toEqual(['2 open', '1 draft']);
    expect(detail.versions[0].createdBy).toMatch(/@example\.test$/);

    const same = await pm.request('/api/v1/programs/EDITED', { method: 'PUT', json: { ...v2, expectedVersion: 2 } });
    expect(await same.json()).toEqual({ code: 'EDITED', result: 'unchanged', version: 2 });
    expect(await versionsOf('EDITED')).toEqual([1, 2]);
    const audit = await t.db.query<{ action: string; after: { changed?: string[] } }>(`select action, after from audit_events where target_id = 'EDITED' order by occurred_at, action`);
    expect(audit.map((a) => a.action)).toEqual(['program.created', 'program.versioned']);
    expect(audit[1]!.after.changed).toEqual(['name.ko-KR', 'status', 'levers.0.rates.0.rate', 'levers.0.rates.0.to', 'levers.0.rates.1']);
  });

  it('refuses, changing nothing: status going back, a stale expected version, another code, an unknown program', async () => {
    t = await createTestApp();
    const pm = await managerOf();
    const v1 = await seedProgram(t, { ...programDefinition('GUARDED'), status: 'open' });
    const back = await pm.request('/api/v1/programs/GUARDED', { method: 'PUT', json: { ...v1, status: 'draft' } });
    expect(back.status).toBe(409);
    expect((await back.json()).detail).toBe('The status of GUARDED cannot go back from open to draft.');

    expect((await pm.request('/api/v1/programs/GUARDED', { method: 'PUT', json: { ...v1, payment_delay_months: 3, expectedVersion: 1 } })).status).toBe(200);
    const stale = await pm.request('/api/v1/programs/GUARDED', { method: 'PUT', json: { ...v1, payment_delay_months: 4, expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect((await stale.json()).detail).toMatch(/Version 2 of GUARDED was saved after you opened version 1/);

    const renamed = await pm.request('/api/v1/programs/GUARDED', { method: 'PUT', json: { ...v1, code: 'OTHER' } });
    expect(renamed.status).toBe(400);
    expect((await renamed.json()).errors).toEqual([expect.objectContaining({ field: 'code', rule: 'program_code_fixed' })]);
    expect((await pm.request('/api/v1/programs/NOPE', { method: 'PUT', json: { ...v1, code: 'NOPE' } })).status).toBe(404);

    expect(await versionsOf('GUARDED')).toEqual([1, 2]);
    const [program] = await t.db.query<{ status: string; current_version: number }>(`select status, current_version from programs where code = 'GUARDED'`);
    expect(program).toEqual({ status: 'open', current_version: 2 });
  });

  it('keeps decimals exact: a bare float or too many digits is refused naming the field and rule, in the reader language', async () => {
    t = await createTestApp();
    const pm = await managerOf();
    const v1 = await seedProgram(t, programDefinition('EXACT'));
    const withRate = (rate: unknown) => ({ ...v1, levers: [{ ...v1.levers[0]!, rates: [v1.levers[0]!.rates[0]!, { product_category: 'security', rate, from: '2026-07' }] }] });

    const float = await pm.request('/api/v1/programs/EXACT', { method: 'PUT', json: withRate(0.085) });
    expect(float.status).toBe(400);
    expect((await float.json()).errors).toEqual([
      { field: 'levers.0.rates.1.rate', rule: 'decimal_quoted', message: 'levers.0.rates.1.rate must be written as a quoted decimal, such as "0.06", so it stays exact' },
    ]);
    const long = await pm.request('/api/v1/programs/EXACT', { method: 'PUT', json: { ...withRate('0.0850001'), threshold_usd: '200.001' } });
    expect((await long.json()).errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual([
      'threshold_usd decimal_scale',
      'levers.0.rates.1.rate decimal_scale',
    ]);
    const reader = await signedIn(t, await seedUser(t, { organizationId: null, roles: ['program_manager'], locale: 'zh-TW' }));
    const localized = await reader.request('/api/v1/programs', { json: { ...programDefinition(), threshold_usd: '1.234' } });
    expect((await localized.json()).errors).toEqual([
      { field: 'threshold_usd', rule: 'decimal_scale', message: 'threshold_usd 必須是小數點後最多 2 位的小數，例如 "200.00"' },
    ]);
    expect(await versionsOf('EXACT')).toEqual([1]);
  });

  it('returns any version with what it changed from the one before', async () => {
    t = await createTestApp();
    const pm = await managerOf();
    const v1 = await seedProgram(t, programDefinition('HISTORY'));
    await pm.request('/api/v1/programs/HISTORY', { method: 'PUT', json: { ...v1, threshold_usd: '250.00', eligibility: { ...v1.eligibility, min_competency_level: 'gold' } } });

    const first = await (await pm.request('/api/v1/programs/HISTORY/versions/1')).json();
    expect(first).toMatchObject({ code: 'HISTORY', version: 1, current: false, status: 'draft', definition: v1, changes: [] });
    const second = await (await pm.request('/api/v1/programs/HISTORY/versions/2')).json();
    expect(second).toMatchObject({ version: 2, current: true });
    expect(second.changes).toEqual([
      { field: 'eligibility.min_competency_level', before: null, after: 'gold' },
      { field: 'threshold_usd', before: '200.00', after: '250.00' },
    ]);
    expect((await pm.request('/api/v1/programs/HISTORY/versions/3')).status).toBe(404);
    expect((await pm.request('/api/v1/programs/HISTORY/versions/first')).status).toBe(400);
  });

  it('asks for an eligibility run with every change, from the portal and from an import alike', async () => {
    t = await createTestApp();
    const pm = await managerOf();
    await pm.request('/api/v1/programs', { json: programDefinition('JOBS') });
    expect(await jobs()).toEqual([{ kind: 'eligibility.evaluate', reason: 'program JOBS version 1' }]);

    await t.db.query('delete from jobs');
    const v1 = (await (await pm.request('/api/v1/programs/JOBS')).json()).definition;
    await pm.request('/api/v1/programs/JOBS', { method: 'PUT', json: v1 });
    expect(await jobs()).toEqual([]);
    await pm.request('/api/v1/programs/JOBS', { method: 'PUT', json: { ...v1, payment_delay_months: 1 } });
    expect(await jobs()).toEqual([{ kind: 'eligibility.evaluate', reason: 'program JOBS version 2' }]);

    await t.db.query('delete from jobs');
    await importProgram(t.ctx, systemActor('cli'), readProgramFile('csp-rebate.yaml', example));
    expect(await jobs()).toEqual([{ kind: 'eligibility.evaluate', reason: 'program CSP-REBATE version 1' }]);
  });
});
