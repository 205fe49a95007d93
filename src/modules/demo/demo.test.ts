import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { systemActor } from '../identity/actor.ts';
import { organizationsWithOpenEnrollments, syncEnrollmentsWithProfiles } from '../profiles/completion.ts';
import { loadDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date());
  await loadDemo(t.ctx);
}, 120_000);
afterAll(() => t.close());

describe('the demo data set', () => {
  it('has tax profiles and payment profiles in every status', async () => {
    const tax = await t.db.query<{ status: string }>('select distinct status::text as status from tax_profiles order by 1');
    const month = new Date().getUTCMonth();
    // A form signed three years ago is Expiring soon in the last quarter of the year, Valid before.
    const expected = ['action_required', 'expired', ...(month >= 9 ? ['expiring_soon'] : []), 'pending_validation', 'valid'];
    expect(tax.map((r) => r.status)).toEqual(expected);
    const payment = await t.db.query<{ status: string; archived: boolean }>(
      'select distinct status::text as status, archived_at is not null as archived from payment_profiles order by 1, 2',
    );
    expect(payment).toEqual([
      { status: 'action_required', archived: false },
      { status: 'approved', archived: false },
      { status: 'approved', archived: true },
      { status: 'pending_validation', archived: false },
    ]);
    expect(await t.db.query("select 1 from bank_change_requests where status = 'pending'")).toHaveLength(1);
    expect(await t.db.query('select 1 from hold_changes')).toHaveLength(1);
  });

  it('keeps enrollments and profiles consistent: a sync moves nothing', async () => {
    let moved = 0;
    for (const organizationId of await organizationsWithOpenEnrollments(t.db.orm)) {
      moved += await t.db.orm.transaction((tx) => syncEnrollmentsWithProfiles(t.ctx, tx, systemActor(), organizationId, { reason: 'check' }));
    }
    expect(moved).toBe(0);
  });

  it('stores no account number or tax id in the clear', async () => {
    const rows = await t.db.query<{ row: string }>(
      "select t::text as row from tax_profiles t union all select p::text from payment_profiles p union all select b::text from bank_change_requests b",
    );
    const dump = rows.map((r) => r.row).join('\n');
    for (const secret of ['124-81-00998', '1248100998', '483920175', 'DE89370400440532013000', '9876543210', '04-3187265']) {
      expect(dump).not.toContain(secret);
    }
    expect(dump).toContain('v1.');
  });
});
