import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { AppError } from '../../errors.ts';
import { systemActor } from '../identity/actor.ts';
import { importPartners } from './import-partners.ts';

let t: TestApp;
afterEach(() => t?.close());

const file = (name: string, text: string) => ({ name, content: new TextEncoder().encode(text) });
const header = 'partner_id,legal_name,country,language,location_id,location_country,partner_type,admin_email,admin_name';

function partnersCsv(n: number, broken: Record<number, (cells: string[]) => void> = {}): string {
  const lines = [header];
  for (let i = 0; i < n; i++) {
    const org = Math.floor(i / 2);
    const cells = [`P-${3000000 + org}`, `Partner ${org}, Ltd.`, 'KR', 'ko-KR', `L-${4000000 + i}`, 'KR', i % 2 ? 'indirect_reseller' : 'direct_seller', `admin${org}@p${org}.example`, `Admin ${org}`];
    broken[i]?.(cells);
    lines.push(cells.map((c) => (c.includes(',') ? `"${c}"` : c)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function count(table: string): Promise<number> {
  return Number((await t.db.query<{ n: string }>(`select count(*) as n from ${table}`))[0]!.n);
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details.rows!;
  }
  throw new Error('the import was not refused');
}

describe('accrue import partners', () => {
  it('imports organizations, locations, agreements and competencies; the same files again change nothing', async () => {
    t = await createTestApp();
    const files = [
      file('partners.csv', partnersCsv(4)),
      file('agreements.csv', 'partner_id,location_id,type,status,valid_from,valid_to\nP-3000000,,partner_network,active,2026-01-01,\nP-3000001,L-4000002,reseller,active,2026-01-01,2027-12-31\n'),
      file('competencies.csv', 'partner_id,name,level,valid_from,valid_to\nP-3000000,Cloud Platform,gold,2026-01-01,2026-12-31\n'),
    ];
    expect(await importPartners(t.ctx, systemActor('cli'), files)).toEqual({ inserted: 7, updated: 0, unchanged: 0 });
    expect([await count('organizations'), await count('locations'), await count('agreements'), await count('competencies')]).toEqual([2, 4, 2, 1]);
    // These are eligibility inputs: the import asks for a run in its transaction.
    expect(await count(`jobs where kind = 'eligibility.evaluate'`)).toBe(1);
    await t.db.query('delete from jobs');
    // The first admin of each new organization is invited as its Global admin.
    const admins = await t.db.query<{ email: string; role: string; template: string }>(
      `select u.email, r.role, m.template from users u join role_assignments r on r.user_id = u.id join mail_outbox m on m.recipient_email = u.email order by u.email`,
    );
    expect(admins).toEqual([
      { email: 'admin0@p0.example', role: 'global_admin', template: 'invitation' },
      { email: 'admin1@p1.example', role: 'global_admin', template: 'invitation' },
    ]);
    expect(await importPartners(t.ctx, systemActor('cli'), files)).toEqual({ inserted: 0, updated: 0, unchanged: 7 });
    expect(await count('users')).toBe(2);
    expect(await count('mail_outbox')).toBe(2);
    expect(await count('jobs')).toBe(0);

    const changed = [file('agreements.csv', 'partner_id,location_id,type,status,valid_from,valid_to\nP-3000000,,partner_network,terminated,2026-01-01,2026-06-30\n')];
    expect(await importPartners(t.ctx, systemActor('cli'), changed)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await count('jobs')).toBe(1);
  });

  it('refuses a file of 1,000 rows with 3 bad ones, naming the 3 rows, and changes nothing', async () => {
    t = await createTestApp();
    const csv = partnersCsv(1000, {
      10: (c) => (c[5] = 'XX'),
      500: (c) => (c[6] = 'wholesaler'),
      998: (c) => (c[4] = 'L-4000001'),
    });
    const rows = await refusal(importPartners(t.ctx, systemActor('cli'), [file('partners.csv', csv)]));
    expect(rows.map((r) => `${r.row}:${r.column}:${r.rule}`)).toEqual([
      '12:location_country:country',
      '502:partner_type:partner_type',
      '1000:location_id:duplicate',
    ]);
    expect(rows[2]!.message).toBe('appears again (first in row 3)');
    expect([await count('organizations'), await count('locations'), await count('users'), await count('mail_outbox'), await count('jobs')]).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses organization columns that disagree between rows, and unknown columns', async () => {
    t = await createTestApp();
    const csv = partnersCsv(2, { 1: (c) => (c[1] = 'Another Name') });
    const rows = await refusal(importPartners(t.ctx, systemActor('cli'), [file('partners.csv', csv)]));
    expect(rows).toEqual([{ file: 'partners.csv', row: 3, column: 'legal_name', rule: 'organization_disagrees', message: 'differs from row 2 for P-3000000' }]);
    const unknown = await refusal(importPartners(t.ctx, systemActor('cli'), [file('partners.csv', `${header},fax\n`)]));
    expect(unknown[0]).toMatchObject({ row: 1, column: 'fax', rule: 'unknown_column' });
  });

  it('refuses agreements of unknown partners or of another partner’s location', async () => {
    t = await createTestApp();
    await importPartners(t.ctx, systemActor('cli'), [file('partners.csv', partnersCsv(4))]);
    const rows = await refusal(
      importPartners(t.ctx, systemActor('cli'), [
        file('agreements.csv', 'partner_id,location_id,type,status,valid_from,valid_to\nP-9999999,,reseller,active,2026-01-01,\nP-3000000,L-4000003,reseller,active,2026-02-30,\n'),
      ]),
    );
    expect(rows.map((r) => `${r.row}:${r.column}:${r.rule}`)).toEqual([
      '2:partner_id:unknown_partner',
      '3:valid_from:date',
      '3:location_id:location_of_other_partner',
    ]);
  });
});
