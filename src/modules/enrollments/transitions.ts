import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Orm } from '../../db/client.ts';
import { AppError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import type { Locale } from '../../i18n/locales.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { incentiveAdminsOf } from '../identity/admins.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { locations, organizations } from '../partners/schema.ts';
import { programs, programVersions } from '../programs/schema.ts';
import type { ProgramFile } from '../programs/program-file.ts';
import { enrollments, enrollmentTransitions, type EnrollmentStatus } from './schema.ts';
import { earningsWindowAfter, nextStatus, type EnrollmentEvent } from './state-machine.ts';

export interface EnrollmentRow {
  organizationId: string;
  id: string;
  locationId: string;
  programId: string;
  status: EnrollmentStatus;
  earningsStart: string | null;
  earningsEnd: string | null;
}

/** Which mail, if any, each event sends to the organization's admins for the pair. */
const mailOf: Partial<Record<EnrollmentEvent, 'enrollment_invited' | 'enrollment_rejected' | 'enrollment_validated'>> = {
  invite: 'enrollment_invited',
  eligibility_regained: 'enrollment_invited',
  reject: 'enrollment_rejected',
  validate: 'enrollment_validated',
};

/**
 * Moves an enrollment by one event of the state machine, in the caller's transaction: the new
 * status and earnings window, a transition row, an audit entry with the reason, and the mail the
 * event sends. An event the machine does not allow from the current status is refused with 409
 * and changes nothing. `date` (`YYYY-MM-DD`) is the day the change counts for.
 */
export async function applyEnrollmentEvent(
  ctx: Pick<AppContext, 'config' | 'encryptor' | 'now'>,
  tx: Orm,
  actor: Actor,
  enrollment: EnrollmentRow,
  event: EnrollmentEvent,
  reason: string,
  date: string,
): Promise<EnrollmentRow> {
  const to = nextStatus(enrollment.status, event);
  if (!to) {
    throw new AppError('conflict', `An enrollment that is ${enrollment.status} cannot take the step "${event}".`, {
      messageKey: 'enrollments:transitionNotAllowed',
      params: { status: enrollment.status, event },
    });
  }
  const window = earningsWindowAfter(enrollment, to, date);
  const at = ctx.now();
  const updated = await tx
    .update(enrollments)
    .set({ status: to, ...window, statusReason: reason, statusChangedAt: at })
    .where(and(eq(enrollments.organizationId, enrollment.organizationId), eq(enrollments.id, enrollment.id), eq(enrollments.status, enrollment.status)))
    .returning({ id: enrollments.id });
  if (!updated.length) {
    throw new AppError('conflict', 'The enrollment was changed meanwhile; reload it and try again.', { messageKey: 'enrollments:changedMeanwhile' });
  }
  const transitionId = await recordTransition(tx, actor, enrollment, enrollment.status, to, event, reason, at);
  await recordAudit(tx, actor, {
    action: 'enrollment.transitioned',
    organizationId: enrollment.organizationId,
    targetType: 'enrollment',
    targetId: enrollment.id,
    before: { status: enrollment.status, earningsStart: enrollment.earningsStart, earningsEnd: enrollment.earningsEnd },
    after: { status: to, event, reason, ...window },
  });
  const next = { ...enrollment, status: to, ...window };
  await sendEnrollmentMail(ctx, tx, next, event, reason, transitionId);
  return next;
}

/** Creates the enrollment of an eligible (location, program) as Invited, with its invitation mail. */
export async function inviteLocation(
  ctx: Pick<AppContext, 'config' | 'encryptor' | 'now'>,
  tx: Orm,
  actor: Actor,
  pair: { organizationId: string; locationId: string; programId: string },
  reason: string,
): Promise<EnrollmentRow> {
  const at = ctx.now();
  const row: EnrollmentRow = { ...pair, id: randomUUID(), status: 'invited', earningsStart: null, earningsEnd: null };
  await tx.insert(enrollments).values({ ...row, statusReason: reason, statusChangedAt: at, createdAt: at });
  const transitionId = await recordTransition(tx, actor, row, null, 'invited', 'invite', reason, at);
  await recordAudit(tx, actor, {
    action: 'enrollment.transitioned',
    organizationId: pair.organizationId,
    targetType: 'enrollment',
    targetId: row.id,
    after: { status: 'invited', event: 'invite', reason },
  });
  await sendEnrollmentMail(ctx, tx, row, 'invite', reason, transitionId);
  return row;
}

async function recordTransition(
  tx: Orm,
  actor: Actor,
  enrollment: EnrollmentRow,
  from: EnrollmentStatus | null,
  to: EnrollmentStatus,
  event: EnrollmentEvent,
  reason: string,
  at: Date,
): Promise<string> {
  const id = randomUUID();
  await tx.insert(enrollmentTransitions).values({
    organizationId: enrollment.organizationId,
    id,
    enrollmentId: enrollment.id,
    fromStatus: from,
    toStatus: to,
    event,
    reason,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    at,
  });
  return id;
}

async function sendEnrollmentMail(
  ctx: Pick<AppContext, 'config' | 'encryptor'>,
  tx: Orm,
  enrollment: EnrollmentRow,
  event: EnrollmentEvent,
  reason: string,
  transitionId: string,
): Promise<void> {
  const template = mailOf[event];
  if (!template) return;
  const [pair] = await tx
    .select({
      organizationName: organizations.legalName,
      locationName: locations.name,
      locationPublicId: locations.locationId,
      programCode: programs.code,
      definition: programVersions.definition,
    })
    .from(locations)
    .innerJoin(organizations, eq(organizations.id, locations.organizationId))
    .innerJoin(programs, eq(programs.id, enrollment.programId))
    .innerJoin(programVersions, and(eq(programVersions.programId, programs.id), eq(programVersions.version, programs.currentVersion)))
    .where(and(eq(locations.organizationId, enrollment.organizationId), eq(locations.id, enrollment.locationId)));
  if (!pair) return;
  const names = (pair.definition as ProgramFile).name;
  const link = `${ctx.config.baseUrl}/incentives/${pair.locationPublicId}/${pair.programCode}`;
  for (const person of await incentiveAdminsOf(tx, enrollment.organizationId, enrollment.locationId, pair.programCode)) {
    const locale = person.locale as Locale;
    const common = {
      recipientName: person.name,
      organizationName: pair.organizationName,
      locationName: pair.locationName,
      locationId: pair.locationPublicId,
      programName: names[locale] ?? names.en,
      link,
    };
    const to = { email: person.email, name: person.name, locale };
    const base = { eventKey: `${template}:${transitionId}:${person.id}`, organizationId: enrollment.organizationId, to };
    if (template === 'enrollment_rejected') await enqueueMail(tx, ctx.encryptor, { ...base, template, values: { ...common, reason } });
    else await enqueueMail(tx, ctx.encryptor, { ...base, template, values: common });
  }
}
