import { randomUUID } from 'node:crypto';
import { importBilling } from '../../src/modules/billing/import-billing.ts';
import { calculateEarnings, type MonthRange } from '../../src/modules/earnings/calculate.ts';
import { csvField } from '../../src/modules/earnings/csv.ts';
import { systemActor } from '../../src/modules/identity/actor.ts';
import { locations } from '../../src/modules/partners/schema.ts';
import { parseProgramDefinition, type ProgramFile } from '../../src/modules/programs/program-file.ts';
import type { TestApp } from './app.ts';
import { seedPartner, seedProgramId } from './incentives.ts';
import { programDefinition } from './programs.ts';

/** A billing line as billing.csv has it; location defaults to the partner's, currency to USD. */
export interface BillingLine {
  lineId: string;
  location?: string;
  customerId?: string;
  customerName?: string;
  category: string;
  month: string;
  currency?: string;
  amount: string;
}

/** A program with lever CORE (modern-work 0.06, azure 0.08 from 2026-07), payment delay 2; overrides apply. */
export function earningsProgram(overrides: Partial<ProgramFile> = {}): ProgramFile {
  return parseProgramDefinition({
    ...programDefinition(),
    status: 'open',
    levers: [
      {
        code: 'CORE',
        earning_type: 'REBATE',
        rates: [
          { product_category: 'modern-work', rate: '0.06', from: '2026-07' },
          { product_category: 'azure', rate: '0.08', from: '2026-07' },
        ],
      },
    ],
    ...overrides,
  });
}

/** Records the program (or a new version of it) and returns its id. */
export const recordProgram = (t: TestApp, file: ProgramFile) => seedProgramId(t, file);

/** Enrolls a location in a program from `earningsStart` (`YYYY-MM`), as if validated then. */
export async function enroll(t: TestApp, organizationId: string, locationId: string, programId: string, earningsStart = '2026-07'): Promise<void> {
  await t.db.query(
    `insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, status_reason, status_changed_at)
     values ($1, $2, $3, $4, 'enrolled', $5, 'enrolled for the test', now())`,
    [organizationId, randomUUID(), locationId, programId, `${earningsStart}-01`],
  );
}

/** Another location of the organization (public id returned with the internal one). */
export async function addLocation(t: TestApp, organizationId: string, name = 'Second') {
  const id = randomUUID();
  const locationId = `L-${Math.floor(Math.random() * 1e11)}`;
  await t.db.orm.insert(locations).values({ organizationId, id, locationId, name, country: 'US', address: '2 Side St', partnerType: 'direct_seller' });
  return { id, locationId };
}

/** Imports billing lines through the real billing import (as a file). */
export async function importLines(t: TestApp, defaultLocation: string, lines: BillingLine[]) {
  const header = 'line_id,location_id,customer_id,customer_name,product_category,billed_month,currency,amount\n';
  const body = lines
    .map((l) =>
      [l.lineId, l.location ?? defaultLocation, l.customerId ?? '', l.customerName ?? '', l.category, l.month, l.currency ?? 'USD', l.amount].map(csvField).join(','),
    )
    .join('\n');
  const bytes = new TextEncoder().encode(`${header}${body}\n`);
  return importBilling(t.ctx, systemActor('cli'), {
    name: 'billing.csv',
    size: bytes.length,
    chunks: (async function* () {
      yield bytes;
    })(),
  });
}

export const calculate = (t: TestApp, range: MonthRange = {}) => calculateEarnings(t.ctx, systemActor('cli'), range);

/**
 * A partner (one location, direct seller) enrolled in a new program (from 2026-07 unless told),
 * with billing lines imported and the earnings calculated, all through the real import and
 * calculation.
 */
export async function seedEarnings(
  t: TestApp,
  lines: (partner: { publicLocationId: string }) => BillingLine[],
  program: ProgramFile = earningsProgram(),
  options: { earningsStart?: string } = {},
) {
  const partner = await seedPartner(t);
  const programId = await recordProgram(t, program);
  await enroll(t, partner.organizationId, partner.locationId, programId, options.earningsStart);
  await importLines(t, partner.publicLocationId, lines(partner));
  const calculation = await calculate(t);
  return { ...partner, programId, programCode: program.code, program, calculation };
}
