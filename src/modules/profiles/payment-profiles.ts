import { and, asc, count, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { requireRecentAuthentication } from '../identity/api-tokens.ts';
import { can, type Actor } from '../identity/actor.ts';
import type { SessionRecord } from '../identity/sessions.ts';
import { users } from '../identity/schema.ts';
import { currencyErrors, distinctCurrencies } from './payment-details.ts';
import { bankChangeRequests, paymentProfiles, payoutAssignments } from './schema.ts';
import { maskTail } from './validators.ts';

export type PaymentProfileRow = typeof paymentProfiles.$inferSelect;
export type BankChangeRow = typeof bankChangeRequests.$inferSelect;

/** The bank details of a profile or a request, the account masked to its last 4. */
function bankDetailsView(row: PaymentProfileRow | BankChangeRow) {
  return {
    name: row.name,
    bankCountry: row.bankCountry,
    accountHolder: row.accountHolder,
    scheme: row.scheme,
    accountMasked: maskTail(row.accountLast4),
    routingNumber: row.routingNumber,
    bic: row.bic,
    acceptedCurrencies: row.acceptedCurrencies,
  };
}

/** A pending bank change as partners see it: masked, with who asked and what the reader may do. */
export function changeView(row: BankChangeRow, requester: { name: string; email: string } | null, actor: Actor) {
  const manage = can(actor, 'incentives.manage') && actor.organizationId === row.organizationId;
  return {
    id: row.id,
    paymentProfileId: row.paymentProfileId,
    ...bankDetailsView(row),
    status: row.status,
    requestedAt: row.requestedAt,
    requestedBy: requester,
    /** `link`: only the mailed link confirms it (the organization had no second admin). */
    confirmation: row.tokenHash ? ('link' as const) : ('admin' as const),
    linkExpiresAt: row.tokenExpiresAt,
    canConfirm: manage && row.status === 'pending' && row.requestedBy !== actor.userId,
    canCancel: manage && row.status === 'pending',
  };
}

export type ChangeView = ReturnType<typeof changeView>;

/** A payment profile as partners and operators see it: the account masked to its last 4. */
export function profileView(row: PaymentProfileRow) {
  return {
    id: row.id,
    ...bankDetailsView(row),
    status: row.status,
    statusReason: row.statusReason,
    version: row.version,
    archived: row.archivedAt !== null,
    archivedAt: row.archivedAt,
    reviewedAt: row.reviewedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The organization's pending bank changes with their requesters, oldest first. */
export async function pendingChanges(orm: Orm, organizationId: string) {
  return orm
    .select({ change: bankChangeRequests, requesterName: users.name, requesterEmail: users.email })
    .from(bankChangeRequests)
    .innerJoin(users, eq(users.id, bankChangeRequests.requestedBy))
    .where(and(eq(bankChangeRequests.organizationId, organizationId), eq(bankChangeRequests.status, 'pending')))
    .orderBy(asc(bankChangeRequests.requestedAt), asc(bankChangeRequests.id));
}

async function assignmentCounts(orm: Orm, organizationId: string) {
  const rows = await orm
    .select({ id: payoutAssignments.paymentProfileId, n: count() })
    .from(payoutAssignments)
    .where(and(eq(payoutAssignments.organizationId, organizationId), isNotNull(payoutAssignments.paymentProfileId)))
    .groupBy(payoutAssignments.paymentProfileId);
  return new Map(rows.map((r) => [r.id!, Number(r.n)]));
}

/**
 * The organization's payment profiles (archived last), each with its pending bank change, and the
 * pending requests for new profiles.
 */
export async function listPaymentProfiles(ctx: AppContext, actor: Actor) {
  const organizationId = actor.organizationId!;
  const [rows, changes, assigned] = await Promise.all([
    ctx.db.orm
      .select()
      .from(paymentProfiles)
      .where(eq(paymentProfiles.organizationId, organizationId))
      .orderBy(sql`${paymentProfiles.archivedAt} is not null`, asc(paymentProfiles.name), asc(paymentProfiles.id)),
    pendingChanges(ctx.db.orm, organizationId),
    assignmentCounts(ctx.db.orm, organizationId),
  ]);
  const viewOf = (c: (typeof changes)[number]) => changeView(c.change, { name: c.requesterName, email: c.requesterEmail }, actor);
  return {
    profiles: rows.map((row) => {
      const change = changes.find((c) => c.change.paymentProfileId === row.id);
      return { ...profileView(row), assignments: assigned.get(row.id) ?? 0, pendingChange: change ? viewOf(change) : null };
    }),
    newProfileRequests: changes.filter((c) => c.change.paymentProfileId === null).map(viewOf),
  };
}

/** One profile of the caller's organization; anything else is 404. */
export async function profileOf(orm: Orm, organizationId: string, id: string, options: { lock?: boolean } = {}) {
  const query = orm
    .select()
    .from(paymentProfiles)
    .where(and(eq(paymentProfiles.organizationId, organizationId), eq(paymentProfiles.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('payment profile');
  return row;
}

export async function getPaymentProfile(ctx: AppContext, actor: Actor, id: string, orm: Orm = ctx.db.orm) {
  const organizationId = actor.organizationId!;
  const row = await profileOf(orm, organizationId, id);
  const change = (await pendingChanges(orm, organizationId)).find((c) => c.change.paymentProfileId === id);
  const assigned = await assignmentCounts(orm, organizationId);
  return {
    ...profileView(row),
    assignments: assigned.get(id) ?? 0,
    pendingChange: change ? changeView(change.change, { name: change.requesterName, email: change.requesterEmail }, actor) : null,
  };
}

/**
 * The edit form's view: the one place the full IBAN or account number is shown. Needs a recent
 * re-authentication; every reading is audited.
 */
export async function getPaymentProfileForEdit(ctx: AppContext, actor: Actor, session: SessionRecord | null, id: string) {
  requireRecentAuthentication(session, ctx.now());
  return ctx.db.orm.transaction(async (tx) => {
    const row = await profileOf(tx, actor.organizationId!, id);
    await recordAudit(tx, actor, {
      action: 'payment_profile.unmasked_viewed',
      organizationId: row.organizationId,
      targetType: 'payment_profile',
      targetId: row.id,
      after: { accountLast4: row.accountLast4, purpose: 'edit' },
    });
    return { ...profileView(row), account: ctx.encryptor.open(row.accountSealed) };
  });
}

const changedMeanwhile = () =>
  new AppError('conflict', 'The payment profile was changed meanwhile; reload it and try again.', { messageKey: 'payments:changedMeanwhile' });

/** An Incentive admin renames a profile or changes its accepted currencies (not its bank details). */
export async function updatePaymentProfile(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { expectedVersion: number; name?: string | undefined; acceptedCurrencies?: string[] | undefined },
) {
  const name = input.name?.trim();
  const errors = [
    ...(input.name !== undefined && !name ? [{ field: 'body.name', rule: 'required', message: 'is required' }] : []),
    ...(input.acceptedCurrencies ? currencyErrors(input.acceptedCurrencies) : []),
  ];
  return ctx.db.orm.transaction(async (tx) => {
    const row = await profileOf(tx, actor.organizationId!, id, { lock: true });
    if (errors.length) throw AppError.validation(errors);
    if (row.version !== input.expectedVersion) throw changedMeanwhile();
    const currencies = input.acceptedCurrencies ? distinctCurrencies(input.acceptedCurrencies) : row.acceptedCurrencies;
    const dropped = row.acceptedCurrencies.filter((c) => !currencies.includes(c));
    if (dropped.length) {
      const [inUse] = await tx
        .select({ currency: payoutAssignments.payoutCurrency })
        .from(payoutAssignments)
        .where(
          and(
            eq(payoutAssignments.organizationId, row.organizationId),
            eq(payoutAssignments.paymentProfileId, row.id),
            sql`${payoutAssignments.payoutCurrency} = any(${sql.param(dropped)}::text[])`,
          ),
        )
        .limit(1);
      if (inUse) {
        throw new AppError('conflict', `${inUse.currency} is the payout currency of an assignment of this profile.`, {
          messageKey: 'payments:currencyInUse',
          params: { currency: inUse.currency! },
        });
      }
    }
    const next = { name: name ?? row.name, acceptedCurrencies: currencies };
    await tx
      .update(paymentProfiles)
      .set({ ...next, version: row.version + 1, updatedAt: ctx.now() })
      .where(and(eq(paymentProfiles.organizationId, row.organizationId), eq(paymentProfiles.id, row.id)));
    await recordAudit(tx, actor, {
      action: 'payment_profile.updated',
      organizationId: row.organizationId,
      targetType: 'payment_profile',
      targetId: row.id,
      before: { name: row.name, acceptedCurrencies: row.acceptedCurrencies, version: row.version },
      after: { ...next, version: row.version + 1 },
    });
    return getPaymentProfile(ctx, actor, id, tx);
  });
}

/** Archives a profile no assignment uses (refused with 409 otherwise), or restores one. */
export async function setPaymentProfileArchived(ctx: AppContext, actor: Actor, id: string, archived: boolean) {
  return ctx.db.orm.transaction(async (tx) => {
    const row = await profileOf(tx, actor.organizationId!, id, { lock: true });
    if ((row.archivedAt !== null) === archived) {
      throw new AppError('conflict', archived ? 'The payment profile is already archived.' : 'The payment profile is not archived.', {
        messageKey: archived ? 'payments:alreadyArchived' : 'payments:notArchived',
      });
    }
    if (archived) {
      const [used] = await tx
        .select({ n: count() })
        .from(payoutAssignments)
        .where(and(eq(payoutAssignments.organizationId, row.organizationId), eq(payoutAssignments.paymentProfileId, row.id)));
      const n = Number(used?.n ?? 0);
      if (n > 0) {
        throw new AppError('conflict', `The payment profile pays ${n} location(s) and program(s); assign them another profile first.`, {
          messageKey: 'payments:archiveInUse',
          params: { count: n },
        });
      }
    }
    const at = archived ? ctx.now() : null;
    await tx
      .update(paymentProfiles)
      .set({ archivedAt: at, version: row.version + 1, updatedAt: ctx.now() })
      .where(and(eq(paymentProfiles.organizationId, row.organizationId), eq(paymentProfiles.id, row.id), archived ? isNull(paymentProfiles.archivedAt) : isNotNull(paymentProfiles.archivedAt)));
    await recordAudit(tx, actor, {
      action: archived ? 'payment_profile.archived' : 'payment_profile.updated',
      organizationId: row.organizationId,
      targetType: 'payment_profile',
      targetId: row.id,
      before: { archived: row.archivedAt !== null, version: row.version },
      after: { archived, version: row.version + 1 },
    });
    return getPaymentProfile(ctx, actor, id, tx);
  });
}
