import type { Names } from '../programs/model.ts';

export type DisplayStatus =
  | 'invited'
  | 'action_required'
  | 'validating'
  | 'enrolled'
  | 'ineligible'
  | 'inactive'
  | 'discontinued'
  | 'enrolling'
  | 'not_eligible';

export interface Requirement {
  code: string;
  met: boolean;
  expected?: string | number | string[];
  actual?: string | number | null;
  level?: string;
}

export interface IncentiveSummary {
  location: { locationId: string; name: string; country: string; partnerType: string; archived: boolean };
  program: { code: string; name: Names; status: string };
  status: DisplayStatus;
  eligible: boolean;
  canAccept: boolean;
  earningsStart: string | null;
  earningsEnd: string | null;
  statusChangedAt: string | null;
}

export interface IncentiveDetail extends IncentiveSummary {
  access: 'manage' | 'read';
  requirements: Requirement[];
  evaluatedOn: string | null;
  statusReason: string | null;
  nextSteps: { step: 'tax_profile' | 'payment_profile'; done: boolean }[];
  history: { at: string; from: DisplayStatus | null; to: DisplayStatus; event: string; reason: string; by: string | null }[];
}

/** Badge colours that keep 4.5:1 contrast on the light background (the text says it, not the colour). */
export const statusColor: Record<DisplayStatus, string> = {
  invited: 'blue.8',
  action_required: 'orange.9',
  validating: 'grape.8',
  enrolling: 'grape.8',
  enrolled: 'green.9',
  ineligible: 'gray.8',
  not_eligible: 'gray.8',
  inactive: 'gray.8',
  discontinued: 'gray.8',
};

export const incentivePath = (i: { location: { locationId: string }; program: { code: string } }) =>
  `/incentives/${encodeURIComponent(i.location.locationId)}/${encodeURIComponent(i.program.code)}`;
