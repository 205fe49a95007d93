import { systemActor } from '../../src/modules/identity/actor.ts';
import { parseProgramDefinition, type ProgramFile } from '../../src/modules/programs/program-file.ts';
import { importProgram } from '../../src/modules/programs/programs.ts';
import type { TestApp } from './app.ts';

let next = 0;

/** A program definition as the API takes it (decimals as strings), with a code of its own. */
export function programDefinition(code = `TEST-${process.pid}-${++next}`): ProgramFile {
  return {
    code,
    name: { en: 'Test rebate', 'zh-TW': '測試回饋', 'ko-KR': '테스트 리베이트' },
    status: 'draft',
    fiscal_year: { start: '2026-07-01', end: '2027-06-30' },
    eligibility: { partner_types: ['direct_seller'], min_competencies: 0, min_trailing_revenue_usd: '0', open_to_all: false },
    threshold_usd: '200.00',
    payment_delay_months: 2,
    levers: [{ code: 'CORE', earning_type: 'REBATE', rates: [{ product_category: 'azure', rate: '0.08', from: '2026-07' }] }],
  };
}

/** A program recorded as version 1, as an import would. */
export async function seedProgram(t: TestApp, definition: ProgramFile = programDefinition()): Promise<ProgramFile> {
  const file = parseProgramDefinition(definition);
  await importProgram(t.ctx, systemActor('cli'), file);
  return file;
}
