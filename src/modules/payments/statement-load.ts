import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { scopeAndFilters, type EarningsReader } from '../earnings/reader.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import type { Statement, StatementLine } from './statement.ts';

/**
 * The statement of one payment the reader may see, from what the run recorded: its linked
 * earnings (also those of a payment later rejected or returned), its amounts per source currency
 * and its totals, exactly as stored. Another organization's payment is not found.
 */
export async function loadStatement(ctx: Pick<AppContext, 'db'>, reader: EarningsReader, paymentId: string): Promise<Statement> {
  const [p] = rowsOf<{
    organization_id: string;
    cycle: string;
    status: Statement['status'];
    legal_name: string;
    location_code: string;
    location_name: string;
    program_code: string;
    program_names: ProgramFile['name'];
    payout_currency: string;
    profile_name: string | null;
    account_last4: string | null;
    fx_month: string;
    gross: string;
    withholding_rate: string;
    withholding: string;
    net: string;
    created_at: Date | string;
    sent_at: Date | string | null;
  }>(
    await ctx.db.orm.execute(sql`select p.organization_id, to_char(p.cycle, 'YYYY-MM') as cycle, p.status::text as status, o.legal_name,
        l.location_id as location_code, l.name as location_name, pr.code as program_code, pv.definition->'name' as program_names,
        p.payout_currency, pp.name as profile_name, pp.account_last4, to_char(p.fx_month, 'YYYY-MM') as fx_month,
        p.gross::text as gross, p.withholding_rate::text as withholding_rate, p.withholding::text as withholding, p.net::text as net, p.created_at,
        (select max(ev.at) from payment_events ev where ev.organization_id = p.organization_id and ev.payment_id = p.id and ev.status = 'sent') as sent_at
       from payments p
       join organizations o on o.id = p.organization_id
       join locations l on l.organization_id = p.organization_id and l.id = p.location_id
       join programs pr on pr.id = p.program_id
       join program_versions pv on pv.program_id = pr.id and pv.version = pr.current_version
       left join payment_profiles pp on pp.organization_id = p.organization_id and pp.id = p.payment_profile_id
      where p.id = ${paymentId} and p.status <> 'discarded' and ${scopeAndFilters(reader, {}, 'p')}`),
  );
  if (!p) throw AppError.notFound('payment');
  const conversions = rowsOf<{ currency: string; sum: string; units_per_usd: string; payout_units_per_usd: string; converted: string }>(
    await ctx.db.orm.execute(sql`select currency, sum::text as sum, units_per_usd::text as units_per_usd, payout_units_per_usd::text as payout_units_per_usd, converted::text as converted
       from payment_amounts where organization_id = ${p.organization_id} and payment_id = ${paymentId} order by currency`),
  );
  const lines = rowsOf<{ id: string; line_id: string | null; billed_month: string; lever_code: string; kind: StatementLine['kind']; reason: string | null; currency: string; amount: string | null; rate: string | null; earning: string }>(
    await ctx.db.orm.execute(sql`select e.id, e.line_id, to_char(e.billed_month, 'YYYY-MM') as billed_month, e.lever_code, e.kind::text as kind, e.reason,
        e.currency, e.amount::text as amount, e.rate::text as rate, e.earning::text as earning
       from payment_earnings pe join earnings e on e.organization_id = pe.organization_id and e.id = pe.earning_id
      where pe.organization_id = ${p.organization_id} and pe.payment_id = ${paymentId}
      order by e.billed_month, e.line_id nulls last, e.lever_code, e.id`),
  );
  return {
    paymentId,
    cycle: p.cycle,
    status: p.status,
    organizationName: p.legal_name,
    locationCode: p.location_code,
    locationName: p.location_name,
    programCode: p.program_code,
    programName: p.program_names[reader.locale] ?? p.program_names.en,
    payoutCurrency: p.payout_currency,
    paymentProfileName: p.profile_name,
    accountLast4: p.account_last4,
    fxMonth: p.fx_month,
    conversions: conversions.map((c) => ({ currency: c.currency, sum: c.sum, unitsPerUsd: c.units_per_usd, payoutUnitsPerUsd: c.payout_units_per_usd, converted: c.converted })),
    lines: lines.map((l) => ({
      earningId: l.id,
      lineId: l.line_id,
      billedMonth: l.billed_month,
      leverCode: l.lever_code,
      kind: l.kind,
      reason: l.reason,
      currency: l.currency,
      amount: l.amount,
      rate: l.rate,
      earning: l.earning,
    })),
    gross: p.gross,
    withholdingRate: p.withholding_rate,
    withholding: p.withholding,
    net: p.net,
    createdAt: new Date(p.created_at).toISOString(),
    sentAt: p.sent_at === null ? null : new Date(p.sent_at).toISOString(),
  };
}
