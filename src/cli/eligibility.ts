import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { isRealDate } from '../modules/billing/months.ts';
import { runEligibility, type EligibilityRunResult } from '../modules/eligibility/evaluate.ts';
import { systemActor } from '../modules/identity/actor.ts';
import { commandContext } from './import.ts';
import type { WithDatabase } from './mail.ts';
import type { Output } from './output.ts';

/** `accrue eligibility [--date YYYY-MM-DD]`: evaluates eligibility now, as the daily run does. */
export function registerEligibilityCommand(program: Command, out: Output, withDatabase: WithDatabase): void {
  program
    .command('eligibility')
    .description('evaluates eligibility of every location for every open program, creates invitations and moves enrollments')
    .option('--date <date>', 'the date to evaluate for, YYYY-MM-DD (default: today, UTC)', parseDate)
    .action(async (options: { date?: string }) => {
      const config = loadConfig();
      const result = await withDatabase(config, 'accrue eligibility', (db) =>
        runEligibility(commandContext(config, db), systemActor('cli'), { ...(options.date ? { date: options.date } : {}), reason: 'accrue eligibility' }),
      );
      out.result(result, describe(result));
    });
}

/** A `--date` option: a real calendar day, `YYYY-MM-DD`. */
export function parseDate(value: string): string {
  if (!isRealDate(value)) throw new InvalidArgumentError('must be a real date written YYYY-MM-DD');
  return value;
}

function describe(r: EligibilityRunResult): string {
  return [
    `Eligibility on ${r.date}: ${r.evaluated} location-program pairs evaluated, ${r.eligible} eligible, ${r.changed} changed.`,
    `Invitations: ${r.invited}. Eligibility lost: ${r.lost}. Moved by a closed or discontinued program: ${r.programEnded}.`,
  ].join('\n');
}
