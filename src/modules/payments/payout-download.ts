import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import type { BankScheme } from '../profiles/schema.ts';
import { payoutCsv, sepaCreditTransfer, splitTransfers, type PayoutTransfer } from './payout-files.ts';
import { findRun, transferStatuses } from './run-queries.ts';

export const payoutFileKinds = ['sepa.xml', 'transfers.csv'] as const;
export type PayoutFileKind = (typeof payoutFileKinds)[number];

export interface PayoutFile {
  fileName: string;
  contentType: string;
  content: string;
  transfers: number;
}

/** The SEPA message id of a run: its cycle and the first 80 bits of its id, 35 characters. */
export function sepaMessageId(runId: string, cycle: string): string {
  return `ACCRUE-${cycle.slice(0, 7)}-${runId.replace(/-/g, '').slice(0, 20).toUpperCase()}`;
}

/**
 * The transfers of an approved run: its payments In progress or Sent, each with the bank details
 * of its payment profile opened for the file (they are never stored in clear).
 */
async function transfersOf(ctx: Pick<AppContext, 'db' | 'encryptor'>, runId: string, cycle: string): Promise<PayoutTransfer[]> {
  const rows = rowsOf<{
    id: string; net: string; currency: string; holder: string; scheme: BankScheme; bank_country: string; sealed: string;
    routing: string | null; bic: string | null; location_id: string; code: string;
  }>(
    await ctx.db.orm.execute(sql`
      select p.id, p.net::text as net, p.payout_currency as currency, pp.account_holder as holder, pp.scheme, pp.bank_country,
             pp.account_sealed as sealed, pp.routing_number as routing, pp.bic, l.location_id, pr.code
        from payments p
        join payment_profiles pp on pp.organization_id = p.organization_id and pp.id = p.payment_profile_id
        join locations l on l.organization_id = p.organization_id and l.id = p.location_id
        join programs pr on pr.id = p.program_id
       where p.run_id = ${runId} and p.status in (${sql.join(transferStatuses.map((s) => sql`${s}`), sql`, `)})
       order by l.location_id, pr.code, p.id`),
  );
  return rows.map((r) => {
    const account = ctx.encryptor.open(r.sealed);
    return {
      paymentId: r.id,
      amount: r.net,
      currency: r.currency,
      creditor: {
        name: r.holder,
        iban: r.scheme === 'iban' ? account : null,
        bic: r.bic,
        accountNumber: r.scheme === 'iban' ? null : account,
        routingNumber: r.routing,
        bankCountry: r.bank_country,
        scheme: r.scheme,
      },
      remittance: `Accrue ${r.code} ${cycle} ${r.location_id}`,
    };
  });
}

/**
 * One payout file of an approved run, made now from its payments: the SEPA credit transfer
 * (pain.001.001.09) of its EUR payments to SEPA IBANs, or the CSV of all others. It carries
 * unmasked bank details, so each download is audited with the file and its number of transfers.
 * A run with no transfer for that file has no such file (not found).
 */
export async function downloadPayoutFile(ctx: Pick<AppContext, 'db' | 'encryptor' | 'config'>, actor: Actor, runId: string, kind: PayoutFileKind): Promise<PayoutFile> {
  const run = await findRun(ctx, runId);
  if (run.status !== 'approved' || !run.approvedAt) {
    throw new AppError('conflict', 'Payout files are made once the run is approved.', { messageKey: 'payruns:error.notApproved' });
  }
  const cycle = run.cycle.slice(0, 7);
  const { sepa, other } = splitTransfers(await transfersOf(ctx, run.id, cycle));
  const transfers = kind === 'sepa.xml' ? sepa : other;
  if (transfers.length === 0) throw new AppError('not_found', `This run has no transfers for ${kind}.`, { messageKey: 'payruns:error.noTransfers' });
  const content =
    kind === 'sepa.xml'
      ? sepaCreditTransfer({
          messageId: sepaMessageId(run.id, cycle),
          createdAt: run.approvedAt,
          executionDate: run.approvedAt.toISOString().slice(0, 10),
          debtor: ctx.config.payer,
          transfers,
        })
      : payoutCsv({ runId: run.id, cycle, transfers });
  await recordAudit(ctx.db.orm, actor, {
    action: 'payment_run.payout_file_downloaded',
    organizationId: null,
    targetType: 'payment_run',
    targetId: run.id,
    after: { file: kind, transfers: transfers.length, cycle },
  });
  return {
    fileName: `payments-${cycle}-${kind === 'sepa.xml' ? 'sepa.xml' : 'transfers.csv'}`,
    contentType: kind === 'sepa.xml' ? 'application/xml; charset=utf-8' : 'text/csv; charset=utf-8',
    content,
    transfers: transfers.length,
  };
}
