export type ImportKind = 'billing' | 'fx';
export type ImportStatus = 'queued' | 'loading' | 'applying' | 'done' | 'refused' | 'failed';

export interface ImportRunSummary {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: ImportStatus;
  bytesTotal: number | null;
  bytesRead: number;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  problemCount: number;
  error: string | null;
  actorLabel: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RowProblem {
  file: string;
  row: number;
  column: string | null;
  rule: string;
  message: string;
}

export interface ImportRunDetail extends ImportRunSummary {
  problems: RowProblem[];
}

export type CalculationStatus = 'queued' | 'running' | 'done' | 'failed';

export interface Calculation {
  id: string;
  status: CalculationStatus;
  from: string | null;
  to: string | null;
  calculated: number;
  adjusted: number;
  error: string | null;
  actorLabel: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const manualAdjustmentReasons = {
  'Ops adjustment': 'opsAdjustment',
  'Policy exception': 'policyException',
  'Incorrect calculation': 'incorrectCalculation',
  'Incorrect enrollment': 'incorrectEnrollment',
  'AR compliance': 'arCompliance',
  'Previous period earnings': 'previousPeriodEarnings',
} as const;
export type ManualAdjustmentReason = keyof typeof manualAdjustmentReasons;

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
  createdAt: string;
}

/** Still moving: worth asking again soon. */
export const importActive = (run: Pick<ImportRunSummary, 'status'>) => run.status === 'queued' || run.status === 'loading' || run.status === 'applying';
export const calculationActive = (c: Pick<Calculation, 'status'>) => c.status === 'queued' || c.status === 'running';

/** What the status list shows: a queued run with no size yet is still being received. */
export const importStatusKey = (run: Pick<ImportRunSummary, 'status' | 'bytesTotal'>) => (run.status === 'queued' && run.bytesTotal === null ? 'receiving' : run.status);

/** How far an import is, 0–100, or null where no share can be told (applying, receiving). */
export function importPercent(run: ImportRunSummary): number | null {
  if (run.status === 'done') return 100;
  if (run.status === 'queued') return run.bytesTotal === null ? null : 0;
  if (run.status === 'applying') return null;
  if (!run.bytesTotal) return run.status === 'loading' ? null : 0;
  return Math.min(100, Math.floor((run.bytesRead / run.bytesTotal) * 100));
}

/** A size in bytes, in the reader's locale (KB, MB, GB by powers of 1024). */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // "189 bytes" in words; larger sizes as "1.2 MB".
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}
