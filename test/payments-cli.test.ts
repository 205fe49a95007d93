import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropCreatedDatabases, freshDatabaseEnv, openEnvDatabase, runCli } from './helpers/cli.ts';

afterAll(dropCreatedDatabases);

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/worked-example/${name}`, import.meta.url));

/**
 * L-2000317 enrolled in CSP-REBATE from 2026-07, with what a payment needs, as rows: a valid
 * W-8BEN-E whose 10 % treaty rate was accepted, and an approved payment profile assigned to pay
 * the pair in KRW. (The run never opens the sealed values, so they are placeholders here.)
 */
async function makePayable(env: NodeJS.ProcessEnv): Promise<void> {
  const db = await openEnvDatabase(env);
  try {
    const pair = `from locations l, programs p where l.location_id = 'L-2000317' and p.code = 'CSP-REBATE'`;
    await db.query(`
      insert into enrollments (organization_id, id, location_id, program_id, status, earnings_start, status_reason, status_changed_at)
      select l.organization_id, gen_random_uuid(), l.id, p.id, 'enrolled', '2026-07-01', 'worked example', now() ${pair}`);
    await db.query(`
      insert into tax_profiles (organization_id, id, location_id, form, legal_name, address, country, tax_id_sealed, tax_id_last4,
                                treaty_country, treaty_rate, treaty_accepted, signed_on, expires_on, status, submitted_at)
      select l.organization_id, gen_random_uuid(), l.id, 'W-8BEN-E', 'Hanbit Cloud Co.', '152 Teheran-ro, Seoul', 'KR', 'sealed-placeholder', '6789',
             'KR', 10, true, '2026-01-15', '2029-12-31', 'valid', now()
        from locations l where l.location_id = 'L-2000317'`);
    await db.query(`
      insert into payment_profiles (organization_id, id, name, bank_country, account_holder, scheme, account_sealed, account_last4,
                                    routing_number, bic, accepted_currencies, status, reviewed_at)
      select o.id, gen_random_uuid(), 'KRW account', 'KR', 'Hanbit Cloud Co.', 'bic', 'sealed-placeholder', '7890', null, 'SHBKKRSE', '{KRW}', 'approved', now()
        from organizations o where o.partner_id = 'P-1000317'`);
    await db.query(`
      insert into payout_assignments (organization_id, location_id, program_id, payment_profile_id, payout_currency)
      select l.organization_id, l.id, p.id, pp.id, 'KRW' ${pair.replace('from locations l, programs p', 'from locations l, programs p, payment_profiles pp')}
         and pp.organization_id = l.organization_id`);
  } finally {
    await db.close();
  }
}

describe('the worked example of earnings.md §5, through `accrue payments run` and `accrue export payments`', () => {
  it('pays 333520 KRW gross, 33352 withheld, 300168 net in the 2026-11 run; nothing in 2026-10; the same run when asked again', async () => {
    const env = await freshDatabaseEnv();
    const ok = async (args: string[]) => {
      const result = await runCli(['--json', ...args], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    await ok(['import', 'partners', fixture('partners.csv')]);
    await ok(['import', 'program', fixture('program.yaml')]);
    await makePayable(env);
    await ok(['import', 'billing', fixture('billing.csv')]);
    await ok(['import', 'fx', fixture('fx.csv')]);
    expect(await ok(['calculate'])).toMatchObject({ calculated: 3 });

    const exported = async (kind: 'payments' | 'holds', args: string[] = []) => {
      const result = await runCli(['export', kind, ...args, '--format', 'csv'], env);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.split('\r\n').slice(0, -1);
    };
    const paymentsHeader = 'payment_id,cycle,location_id,program_code,currency,gross,withholding,net,withholding_rate,fx_month,status';
    const holdsHeader = 'cycle,location_id,program_code,reasons,usd';

    // 2026-09 + 2 months: nothing is payable in the 2026-10 run.
    const october = await ok(['payments', 'run', '--cycle', '2026-10', '--date', '2026-10-05']);
    expect(october).toMatchObject({ cycle: '2026-10', status: 'upcoming', payments: 0, holds: 0, created: true });
    expect(await exported('payments', ['--cycle', '2026-10'])).toEqual([paymentsHeader]);

    const november = await ok(['payments', 'run', '--cycle', '2026-11', '--date', '2026-11-05']);
    expect(november).toMatchObject({ cycle: '2026-11', date: '2026-11-05', status: 'upcoming', payments: 1, holds: 0, created: true });
    const again = await ok(['payments', 'run', '--cycle', '2026-11']);
    expect(again).toEqual({ ...november, created: false });

    const rows = await exported('payments', ['--cycle', '2026-11']);
    expect(rows).toHaveLength(2);
    const id = rows[1]!.split(',')[0]!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(rows).toEqual([paymentsHeader, `${id},2026-11,L-2000317,CSP-REBATE,KRW,333520,33352,300168,0.10,2026-11,upcoming`]);
    expect(await exported('payments', ['--location', 'L-2000317'])).toEqual(rows);
    expect(await exported('holds')).toEqual([holdsHeader]);

    const human = await runCli(['payments', 'run', '--cycle', '2026-11'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Already there: the payment run of 2026-11 (${november.id}), upcoming: 1 payment(s), 0 group(s) held.`);

    // Usage errors exit 2, and run nothing.
    expect((await runCli(['payments', 'run'], env)).code).toBe(2);
    expect((await runCli(['payments', 'run', '--cycle', '2026-13'], env)).code).toBe(2);
    expect((await runCli(['payments', 'run', '--cycle', '2026-12', '--date', 'tomorrow'], env)).code).toBe(2);
    expect((await runCli(['export', 'holds', '--format', 'xlsx'], env)).code).toBe(2);
    const db = await openEnvDatabase(env);
    try {
      expect(await db.query(`select to_char(cycle, 'YYYY-MM') as cycle from payment_runs order by cycle`)).toEqual([{ cycle: '2026-10' }, { cycle: '2026-11' }]);
    } finally {
      await db.close();
    }
  }, 300_000); // Each command is a process of its own that opens the database.
});
