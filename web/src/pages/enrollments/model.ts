import type { EligibilityRunResult } from '../../../../src/modules/eligibility/evaluate.ts';
import type { Requirement } from '../../../../src/modules/eligibility/rule.ts';
import type { EnrollmentStatus } from '../../../../src/modules/enrollments/schema.ts';
import type { EnrollmentEvent } from '../../../../src/modules/enrollments/state-machine.ts';
import type { Names } from '../programs/model.ts';

/** Every enrollment status, in the order of the state machine (the schema's list, kept in step by the type below). */
export const enrollmentStatuses = ['invited', 'action_required', 'validating', 'enrolled', 'ineligible', 'inactive', 'discontinued'] as const;
// Fails to compile when a status is added to or removed from the schema without this list.
const sameStatuses: [EnrollmentStatus, (typeof enrollmentStatuses)[number]] extends [(typeof enrollmentStatuses)[number], EnrollmentStatus] ? true : never = true;
void sameStatuses;

/** One requirement as the server stored it (met or not, what was asked and found). */
export type { Requirement };

export interface EnrollmentSummary {
  id: string;
  status: EnrollmentStatus;
  statusReason: string;
  statusChangedAt: string;
  earningsStart: string | null;
  earningsEnd: string | null;
  partner: { partnerId: string; legalName: string };
  location: { locationId: string; name: string; country: string; partnerType: string };
  program: { code: string; name: Names; status: string };
}

export interface EnrollmentDetail extends EnrollmentSummary {
  /** The location's tax profile and the pair's payment profile: a status, `missing` or `archived`. */
  profiles: { tax: string; payment: string; reviewed: boolean };
  eligible: boolean;
  requirements: Requirement[];
  evaluatedOn: string | null;
  history: { at: string; from: EnrollmentStatus | null; to: EnrollmentStatus; event: EnrollmentEvent; reason: string; by: string }[];
}

/** What an eligibility run answers. */
export type EligibilityRun = EligibilityRunResult;

/** A status as a partner user sees it: `enrolling` for those who cannot act, `not_eligible` without an enrollment. */
export type DisplayStatus = EnrollmentStatus | 'enrolling' | 'not_eligible';

/** Filled badge colours, each with white text at 4.5:1 or more; the status is always written out too. */
export const statusColor: Record<DisplayStatus, string> = {
  invited: 'accrue.7',
  action_required: '#a85400',
  validating: 'violet.8',
  enrolled: 'teal.9',
  ineligible: 'red.9',
  inactive: 'gray.7',
  discontinued: 'dark.6',
  enrolling: 'violet.8',
  not_eligible: 'gray.7',
};

/** Reasons the system writes for its own steps; the event already says them, so they are not repeated. */
const systemReasons = new Set(['eligible', 'accepted', 'validated', 'profiles complete', 'program closed', 'program discontinued']);

/**
 * What a stored reason means: the requirements a lost eligibility failed on (stored as their
 * codes), nothing for the system's own steps, or the words a person wrote.
 */
export function reasonOf(event: EnrollmentEvent | string | null, reason: string): { failed: string[] } | { text: string } | null {
  if (event === 'eligibility_lost' && /^[a-z_]+(,[a-z_]+)*$/.test(reason)) return { failed: reason.split(',') };
  if (!reason || systemReasons.has(reason)) return null;
  return { text: reason };
}

/** The calendar day of an instant, in the reader's time zone. */
export function formatDay(instant: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(instant));
}
