import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { monthPattern } from '../modules/billing/months.ts';
import { calculateEarnings } from '../modules/earnings/calculate.ts';
import { systemActor } from '../modules/identity/actor.ts';
import { commandContext } from './import.ts';
import type { WithDatabase } from './mail.ts';
import type { Output } from './output.ts';

export function parseMonth(value: string): string {
  if (!monthPattern.test(value)) throw new InvalidArgumentError('must be a month written YYYY-MM');
  return value;
}

/** `accrue calculate [--from YYYY-MM] [--to YYYY-MM]`: records earnings and adjustments. */
export function registerCalculateCommand(program: Command, out: Output, withDatabase: WithDatabase): void {
  program
    .command('calculate')
    .description('records the earnings owed for the billed months (all, or a range), as adjustments where they changed')
    .option('--from <month>', 'first billed month, YYYY-MM', parseMonth)
    .option('--to <month>', 'last billed month, YYYY-MM', parseMonth)
    .action(async (options: { from?: string; to?: string }) => {
      const config = loadConfig();
      const result = await withDatabase(config, 'accrue calculate', (db) => calculateEarnings(commandContext(config, db), systemActor('cli'), options));
      out.result(result, `Calculated: ${result.calculated} earnings and ${result.adjusted} adjustments recorded.`);
    });
}
