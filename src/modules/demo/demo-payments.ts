import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../http/env.ts';
import { systemActor, type Actor } from '../identity/actor.ts';
import { users } from '../identity/schema.ts';
import type { SessionRecord } from '../identity/sessions.ts';
import { locations } from '../partners/schema.ts';
import { approveRun, recordBankResults } from '../payments/lifecycle.ts';
import { runPayments } from '../payments/run.ts';
import { paymentDisputes, payments } from '../payments/schema.ts';
import { programs } from '../programs/schema.ts';
import { monthBefore } from './demo-billing.ts';

type DemoContext = Pick<AppContext, 'db'>;

const at = (date: string, time: string) => new Date(`${date}T${time}:00Z`);

async function people(ctx: DemoContext, emails: string[]): Promise<Map<string, Actor>> {
  const rows = await ctx.db.orm
    .select({ id: users.id, email: users.email, organizationId: users.organizationId, locale: users.locale })
    .from(users)
    .where(inArray(users.email, emails));
  return new Map(rows.map((u) => [u.email, { ...systemActor(), kind: 'user', userId: u.id, organizationId: u.organizationId, label: u.email, locale: u.locale }]));
}

/** The payment of a run for a location and program, by their public id and code. */
async function paymentOf(ctx: DemoContext, runId: string, locationId: string, programCode: string) {
  const [row] = await ctx.db.orm
    .select({ id: payments.id, organizationId: payments.organizationId })
    .from(payments)
    .innerJoin(locations, and(eq(locations.organizationId, payments.organizationId), eq(locations.id, payments.locationId)))
    .innerJoin(programs, eq(programs.id, payments.programId))
    .where(and(eq(payments.runId, runId), eq(locations.locationId, locationId), eq(programs.code, programCode)));
  if (!row) throw new Error(`The demo expected a payment of ${locationId} in ${programCode}`);
  return row;
}

/**
 * Last month's payment run, the cycle of the month before it (its FX rates arrived on the 3rd):
 * Finance ran it on the 5th, and a second Finance operator approved it that afternoon after
 * confirming their password (the loader acts as that operator, so it builds the session record
 * of a fresh re-authentication). The bank sent both payments on the 8th; Contoso's came back on
 * the 13th (its old account was closed), so it is Reversed and its earnings are payable again.
 * On the 20th 한빛클라우드's Incentive admin disputed the Sent payment; nobody has answered yet.
 */
export async function payDemoLastCycle(ctx: DemoContext, today: Date): Promise<void> {
  const month = monthBefore(today, 1);
  let clock = at(`${month}-05`, '09:40');
  const timed = { db: ctx.db, now: () => new Date(clock) };
  const who = await people(ctx, ['finance@accrue.example', 'finance.approver@accrue.example', 'incentive.admin@hanbit.example']);
  const finance = who.get('finance@accrue.example')!;
  const approver = who.get('finance.approver@accrue.example')!;

  const { run } = await runPayments(timed, finance, { cycle: monthBefore(today, 2), date: `${month}-05` });
  clock = at(`${month}-05`, '15:10');
  const session: SessionRecord = {
    tokenHash: 'demo',
    userId: approver.userId!,
    organizationId: null,
    stage: 'active',
    createdAt: at(`${month}-05`, '14:52'),
    lastSeenAt: clock,
    expiresAt: at(`${month}-05`, '22:52'),
    reauthenticatedAt: at(`${month}-05`, '15:08'),
  };
  await approveRun(timed, approver, session, run.id);

  const seoul = await paymentOf(ctx, run.id, 'L-2000317', 'CSP-DIRECT');
  const chicago = await paymentOf(ctx, run.id, 'L-2000003', 'CSP-INDIRECT');
  clock = at(`${month}-09`, '10:20');
  await recordBankResults(
    timed,
    finance,
    [seoul, chicago].map((p) => ({ paymentId: p.id, result: 'sent' as const, date: `${month}-08` })),
    `bank-results-${month}-08.csv`,
  );
  clock = at(`${month}-14`, '11:05');
  await recordBankResults(timed, finance, [{ paymentId: chicago.id, result: 'returned', date: `${month}-13`, reason: 'R02 Account closed' }], `bank-returns-${month}-13.csv`);

  const admin = who.get('incentive.admin@hanbit.example')!;
  await ctx.db.orm.insert(paymentDisputes).values({
    organizationId: seoul.organizationId,
    id: randomUUID(),
    paymentId: seoul.id,
    status: 'open',
    message: '입금된 금액이 저희 계산과 다릅니다. 이번 지급에 적용된 원/달러 환율과 기준 월을 알려 주시겠어요?',
    openedByUserId: admin.userId!,
    openedBy: admin.label,
    openedAt: at(`${month}-20`, '02:15'),
  });
}

/**
 * This month's run, of last month's cycle, made by Finance today and waiting for approval. Its
 * held groups show every reason not to pay: an enrollment not Enrolled (the closed FY26 program,
 * the discontinued pilot, Denver, Boston, Seattle), Denver's W-9 sent back, Seattle's CSP-DIRECT
 * without a payment profile, Contoso's hold and its returned payment, Seattle's negative balance
 * carried over, and Boston below the threshold.
 */
export async function runDemoCycle(ctx: DemoContext, today: Date): Promise<void> {
  const finance = (await people(ctx, ['finance@accrue.example'])).get('finance@accrue.example')!;
  await runPayments({ db: ctx.db, now: () => today }, finance, { cycle: monthBefore(today, 1), date: today.toISOString().slice(0, 10) });
}
