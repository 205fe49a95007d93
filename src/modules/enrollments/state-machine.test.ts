import { describe, expect, it } from 'vitest';
import { enrollmentStatuses, type EnrollmentStatus } from './schema.ts';
import { earningsWindowAfter, enrollmentEvents, monthBounds, nextStatus } from './state-machine.ts';

/** The diagram of domain.md §4, written out edge by edge. */
const allowed: [EnrollmentStatus | null, string, EnrollmentStatus][] = [
  [null, 'invite', 'invited'],
  ['invited', 'accept', 'action_required'],
  ['action_required', 'profiles_completed', 'validating'],
  ['validating', 'validate', 'enrolled'],
  ['validating', 'reject', 'action_required'],
  ['validating', 'compliance_lapsed', 'action_required'],
  ['enrolled', 'compliance_lapsed', 'action_required'],
  ['invited', 'eligibility_lost', 'ineligible'],
  ['action_required', 'eligibility_lost', 'ineligible'],
  ['validating', 'eligibility_lost', 'ineligible'],
  ['enrolled', 'eligibility_lost', 'ineligible'],
  ['ineligible', 'eligibility_regained', 'invited'],
  ...(['invited', 'action_required', 'validating', 'enrolled', 'ineligible'] as const).map((s): [EnrollmentStatus, string, EnrollmentStatus] => [s, 'program_closed', 'inactive']),
  ...([null, 'invited', 'action_required', 'validating', 'enrolled', 'ineligible', 'inactive'] as const).map(
    (s): [EnrollmentStatus | null, string, EnrollmentStatus] => [s, 'program_discontinued', 'discontinued'],
  ),
];

describe('the enrollment state machine', () => {
  for (const [from, event, to] of allowed) {
    it(`${from ?? '(new)'} --${event}--> ${to}`, () => {
      expect(nextStatus(from, event as never)).toBe(to);
    });
  }

  it('allows nothing else', () => {
    const refused: string[] = [];
    for (const from of [null, ...enrollmentStatuses]) {
      for (const event of enrollmentEvents) {
        const listed = allowed.some(([f, e]) => f === from && e === event);
        if (!listed) {
          expect(nextStatus(from, event), `${from} --${event}`).toBeNull();
          refused.push(`${from}:${event}`);
        }
      }
    }
    expect(refused).toContain('enrolled:accept');
    expect(refused).toContain('discontinued:eligibility_regained');
    expect(refused).toContain('invited:validate');
  });

  it('keeps the earnings window by the month of the change', () => {
    expect(monthBounds('2028-02-10')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    const none = { earningsStart: null, earningsEnd: null };
    expect(earningsWindowAfter(none, 'enrolled', '2026-07-15')).toEqual({ earningsStart: '2026-07-01', earningsEnd: null });
    expect(earningsWindowAfter(none, 'ineligible', '2026-07-15')).toEqual(none);
    const enrolled = { earningsStart: '2026-07-01', earningsEnd: null };
    expect(earningsWindowAfter(enrolled, 'action_required', '2026-09-03')).toEqual(enrolled);
    expect(earningsWindowAfter(enrolled, 'inactive', '2026-09-03')).toEqual({ earningsStart: '2026-07-01', earningsEnd: '2026-09-30' });
    const ended = { earningsStart: '2026-07-01', earningsEnd: '2026-09-30' };
    expect(earningsWindowAfter(ended, 'discontinued', '2027-01-03')).toEqual(ended);
    expect(earningsWindowAfter(ended, 'enrolled', '2027-01-03')).toEqual({ earningsStart: '2026-07-01', earningsEnd: null });
  });
});
