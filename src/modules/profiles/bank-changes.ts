import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { translate } from '../../i18n/catalogs.ts';
import type { Locale } from '../../i18n/locales.ts';
import { hashToken, newToken } from '../../security/tokens.ts';
import { recordAudit } from '../audit/audit.ts';
import { accountActor, type Actor } from '../identity/actor.ts';
import type { ClientInfo } from '../identity/auth.ts';
import { requireRecentAuthentication } from '../identity/api-tokens.ts';
import { activeRoleHolders, type Person } from '../identity/admins.ts';
import { users } from '../identity/schema.ts';
import type { SessionRecord } from '../identity/sessions.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { organizations } from '../partners/schema.ts';
import { syncEnrollmentsWithProfiles } from './completion.ts';
import { checkBankDetails, currencyErrors, distinctCurrencies, type BankDetailsInput } from './payment-details.ts';
import { changeView, profileOf, type BankChangeRow } from './payment-profiles.ts';
import { bankChangeRequests, paymentProfiles } from './schema.ts';
import { maskTail } from './validators.ts';

export const bankChangeLinkHours = 24;

export interface BankChangeInput extends BankDetailsInput {
  /** Absent: the request creates a new profile. */
  paymentProfileId?: string | undefined;
  name?: string | undefined;
  acceptedCurrencies?: string[] | undefined;
}

/** Who may confirm a change besides its requester: active Global admins and Incentive admins (any scope). */
export async function confirmingAdminsOf(tx: Orm, organizationId: string, requesterId: string): Promise<Person[]> {
  return (await activeRoleHolders(tx, organizationId, ['global_admin', 'incentive_admin'])).filter((p) => p.id !== requesterId);
}

const globalAdminsOf = (tx: Orm, organizationId: string) => activeRoleHolders(tx, organizationId, ['global_admin']);

const uniqueById = (people: Person[]) => [...new Map(people.map((p) => [p.id, p])).values()];

/**
 * An Incentive admin enters bank details (a new profile, or new details for one). Nothing changes
 * but the request: a second admin confirms it, or, where there is none, the mailed link does.
 * Every Global admin is told either way.
 */
export async function requestBankChange(ctx: AppContext, actor: Actor, session: SessionRecord | null, input: BankChangeInput) {
  requireRecentAuthentication(session, ctx.now());
  const organizationId = actor.organizationId!;
  const result = await ctx.db.orm.transaction(async (tx) => {
    const existing = input.paymentProfileId ? await profileOf(tx, organizationId, input.paymentProfileId, { lock: true }) : null;
    const extra = [
      ...(!existing && !input.name?.trim() ? [{ field: 'body.name', rule: 'required', message: 'is required for a new profile' }] : []),
      ...(input.acceptedCurrencies ? currencyErrors(input.acceptedCurrencies) : existing ? [] : currencyErrors([])),
    ];
    const details = checkBankDetails(input, extra);
    if (existing?.archivedAt) {
      throw new AppError('conflict', 'The payment profile is archived; restore it first.', { messageKey: 'payments:archivedRefused' });
    }
    if (existing) {
      const [open] = await tx
        .select({ id: bankChangeRequests.id })
        .from(bankChangeRequests)
        .where(and(eq(bankChangeRequests.organizationId, organizationId), eq(bankChangeRequests.paymentProfileId, existing.id), eq(bankChangeRequests.status, 'pending')));
      if (open) {
        throw new AppError('conflict', 'A change of these bank details already waits for confirmation; confirm or cancel it first.', {
          messageKey: 'payments:changePending',
        });
      }
    }
    const now = ctx.now();
    const others = await confirmingAdminsOf(tx, organizationId, actor.userId!);
    const token = others.length === 0 ? newToken() : null;
    const row: BankChangeRow = {
      organizationId,
      id: randomUUID(),
      paymentProfileId: existing?.id ?? null,
      name: input.name?.trim() || existing!.name,
      bankCountry: details.bankCountry,
      accountHolder: details.accountHolder,
      scheme: details.scheme,
      accountSealed: ctx.encryptor.seal(details.account),
      accountLast4: details.accountLast4,
      routingNumber: details.routingNumber,
      bic: details.bic,
      acceptedCurrencies: input.acceptedCurrencies ? distinctCurrencies(input.acceptedCurrencies) : existing!.acceptedCurrencies,
      status: 'pending',
      requestedBy: actor.userId!,
      requestedAt: now,
      tokenHash: token ? hashToken(token) : null,
      tokenExpiresAt: token ? new Date(now.getTime() + bankChangeLinkHours * 3_600_000) : null,
      decidedBy: null,
      decidedVia: null,
      decidedAt: null,
    };
    await tx.insert(bankChangeRequests).values(row);
    await recordAudit(tx, actor, {
      action: 'bank_change.requested',
      organizationId,
      targetType: 'bank_change_request',
      targetId: row.id,
      before: existing ? { paymentProfileId: existing.id, bankCountry: existing.bankCountry, accountLast4: existing.accountLast4 } : undefined,
      after: { paymentProfileId: row.paymentProfileId, name: row.name, bankCountry: row.bankCountry, scheme: row.scheme, accountLast4: row.accountLast4, confirmation: token ? 'link' : 'admin' },
    });
    const globalAdmins = await globalAdminsOf(tx, organizationId);
    const [requester] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, actor.userId!));
    const recipients = token ? uniqueById([{ id: actor.userId!, ...requester!, locale: actor.locale ?? 'en' }, ...globalAdmins]) : uniqueById([...others, ...globalAdmins]);
    const [organization] = await tx.select({ name: organizations.legalName }).from(organizations).where(eq(organizations.id, organizationId));
    for (const person of recipients) {
      await enqueueMail(tx, ctx.encryptor, {
        eventKey: `bank_change_requested:${row.id}:${person.id}`,
        organizationId,
        to: { email: person.email, name: person.name, locale: person.locale as Locale },
        template: 'bank_change_requested',
        values: {
          recipientName: person.name,
          organizationName: organization!.name,
          requesterName: requester!.name,
          profileName: row.name,
          accountMasked: maskTail(row.accountLast4),
          link: token ? `${ctx.config.baseUrl}/confirm-bank-change#${token}` : `${ctx.config.baseUrl}/payment-profiles`,
          validHours: token ? bankChangeLinkHours : null,
        },
      });
    }
    return { change: changeView(row, requester!, actor), confirmation: token ? ('link' as const) : ('admin' as const) };
  });
  ctx.wakeMail();
  return result;
}

const notPending = () =>
  new AppError('conflict', 'This bank change is no longer waiting for confirmation.', { messageKey: 'payments:changeNotPending' });

/** The pending request, locked; 404 outside the organization, 409 once decided. */
async function pendingRequest(tx: Orm, organizationId: string, id: string) {
  const [row] = await tx
    .select()
    .from(bankChangeRequests)
    .where(and(eq(bankChangeRequests.organizationId, organizationId), eq(bankChangeRequests.id, id)))
    .for('update');
  if (!row) throw AppError.notFound('bank change');
  if (row.status !== 'pending') throw notPending();
  return row;
}

/**
 * Applies a confirmed change in the caller's transaction: the profile is created or its bank
 * details replaced, back to Pending validation (any approval is void), and the Global admins told.
 */
async function applyChange(ctx: AppContext, tx: Orm, actor: Actor, row: BankChangeRow, via: 'admin' | 'link', confirmedBy: (locale: Locale) => string) {
  const now = ctx.now();
  const bank = {
    bankCountry: row.bankCountry,
    accountHolder: row.accountHolder,
    scheme: row.scheme,
    accountSealed: row.accountSealed,
    accountLast4: row.accountLast4,
    routingNumber: row.routingNumber,
    bic: row.bic,
  };
  const shown = (p: { bankCountry: string; accountHolder: string; scheme: string; accountLast4: string; routingNumber: string | null; bic: string | null }) => ({
    bankCountry: p.bankCountry,
    accountHolder: p.accountHolder,
    scheme: p.scheme,
    accountLast4: p.accountLast4,
    routingNumber: p.routingNumber,
    bic: p.bic,
  });
  let profileId = row.paymentProfileId;
  if (profileId) {
    const profile = await profileOf(tx, row.organizationId, profileId, { lock: true });
    await tx
      .update(paymentProfiles)
      .set({ ...bank, status: 'pending_validation', statusReason: null, reviewedBy: null, reviewedAt: null, version: profile.version + 1, updatedAt: now })
      .where(and(eq(paymentProfiles.organizationId, row.organizationId), eq(paymentProfiles.id, profileId)));
    await recordAudit(tx, actor, {
      action: 'payment_profile.updated',
      organizationId: row.organizationId,
      targetType: 'payment_profile',
      targetId: profileId,
      before: { ...shown(profile), status: profile.status, version: profile.version },
      after: { ...shown(row), status: 'pending_validation', version: profile.version + 1, bankChangeRequestId: row.id },
    });
  } else {
    profileId = randomUUID();
    await tx.insert(paymentProfiles).values({
      organizationId: row.organizationId,
      id: profileId,
      name: row.name,
      ...bank,
      acceptedCurrencies: row.acceptedCurrencies,
      status: 'pending_validation',
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'payment_profile.created',
      organizationId: row.organizationId,
      targetType: 'payment_profile',
      targetId: profileId,
      after: { name: row.name, ...shown(row), acceptedCurrencies: row.acceptedCurrencies, status: 'pending_validation', bankChangeRequestId: row.id },
    });
  }
  const decided = await tx
    .update(bankChangeRequests)
    .set({ status: 'confirmed', paymentProfileId: profileId, decidedBy: via === 'admin' ? actor.userId : null, decidedVia: via, decidedAt: now })
    .where(and(eq(bankChangeRequests.organizationId, row.organizationId), eq(bankChangeRequests.id, row.id), eq(bankChangeRequests.status, 'pending')))
    .returning({ id: bankChangeRequests.id });
  if (decided.length !== 1) throw notPending();
  await recordAudit(tx, actor, {
    action: 'bank_change.confirmed',
    organizationId: row.organizationId,
    targetType: 'bank_change_request',
    targetId: row.id,
    before: { status: 'pending' },
    after: { status: 'confirmed', via, paymentProfileId: profileId, accountLast4: row.accountLast4 },
  });
  const [requester] = await tx.select({ name: users.name }).from(users).where(eq(users.id, row.requestedBy));
  const [organization] = await tx.select({ name: organizations.legalName }).from(organizations).where(eq(organizations.id, row.organizationId));
  for (const person of await globalAdminsOf(tx, row.organizationId)) {
    const locale = person.locale as Locale;
    await enqueueMail(tx, ctx.encryptor, {
      eventKey: `bank_change_applied:${row.id}:${person.id}`,
      organizationId: row.organizationId,
      to: { email: person.email, name: person.name, locale },
      template: 'bank_change_applied',
      values: {
        recipientName: person.name,
        organizationName: organization!.name,
        requesterName: requester?.name ?? '',
        confirmedBy: confirmedBy(locale),
        profileName: row.name,
        accountMasked: maskTail(row.accountLast4),
        link: `${ctx.config.baseUrl}/payment-profiles`,
      },
    });
  }
  await syncEnrollmentsWithProfiles(ctx, tx, actor, row.organizationId, { reason: 'payment profile changed' });
  return profileId;
}

/** A second admin of the organization confirms (never the requester; re-authenticated). */
export async function confirmBankChange(ctx: AppContext, actor: Actor, session: SessionRecord | null, id: string) {
  requireRecentAuthentication(session, ctx.now());
  const profileId = await ctx.db.orm.transaction(async (tx) => {
    const row = await pendingRequest(tx, actor.organizationId!, id);
    if (row.requestedBy === actor.userId) {
      throw new AppError('forbidden', 'Another admin of your organization has to confirm the bank details you entered.', { messageKey: 'payments:ownRequest' });
    }
    const [me] = await tx.select({ name: users.name }).from(users).where(eq(users.id, actor.userId!));
    return applyChange(ctx, tx, actor, row, 'admin', () => me?.name ?? actor.label);
  });
  ctx.wakeMail();
  return { paymentProfileId: profileId };
}

/** The requester or another admin withdraws a pending change; nothing else changes. */
export async function cancelBankChange(ctx: AppContext, actor: Actor, id: string) {
  await ctx.db.orm.transaction(async (tx) => {
    const row = await pendingRequest(tx, actor.organizationId!, id);
    const via = row.requestedBy === actor.userId ? 'requester' : 'admin';
    await tx
      .update(bankChangeRequests)
      .set({ status: 'cancelled', decidedBy: actor.userId, decidedVia: via, decidedAt: ctx.now() })
      .where(and(eq(bankChangeRequests.organizationId, row.organizationId), eq(bankChangeRequests.id, row.id), eq(bankChangeRequests.status, 'pending')));
    await recordAudit(tx, actor, {
      action: 'bank_change.cancelled',
      organizationId: row.organizationId,
      targetType: 'bank_change_request',
      targetId: row.id,
      before: { status: 'pending' },
      after: { status: 'cancelled', via, accountLast4: row.accountLast4 },
    });
  });
}

const invalidLink = () =>
  new AppError('not_found', 'This link is not valid any more: it was used, it expired, or the change was cancelled.', { messageKey: 'payments:linkInvalid' });

/** The pending change behind a mailed link, if the link is unused and unexpired. */
async function changeByToken(tx: Orm, token: string, now: Date, lock = false) {
  const query = tx
    .select({ change: bankChangeRequests, requesterName: users.name, requesterEmail: users.email, organizationName: organizations.legalName })
    .from(bankChangeRequests)
    .innerJoin(users, eq(users.id, bankChangeRequests.requestedBy))
    .innerJoin(organizations, eq(organizations.id, bankChangeRequests.organizationId))
    .where(and(eq(bankChangeRequests.tokenHash, hashToken(token)), eq(bankChangeRequests.status, 'pending'), sql`${bankChangeRequests.tokenExpiresAt} > ${now}`));
  const [row] = lock ? await query.for('update', { of: bankChangeRequests }) : await query;
  if (!row) throw invalidLink();
  return row;
}

/** What a mailed link would confirm, masked; 404 when it is used, expired or unknown. */
export async function checkBankChangeLink(ctx: AppContext, token: string) {
  const row = await changeByToken(ctx.db.orm, token, ctx.now());
  const c = row.change;
  let current: { accountMasked: string; bankCountry: string } | null = null;
  if (c.paymentProfileId) {
    const [profile] = await ctx.db.orm
      .select({ last4: paymentProfiles.accountLast4, bankCountry: paymentProfiles.bankCountry })
      .from(paymentProfiles)
      .where(and(eq(paymentProfiles.organizationId, c.organizationId), eq(paymentProfiles.id, c.paymentProfileId)));
    if (profile) current = { accountMasked: maskTail(profile.last4), bankCountry: profile.bankCountry };
  }
  return {
    organizationName: row.organizationName,
    requestedBy: { name: row.requesterName, email: row.requesterEmail },
    requestedAt: c.requestedAt,
    expiresAt: c.tokenExpiresAt!,
    name: c.name,
    bankCountry: c.bankCountry,
    accountHolder: c.accountHolder,
    scheme: c.scheme,
    accountMasked: maskTail(c.accountLast4),
    routingNumber: c.routingNumber,
    bic: c.bic,
    acceptedCurrencies: c.acceptedCurrencies,
    current,
  };
}

/** Following the mailed link confirms the change, once, within 24 hours. */
export async function confirmBankChangeByLink(ctx: AppContext, token: string, client: ClientInfo) {
  const profileId = await ctx.db.orm.transaction(async (tx) => {
    const row = await changeByToken(tx, token, ctx.now(), true);
    // Whoever holds the link acts; the audit names the link, not a person.
    const actor = accountActor({ id: null, email: 'bank change confirmation link', organizationId: row.change.organizationId }, client);
    return applyChange(ctx, tx, actor, row.change, 'link', (locale) => translate(locale, 'payments:confirmedByLink'));
  });
  ctx.wakeMail();
  return { paymentProfileId: profileId };
}
