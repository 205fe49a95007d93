import type { EnrollmentStatus } from './schema.ts';

/**
 * The enrollment state machine of domain.md §4. An event names what happened; it is allowed only
 * from the statuses listed, and leads to one status.
 *
 *   invite                 (new) → invited
 *   accept                 invited → action_required                (an Incentive admin)
 *   profiles_completed     action_required → validating             (tax and payment profiles done)
 *   validate               validating → enrolled                    (an operator)
 *   reject                 validating → action_required             (an operator, with a reason)
 *   compliance_lapsed      validating | enrolled → action_required  (tax form expired or sent back, payment profile sent back)
 *   eligibility_lost       invited | action_required | validating | enrolled → ineligible
 *   eligibility_regained   ineligible → invited
 *   program_closed         any but inactive, discontinued → inactive
 *   program_discontinued   any but discontinued → discontinued
 */
export const enrollmentEvents = [
  'invite',
  'accept',
  'profiles_completed',
  'validate',
  'reject',
  'compliance_lapsed',
  'eligibility_lost',
  'eligibility_regained',
  'program_closed',
  'program_discontinued',
] as const;
export type EnrollmentEvent = (typeof enrollmentEvents)[number];

export const transitions: Record<EnrollmentEvent, { from: readonly (EnrollmentStatus | null)[]; to: EnrollmentStatus }> = {
  invite: { from: [null], to: 'invited' },
  accept: { from: ['invited'], to: 'action_required' },
  profiles_completed: { from: ['action_required'], to: 'validating' },
  validate: { from: ['validating'], to: 'enrolled' },
  reject: { from: ['validating'], to: 'action_required' },
  compliance_lapsed: { from: ['validating', 'enrolled'], to: 'action_required' },
  eligibility_lost: { from: ['invited', 'action_required', 'validating', 'enrolled'], to: 'ineligible' },
  eligibility_regained: { from: ['ineligible'], to: 'invited' },
  program_closed: { from: ['invited', 'action_required', 'validating', 'enrolled', 'ineligible'], to: 'inactive' },
  program_discontinued: { from: [null, 'invited', 'action_required', 'validating', 'enrolled', 'ineligible', 'inactive'], to: 'discontinued' },
};

/** The status an event leads to from `from`, or null when the machine does not allow it. */
export function nextStatus(from: EnrollmentStatus | null, event: EnrollmentEvent): EnrollmentStatus | null {
  const rule = transitions[event];
  return rule.from.includes(from) ? rule.to : null;
}

/** Statuses an enrollment leaves earning for: entering one of them sets `earnings_end`. */
export const endingStatuses: readonly EnrollmentStatus[] = ['ineligible', 'inactive', 'discontinued'];

/** First and last day of the month of a date `YYYY-MM-DD`. */
export function monthBounds(date: string): { first: string; last: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { first: `${String(y).padStart(4, '0')}-${mm}-01`, last: `${String(y).padStart(4, '0')}-${mm}-${String(last).padStart(2, '0')}` };
}

/**
 * The earnings window after a transition on `date`: `earnings_start` is set when it first becomes
 * Enrolled; `earnings_end` is set when it goes from an earning window into Ineligible, Inactive or
 * Discontinued, and cleared when it becomes Enrolled again.
 */
export function earningsWindowAfter(
  current: { earningsStart: string | null; earningsEnd: string | null },
  to: EnrollmentStatus,
  date: string,
): { earningsStart: string | null; earningsEnd: string | null } {
  const { first, last } = monthBounds(date);
  if (to === 'enrolled') return { earningsStart: current.earningsStart ?? first, earningsEnd: null };
  if (endingStatuses.includes(to) && current.earningsStart && !current.earningsEnd) {
    return { earningsStart: current.earningsStart, earningsEnd: last < current.earningsStart ? current.earningsStart : last };
  }
  return { earningsStart: current.earningsStart, earningsEnd: current.earningsEnd };
}
