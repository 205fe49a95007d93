import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Orm } from '../../db/client.ts';
import { AppError, type FieldError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit, type AuditEventInput } from '../audit/audit.ts';
import type { Actor } from '../identity/actor.ts';
import { requestEligibilityRun } from '../eligibility/trigger.ts';
import { isCountryCode } from './countries.ts';
import { organizations } from './schema.ts';

/** A transaction of the database (`orm.transaction(async (tx) => …)`). */
export type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/**
 * Serialises the writes that create public ids or natural keys (imports, new organizations,
 * locations, agreements and competencies), so a check for a taken key stays true until commit.
 */
export async function lockPartnerWrites(tx: Pick<Orm, 'execute'>): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('accrue.import.partners'))`);
}

/** Collects every field a request gets wrong, so one answer names them all. */
export class FieldProblems {
  private readonly fields: FieldError[] = [];

  add(field: string, rule: string, message: string, params?: Record<string, string | number>): void {
    this.fields.push({ field, rule, message, ...(params ? { params } : {}) });
  }

  country(field: string, value: string | undefined): void {
    if (value !== undefined && !isCountryCode(value)) {
      this.add(field, 'country', 'must be an ISO 3166 two-letter country code, such as US');
    }
  }

  /** A period's end is not before its start; `blame` names the field the caller sent. */
  period(validFrom: string, validTo: string | null, blame: 'validFrom' | 'validTo'): void {
    if (validTo === null || validTo >= validFrom) return;
    if (blame === 'validTo') this.add('body.validTo', 'date_order', `must be on or after ${validFrom}`, { from: validFrom });
    else this.add('body.validFrom', 'after_valid_to', `must be on or before ${validTo}`, { to: validTo });
  }

  /** An expiry date ends the period inside it: not before its start, not after its current end. */
  expiry(date: string, validFrom: string, validTo: string | null): void {
    if (date < validFrom) this.add('body.date', 'date_order', `must be on or after ${validFrom}`, { from: validFrom });
    else if (validTo !== null && date > validTo) this.add('body.date', 'after_valid_to', `must be on or before ${validTo}`, { to: validTo });
  }

  throwIfAny(): void {
    if (this.fields.length > 0) throw AppError.validation(this.fields);
  }
}

/** Today's date in UTC, as `YYYY-MM-DD`. */
export function today(ctx: AppContext): string {
  return ctx.now().toISOString().slice(0, 10);
}

/** The organization a path names, locked until the change commits; 404 when there is none. */
export async function organizationForChange(tx: Tx, partnerId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.partnerId, partnerId)).for('update');
  if (!org) throw AppError.notFound('partner');
  return org;
}

/**
 * Records a change of an eligibility input (an organization, location, agreement or competency)
 * in the audit log and asks for an eligibility run, both in the transaction of the change.
 */
export async function recordInputChange(tx: Tx, actor: Actor, event: AuditEventInput & { targetType: string; targetId: string }): Promise<void> {
  await recordAudit(tx, actor, event);
  await requestEligibilityRun(tx, `${event.action} ${event.targetId}`);
}

/** The next public id (`P-…`, `L-…`) from a sequence that no imported record already holds. */
export async function nextPublicId(
  tx: Tx,
  sequence: 'organization_number_seq' | 'location_number_seq',
  prefix: 'P-' | 'L-',
  taken: (id: string) => Promise<boolean>,
): Promise<string> {
  // Imports bring their own ids, which may sit anywhere in the sequence's range: skip those.
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const result = await tx.execute(sql`select nextval(${sequence}::regclass)::text as n`);
    const [row] = rowsOf<{ n: string }>(result);
    const id = `${prefix}${row!.n}`;
    if (!(await taken(id))) return id;
  }
  throw new AppError('conflict', `No free ${prefix} number is left near the sequence ${sequence}.`);
}
