import { and, asc, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { rowsOf, type Database, type Orm } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { recordAudit } from '../modules/audit/audit.ts';
import type { Actor } from '../modules/identity/actor.ts';
import type { Encryptor } from './encryption.ts';
import { sealedColumnName, sealedColumns, type SealedColumn } from './sealed-columns.ts';

export interface KeyRotationResult {
  /** The key every sealed value is now encrypted with: the first of the ring. */
  keyId: string;
  reencrypted: number;
  /** Values re-encrypted per `table.column`. */
  byColumn: Record<string, number>;
  /** Values that were already encrypted with `keyId`. */
  alreadyCurrent: number;
}

const defaultBatchSize = 500;

/**
 * Re-encrypts every sealed value (sealed-columns.ts) that is not yet under the ring's current key,
 * in batches of its own transaction each. A value changed meanwhile is left as it was written.
 * Refuses, before changing anything, when a value was sealed with a key the ring does not hold.
 */
export async function rotateKeys(
  db: Database,
  encryptor: Encryptor,
  options: { actor: Actor; batchSize?: number },
): Promise<KeyRotationResult> {
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? defaultBatchSize));
  const keyId = encryptor.currentKeyId;

  let alreadyCurrent = 0;
  for (const sealed of sealedColumns) {
    for (const found of await keysIn(db.orm, sealed)) {
      if (found.keyId === keyId) alreadyCurrent += found.values;
      else if (found.keyId === null) throw notSealed(sealed, found.values, true);
      else if (!encryptor.hasKey(found.keyId)) throw unknownKey(sealed, found.keyId, found.values, true);
    }
  }

  const byColumn: Record<string, number> = {};
  for (const sealed of sealedColumns) {
    byColumn[sealedColumnName(sealed)] = await reencryptColumn(db.orm, encryptor, sealed, batchSize);
  }
  const result: KeyRotationResult = {
    keyId,
    reencrypted: Object.values(byColumn).reduce((sum, n) => sum + n, 0),
    byColumn,
    alreadyCurrent,
  };
  await recordAudit(db.orm, options.actor, {
    action: 'keys.rotated',
    organizationId: null,
    targetType: 'encryption_key',
    targetId: keyId,
    // As a list: audit drops keys that name a secret, such as `users.totp_secret`.
    after: {
      reencrypted: result.reencrypted,
      alreadyCurrent,
      columns: Object.entries(byColumn).map(([column, reencrypted]) => ({ column, reencrypted })),
    },
  });
  return result;
}

/** How many values of the column each key sealed; `keyId` null for values that are not sealed. */
async function keysIn(orm: Orm, sealed: SealedColumn): Promise<{ keyId: string | null; values: number }[]> {
  const { column } = sealed;
  const keyId = sql<string | null>`case when split_part(${column}, '.', 1) = 'v1' then split_part(${column}, '.', 2) end`;
  return orm
    .select({ keyId, values: sql<number>`count(*)::int` })
    .from(sealed.table)
    .where(isNotNull(column))
    .groupBy(keyId);
}

async function reencryptColumn(orm: Orm, encryptor: Encryptor, sealed: SealedColumn, batchSize: number): Promise<number> {
  const { table, column, primaryKey } = sealed;
  // starts_with rather than LIKE: key ids may contain `_`, a LIKE wildcard.
  const notCurrent = sql`not starts_with(${column}, ${`v1.${encryptor.currentKeyId}.`})`;
  const fields = Object.fromEntries([['value', column], ...primaryKey.map((k, i) => [`k${i}`, k])]) as Record<string, PgColumn>;
  let after: unknown[] | null = null;
  let reencrypted = 0;
  for (;;) {
    const batch = await orm.transaction(async (tx) => {
      const rows = (await tx
        .select(fields)
        .from(table)
        .where(and(isNotNull(column), notCurrent, after ? sql`(${sql.join(primaryKey, sql`, `)}) > (${typedList(after, primaryKey)})` : undefined))
        .orderBy(...primaryKey.map((k) => asc(k)))
        .limit(batchSize)) as Record<string, unknown>[];
      if (rows.length === 0) return { last: null, updated: 0 };
      const changes = rows.map((row) => {
        const key = primaryKey.map((_, i) => row[`k${i}`]);
        const old = row.value as string;
        return { key, old, next: encryptor.seal(reopen(encryptor, sealed, old)) };
      });
      const updated = await compareAndSet(tx, sealed, changes);
      return { last: changes.at(-1)!.key, updated };
    });
    if (batch.last === null) return reencrypted;
    reencrypted += batch.updated;
    after = batch.last;
  }
}

/** Writes each new value only where the row still holds the value read; returns how many were written. */
async function compareAndSet(
  tx: Pick<Orm, 'execute'>,
  { table, column, primaryKey }: SealedColumn,
  changes: { key: unknown[]; old: string; next: string }[],
): Promise<number> {
  const rows = sql.join(
    changes.map((c) => sql`(${typedList(c.key, primaryKey)}, cast(${c.old} as text), cast(${c.next} as text))`),
    sql`, `,
  );
  const keyNames = primaryKey.map((_, i) => sql.raw(`k${i}`));
  const target = sql.identifier(column.name);
  const sameRow = sql.join(primaryKey.map((k, i) => sql`t.${sql.identifier(k.name)} = v.${keyNames[i]}`), sql` and `);
  const result = await tx.execute(sql`
    update ${table} as t set ${target} = v.next_value
    from (values ${rows}) as v(${sql.join(keyNames, sql`, `)}, old_value, next_value)
    where ${sameRow} and t.${target} = v.old_value
    returning 1`);
  return rowsOf(result).length;
}

/** Values as a list cast to their columns' types, for row comparisons and VALUES lists. */
function typedList(values: unknown[], columns: PgColumn[]): SQL {
  return sql.join(
    values.map((v, i) => sql`cast(${v} as ${sql.raw(columns[i]!.getSQLType())})`),
    sql`, `,
  );
}

function reopen(encryptor: Encryptor, sealed: SealedColumn, value: string): string {
  const keyId = value.startsWith('v1.') ? value.split('.')[1]! : null;
  if (keyId === null) throw notSealed(sealed, 1, false);
  // A value written meanwhile, by a server holding another key ring.
  if (!encryptor.hasKey(keyId)) throw unknownKey(sealed, keyId, 1, false);
  try {
    return encryptor.open(value);
  } catch {
    throw new AppError(
      'conflict',
      `A value in ${sealedColumnName(sealed)} cannot be opened with key "${keyId}": the key of that id in the key ring is not the one that sealed it.`,
    );
  }
}

function unknownKey(sealed: SealedColumn, keyId: string, values: number, nothingDone: boolean): AppError {
  return new AppError(
    'conflict',
    `${sealedColumnName(sealed)} holds ${values} value${values === 1 ? '' : 's'} encrypted with key "${keyId}", ` +
      `which is not in the key ring. Add that key to ACCRUE_ENCRYPTION_KEY (or, where that variable is not set, ` +
      `to encryption.keys in the data directory) after the current key, and run accrue keys rotate again.` +
      (nothingDone ? ' Nothing was re-encrypted.' : ''),
  );
}

function notSealed(sealed: SealedColumn, values: number, nothingDone: boolean): AppError {
  return new AppError(
    'conflict',
    `${sealedColumnName(sealed)} holds ${values} value${values === 1 ? '' : 's'} that ${values === 1 ? 'is' : 'are'} not encrypted (no "v1.<key id>." prefix).` +
      (nothingDone ? ' Nothing was re-encrypted.' : ''),
  );
}
