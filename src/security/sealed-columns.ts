import { getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { bankChangeRequests, mailOutbox, paymentProfiles, taxProfiles, users } from '../db/schema.ts';

/**
 * A column that holds values sealed by the Encryptor (`v1.<keyId>.…`). Key rotation re-encrypts
 * exactly these, so a new sealed column must be added here.
 */
export interface SealedColumn {
  table: PgTable;
  /** The table's primary key, in index order (rotation pages through rows by it). */
  primaryKey: PgColumn[];
  column: PgColumn;
}

export const sealedColumns: readonly SealedColumn[] = [
  { table: users, primaryKey: [users.id], column: users.totpSecret },
  { table: mailOutbox, primaryKey: [mailOutbox.id], column: mailOutbox.payload },
  { table: taxProfiles, primaryKey: [taxProfiles.organizationId, taxProfiles.id], column: taxProfiles.taxIdSealed },
  { table: paymentProfiles, primaryKey: [paymentProfiles.organizationId, paymentProfiles.id], column: paymentProfiles.accountSealed },
  { table: bankChangeRequests, primaryKey: [bankChangeRequests.organizationId, bankChangeRequests.id], column: bankChangeRequests.accountSealed },
];

/** `table.column`, as reported to operators and in rotation counts. */
export function sealedColumnName(sealed: SealedColumn): string {
  return `${getTableName(sealed.table)}.${sealed.column.name}`;
}
