import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { systemActor } from '../modules/identity/actor.ts';
import { runPayments } from '../modules/payments/run.ts';
import { parseMonth } from './earnings.ts';
import { parseDate } from './eligibility.ts';
import { commandContext } from './import.ts';
import type { WithDatabase } from './mail.ts';
import type { Output } from './output.ts';

/** `accrue payments run --cycle YYYY-MM [--date YYYY-MM-DD]`: creates (or returns) the cycle's run. */
export function registerPaymentsCommands(program: Command, out: Output, withDatabase: WithDatabase): void {
  const group = program.command('payments').description('payment runs');
  group
    .command('run')
    .description("creates the cycle's payment run (earnings.md §4), or returns the run the cycle already has")
    .requiredOption('--cycle <month>', 'the cycle month, YYYY-MM', parseMonth)
    .option('--date <date>', 'the day reasons not to pay are checked on, YYYY-MM-DD (default: today)', parseDate)
    .action(async (options: { cycle: string; date?: string }) => {
      const config = loadConfig();
      const { run, created } = await withDatabase(config, 'accrue payments run', (db) => runPayments(commandContext(config, db), systemActor('cli'), options));
      out.result(
        { id: run.id, cycle: run.cycle.slice(0, 7), date: run.runDate, status: run.status, payments: run.payments, holds: run.holds, created },
        `${created ? 'Created' : 'Already there:'} the payment run of ${run.cycle.slice(0, 7)} (${run.id}), ${run.status}: ${run.payments} payment(s), ${run.holds} group(s) held.`,
      );
    });
}
