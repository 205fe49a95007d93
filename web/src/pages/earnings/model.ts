import type { EarningKind } from '../../../../src/modules/earnings/schema.ts';
import type { EarningStatus } from '../../../../src/modules/earnings/status.ts';

// The server's vocabularies, kept here so the portal does not bundle the query code; the types
// below fail to compile when the server's lists change without these.
export const earningStatuses = ['pending', 'payable', 'in_payment', 'paid'] as const;
export const earningKinds = ['calculated', 'adjustment'] as const;
export const earningSorts = ['billed_month', 'location', 'program', 'customer', 'earning', 'created_at'] as const;
const sameStatuses: [EarningStatus, (typeof earningStatuses)[number]] extends [(typeof earningStatuses)[number], EarningStatus] ? true : never = true;
const sameKinds: [EarningKind, (typeof earningKinds)[number]] extends [(typeof earningKinds)[number], EarningKind] ? true : never = true;
void sameStatuses;
void sameKinds;

export type { EarningKind, EarningStatus };
export type EarningSort = (typeof earningSorts)[number];
export type SortDirection = 'asc' | 'desc';

/** An exact amount in one currency, as the API writes it (a decimal string, never a float). */
export interface Money {
  currency: string;
  amount: string;
}

export interface EarningItem {
  id: string;
  lineId: string | null;
  lineVersion: number | null;
  location: { locationId: string; name: string };
  program: { code: string; name: string };
  leverCode: string;
  earningType: string;
  /** `YYYY-MM`. */
  billedMonth: string;
  currency: string;
  amount: string | null;
  rate: string | null;
  earning: string;
  kind: EarningKind;
  reason: string | null;
  status: EarningStatus;
  customerId: string | null;
  customerName: string | null;
  paymentId: string | null;
  createdAt: string;
}

export interface EarningsPage {
  earnings: EarningItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface EarningsSummary {
  /** The current month, `YYYY-MM`. */
  month: string;
  thisMonth: Money[];
  fiscalYear: {
    totals: Money[];
    programs: { code: string; name: string; from: string; to: string; totals: Money[] }[];
  };
  notYetPaid: Money[];
  paid: Money[];
  byStatus: Record<EarningStatus, Money[]>;
  chart: {
    from: string;
    to: string;
    months: string[];
    programs: { code: string; name: string }[];
    series: { month: string; program: string; lever: string; currency: string; amount: string }[];
  };
}

export interface EarningDetail extends EarningItem {
  comment: string | null;
  programVersion: { version: number; name: string; paymentDelayMonths: number };
  calculation: { id: string; at: string | null } | null;
  recordedBy: { name: string | null; email: string } | null;
  line: {
    lineId: string;
    version: number;
    versions: number;
    currentVersion: number | null;
    locationId: string;
    customerId: string | null;
    customerName: string | null;
    productSku: string | null;
    productCategory: string;
    billedMonth: string;
    currency: string;
    amount: string;
    quantity: string | null;
    importedAt: string;
  } | null;
  history: {
    id: string;
    kind: EarningKind;
    reason: string | null;
    locationId: string;
    billedMonth: string;
    currency: string;
    earning: string;
    runningSum: string;
    lineVersion: number | null;
    createdAt: string;
  }[];
}

export type ExportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface EarningsExport {
  id: string;
  status: ExportStatus;
  filters: Record<string, string>;
  rowsTotal: number | null;
  rowsWritten: number;
  /** 0 to 1, or null while the number of rows is not known yet. */
  progress: number | null;
  bytes: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string;
  statusUrl: string;
  downloadUrl: string | null;
}
