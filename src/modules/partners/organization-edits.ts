import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import type { Actor } from '../identity/actor.ts';
import { users } from '../identity/schema.ts';
import { inviteFirstGlobalAdmin } from '../identity/users.ts';
import { organizationView } from './directory.ts';
import { FieldProblems, lockPartnerWrites, nextPublicId, organizationForChange, recordInputChange } from './edits.ts';
import { organizations } from './schema.ts';

export interface NewPartner {
  /** Given, or the next `P-` number. */
  partnerId?: string;
  legalName: string;
  country: string;
  language: Locale;
  /** Becomes the organization's first Global admin, invited by email. */
  adminEmail?: string;
  adminName?: string;
}

export interface PartnerChanges {
  legalName?: string;
  country?: string;
  language?: Locale;
}

/** Creates a partner organization, and optionally invites its first Global admin. Returns its partner id. */
export async function createPartner(ctx: AppContext, actor: Actor, input: NewPartner): Promise<string> {
  const problems = new FieldProblems();
  problems.country('body.country', input.country);
  if (input.adminEmail && !input.adminName) problems.add('body.adminName', 'required', 'is required with adminEmail');
  if (input.adminName && !input.adminEmail) problems.add('body.adminEmail', 'required', 'is required with adminName');
  problems.throwIfAny();
  const admin = input.adminEmail && input.adminName ? { email: input.adminEmail, name: input.adminName, locale: input.language } : null;

  const partnerId = await ctx.db.orm.transaction(async (tx) => {
    await lockPartnerWrites(tx);
    const taken = async (id: string) =>
      (await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.partnerId, id))).length > 0;
    if (input.partnerId && (await taken(input.partnerId))) {
      throw new AppError('conflict', `${input.partnerId} is already the id of another partner.`, {
        messageKey: 'partners:problem.partnerIdTaken',
        params: { partnerId: input.partnerId },
      });
    }
    if (admin) {
      const [user] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${admin.email.toLowerCase()}`);
      if (user) throw AppError.validation([{ field: 'body.adminEmail', rule: 'email_taken', message: 'is already used by another account' }]);
    }
    const id = input.partnerId ?? (await nextPublicId(tx, 'organization_number_seq', 'P-', taken));
    const organizationId = randomUUID();
    const [org] = await tx
      .insert(organizations)
      .values({ id: organizationId, partnerId: id, legalName: input.legalName, country: input.country, language: input.language })
      .returning();
    if (admin) await inviteFirstGlobalAdmin(ctx, tx, actor, organizationId, admin);
    await recordInputChange(tx, actor, {
      action: 'partner.created',
      organizationId,
      targetType: 'partner',
      targetId: id,
      after: { ...organizationView(org!), adminEmail: admin?.email ?? null },
    });
    return id;
  });
  if (admin) ctx.wakeMail();
  return partnerId;
}

/** Changes an organization's legal name, country or language; a change to nothing records nothing. */
export async function updatePartner(ctx: AppContext, actor: Actor, partnerId: string, changes: PartnerChanges): Promise<void> {
  const problems = new FieldProblems();
  problems.country('body.country', changes.country);
  problems.throwIfAny();
  await ctx.db.orm.transaction(async (tx) => {
    const org = await organizationForChange(tx, partnerId);
    const next = { legalName: changes.legalName ?? org.legalName, country: changes.country ?? org.country, language: changes.language ?? org.language };
    if (next.legalName === org.legalName && next.country === org.country && next.language === org.language) return;
    const [after] = await tx.update(organizations).set({ ...next, updatedAt: ctx.now() }).where(eq(organizations.id, org.id)).returning();
    await recordInputChange(tx, actor, {
      action: 'partner.updated',
      organizationId: org.id,
      targetType: 'partner',
      targetId: partnerId,
      before: organizationView(org),
      after: organizationView(after!),
    });
  });
}
