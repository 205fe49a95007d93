import { randomUUID } from 'node:crypto';
import Decimal from 'decimal.js';
import { and, eq } from 'drizzle-orm';
import { AppError, type FieldError } from '../../errors.ts';
import type { AppContext } from '../../http/env.ts';
import { recordAudit } from '../audit/audit.ts';
import { lockEarnings } from '../billing/lock.ts';
import type { Actor } from '../identity/actor.ts';
import { isCurrencyCode } from '../money/currency.ts';
import { locations } from '../partners/schema.ts';
import { programRates, programs } from '../programs/schema.ts';
import { earnings, manualAdjustmentReasons, type AdjustmentReason } from './schema.ts';
import { monthPattern } from '../billing/months.ts';

export type ManualAdjustmentReason = Exclude<AdjustmentReason, 'Recalculation'>;

export interface ManualAdjustmentInput {
  /** Public id, `L-2000317`. */
  locationId: string;
  programCode: string;
  leverCode: string;
  /** `YYYY-MM`. */
  billedMonth: string;
  currency: string;
  /** Exact decimal, at most 10 digits after the point, not 0; negative takes earnings away. */
  amount: string;
  reason: string;
  comment: string;
}

export interface ManualAdjustment {
  id: string;
  locationId: string;
  programCode: string;
  programVersion: number;
  leverCode: string;
  earningType: string;
  billedMonth: string;
  currency: string;
  amount: string;
  reason: ManualAdjustmentReason;
  comment: string;
  createdBy: string;
  createdAt: Date;
}

const locationIdPattern = /^L-[0-9]{1,12}$/;
const programCodePattern = /^[A-Z0-9][A-Z0-9-]{1,39}$/;
const leverCodePattern = /^[A-Z0-9][A-Z0-9_-]{0,39}$/;
/** What `numeric(30, 10)` holds: 20 digits before the point, 10 after. */
const amountPattern = /^-?\d{1,20}(\.\d{1,10})?$/;
export const maxCommentLength = 2000;

/** The checks that need nothing but the input, each failing field named with its rule. */
function checkInput(input: ManualAdjustmentInput, fields: FieldError[]): void {
  const fail = (field: keyof ManualAdjustmentInput, rule: string, message: string, params?: Record<string, string | number>) =>
    fields.push({ field: `body.${field}`, rule, message, ...(params ? { params } : {}) });
  const checks: [keyof ManualAdjustmentInput, boolean, string, string][] = [
    ['locationId', locationIdPattern.test(input.locationId), 'location_id_format', 'must look like L-2000317'],
    ['programCode', programCodePattern.test(input.programCode), 'program_code_format', 'must be 2 to 40 upper-case letters, digits and dashes'],
    ['leverCode', leverCodePattern.test(input.leverCode), 'lever_code_format', 'must be upper-case letters, digits, _ and -'],
    ['billedMonth', monthPattern.test(input.billedMonth), 'month', 'must be a month YYYY-MM'],
    ['currency', isCurrencyCode(input.currency), 'currency_code', 'must be an ISO 4217 currency code, such as USD'],
    ['amount', amountPattern.test(input.amount), 'amount_format', 'must be a decimal with at most 10 digits after the point, such as -12.50'],
  ];
  for (const [field, valid, rule, message] of checks) {
    if (!input[field]) fail(field, 'required', 'is required');
    else if (!valid) fail(field, rule, message);
  }
  if (amountPattern.test(input.amount) && !/[1-9]/.test(input.amount)) fail('amount', 'not_zero', 'must not be 0');
  if (!input.reason) fail('reason', 'required', 'is required');
  else if (!(manualAdjustmentReasons as readonly string[]).includes(input.reason)) {
    fail('reason', 'invalid_value', `must be one of: ${manualAdjustmentReasons.join(', ')}`, { values: manualAdjustmentReasons.join(', ') });
  }
  if (!input.comment.trim()) fail('comment', 'required', 'is required');
  else if (input.comment.length > maxCommentLength) fail('comment', 'too_big_string', `must be at most ${maxCommentLength} characters long`, { maximum: maxCommentLength });
}

/**
 * Records an operator's adjustment (earnings.md §3): one earning of kind `adjustment`, for a
 * location, a lever of a program (at the program's current version) and a billed month, with a
 * reason code and a comment, audited in the same transaction. Any bad field is named with its
 * rule, and then nothing is written.
 */
export async function recordManualAdjustment(ctx: Pick<AppContext, 'db' | 'now'>, actor: Actor, input: ManualAdjustmentInput): Promise<ManualAdjustment> {
  const fields: FieldError[] = [];
  checkInput(input, fields);
  if (fields.length) throw AppError.validation(fields);

  return ctx.db.orm.transaction(async (tx) => {
    const [location] = await tx
      .select({ organizationId: locations.organizationId, id: locations.id })
      .from(locations)
      .where(eq(locations.locationId, input.locationId));
    const [program] = await tx
      .select({ id: programs.id, version: programs.currentVersion })
      .from(programs)
      .where(eq(programs.code, input.programCode));
    const [lever] = program
      ? await tx
          .selectDistinct({ earningType: programRates.earningType })
          .from(programRates)
          .where(and(eq(programRates.programId, program.id), eq(programRates.version, program.version), eq(programRates.leverCode, input.leverCode)))
      : [];
    if (!location) fields.push({ field: 'body.locationId', rule: 'location_not_found', message: 'is not a known location' });
    if (!program) fields.push({ field: 'body.programCode', rule: 'program_not_found', message: 'is not a known program' });
    else if (!lever) {
      fields.push({ field: 'body.leverCode', rule: 'lever_not_in_program', message: `is not a lever of ${input.programCode}`, params: { program: input.programCode } });
    }
    if (fields.length || !location || !program || !lever) throw AppError.validation(fields);

    await lockEarnings(tx);
    const adjustment: ManualAdjustment = {
      id: randomUUID(),
      locationId: input.locationId,
      programCode: input.programCode,
      programVersion: program.version,
      leverCode: input.leverCode,
      earningType: lever.earningType,
      billedMonth: input.billedMonth,
      currency: input.currency,
      amount: new Decimal(input.amount).toFixed(),
      reason: input.reason as ManualAdjustmentReason,
      comment: input.comment.trim(),
      createdBy: actor.label,
      createdAt: ctx.now(),
    };
    await tx.insert(earnings).values({
      organizationId: location.organizationId,
      id: adjustment.id,
      locationId: location.id,
      programId: program.id,
      programVersion: program.version,
      leverCode: input.leverCode,
      earningType: lever.earningType,
      lineId: null,
      lineVersion: null,
      billedMonth: `${input.billedMonth}-01`,
      currency: input.currency,
      earning: adjustment.amount,
      kind: 'adjustment',
      reason: adjustment.reason,
      comment: adjustment.comment,
      createdByUserId: actor.userId,
      createdBy: actor.label,
      createdAt: adjustment.createdAt,
    });
    await recordAudit(tx, actor, {
      action: 'earnings.adjusted',
      organizationId: location.organizationId,
      targetType: 'earning',
      targetId: adjustment.id,
      after: {
        locationId: input.locationId,
        programCode: input.programCode,
        programVersion: program.version,
        leverCode: input.leverCode,
        billedMonth: input.billedMonth,
        currency: input.currency,
        amount: adjustment.amount,
        reason: adjustment.reason,
        comment: adjustment.comment,
      },
    });
    return adjustment;
  });
}
