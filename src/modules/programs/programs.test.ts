import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../identity/actor.ts';
import { seedUser, signedIn } from '../../../test/helpers/identity.ts';
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
