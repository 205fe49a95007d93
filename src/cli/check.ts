import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/client.ts';
import { migrationStatus } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { checkInvariants, type CheckReport } from '../modules/system/check.ts';
import type { Output } from './output.ts';

/**
 * `accrue check`: verifies the invariants of earnings.md on the live database, changing nothing.
 * So it applies no migration: it refuses a database that lacks some, whose invariants would be
 * checked against the wrong schema. Exit status 1 when any invariant is broken.
 */
export function registerCheckCommand(program: Command, out: Output): void {
  program
    .command('check')
    .description('verifies every invariant of earnings and payments on the live database, naming each row that breaks one (exit status 1); changes nothing')
    .action(async () => {
      const config = loadConfig();
      const db = await openDatabase(config.database, { command: 'accrue check' });
      let report: CheckReport;
      try {
        const status = await migrationStatus(db);
        if (status.applied < status.known) {
          throw new AppError(
            'conflict',
            `The database has ${status.applied} of ${status.known} migrations: run \`accrue migrate\` first (\`accrue check\` changes nothing, migrations included).`,
          );
        }
        report = await checkInvariants({ db });
      } finally {
        await db.close();
      }
      if (!report.ok) out.failed = true;
      out.result(report, describeReport(report));
    });
}

export function describeReport(report: CheckReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${check.ok ? '✓' : '✗'} ${check.name}: ${check.description}${check.ok ? '' : ` (${check.count} row${check.count === 1 ? '' : 's'})`}`);
    for (const p of check.problems) lines.push(`    ${p.table} ${p.id}: ${p.detail}`);
    if (check.count > check.problems.length) lines.push(`    … and ${check.count - check.problems.length} more`);
  }
  const broken = report.checks.filter((c) => !c.ok);
  lines.push(
    broken.length === 0
      ? `All ${report.checks.length} invariants hold.`
      : `${broken.length} of ${report.checks.length} invariants broken, by ${broken.reduce((n, c) => n + c.count, 0)} row(s).`,
  );
  return lines.join('\n');
}
