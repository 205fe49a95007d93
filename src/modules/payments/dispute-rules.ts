import type { DisputeStatus, PaymentStatus } from './schema.ts';

/** How long after a payment was sent it may be disputed (domain.md §8). */
export const disputeDays = 30;
/** The length of a dispute's message and of an operator's answer. */
export const disputeText = { min: 3, max: 2000 } as const;

export interface DisputeWindow {
  /** Whether a dispute may be opened now. */
  open: boolean;
  /** `YYYY-MM-DD`: the last day a dispute may be opened; null for a payment not sent. */
  until: string | null;
  /** Why none may be opened now. */
  refusal: 'not_sent' | 'expired' | 'active_dispute' | null;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A Sent payment may be disputed up to and including the 30th day after it was sent. "Sent" is
 * the later of the day the bank reported (`sent_on`) and the day Accrue recorded that answer, so
 * a bank file recorded late never shortens the partner's 30 days. Days are UTC calendar days.
 */
export function disputeWindow(payment: { status: PaymentStatus; sentOn: string | null; sentAt: Date | null }, activeDispute: boolean, now: Date): DisputeWindow {
  if (payment.status !== 'sent') return { open: false, until: null, refusal: 'not_sent' };
  const days = [payment.sentOn, payment.sentAt ? day(payment.sentAt) : null].filter((d): d is string => d !== null).sort();
  const start = days[days.length - 1] ?? day(now);
  const until = new Date(`${start}T00:00:00Z`);
  until.setUTCDate(until.getUTCDate() + disputeDays);
  const last = day(until);
  if (day(now) > last) return { open: false, until: last, refusal: 'expired' };
  if (activeDispute) return { open: false, until: last, refusal: 'active_dispute' };
  return { open: true, until: last, refusal: null };
}

export interface DisputeRow {
  id: string;
  payment_id: string;
  status: DisputeStatus;
  message: string;
  opened_by: string;
  opened_at: Date | string;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | string | null;
  closed_by: string | null;
  closed_at: Date | string | null;
}

export interface DisputeView {
  id: string;
  paymentId: string;
  status: DisputeStatus;
  message: string;
  openedBy: string;
  openedAt: Date;
  answer: string | null;
  /** The operator who answered: shown to operators only. */
  answeredBy?: string | null;
  answeredAt: Date | null;
  closedBy: string | null;
  closedAt: Date | null;
}

const at = (value: Date | string | null) => (value === null ? null : new Date(value));

/** A dispute as its reader sees it: partners are not shown which operator answered. */
export function disputeView(row: DisputeRow, operator: boolean): DisputeView {
  return {
    id: row.id,
    paymentId: row.payment_id,
    status: row.status,
    message: row.message,
    openedBy: row.opened_by,
    openedAt: new Date(row.opened_at),
    answer: row.answer,
    ...(operator ? { answeredBy: row.answered_by } : {}),
    answeredAt: at(row.answered_at),
    closedBy: row.closed_by,
    closedAt: at(row.closed_at),
  };
}
