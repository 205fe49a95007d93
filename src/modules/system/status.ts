import type { Database } from '../../db/client.ts';
import { migrationStatus, type MigrationStatus } from '../../db/migrate.ts';

export interface Readiness {
  ready: boolean;
  database: { reachable: boolean; latencyMs: number | null };
  migrations: MigrationStatus | null;
}

/** Ready means: the database answers and has every committed migration. */
export async function checkReadiness(db: Database): Promise<Readiness> {
  const started = performance.now();
  try {
    await db.query('select 1');
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const migrations = await migrationStatus(db);
    return {
      ready: migrations.applied >= migrations.known,
      database: { reachable: true, latencyMs },
      migrations,
    };
  } catch {
    return { ready: false, database: { reachable: false, latencyMs: null }, migrations: null };
  }
}
