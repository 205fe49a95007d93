import { once } from 'node:events';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import { earningsCsv } from '../modules/earnings/earnings-csv.ts';
import { everyOrganization } from '../modules/earnings/reader.ts';
import { locations } from '../modules/partners/schema.ts';
import { holdsCsv, paymentsCsv } from '../modules/payments/exports.ts';
import { parseMonth } from './earnings.ts';
import { commandContext } from './import.ts';
import type { WithDatabase } from './mail.ts';
import type { Output } from './output.ts';

function parseLocationId(value: string): string {
  if (!/^L-[0-9]{1,12}$/.test(value)) throw new InvalidArgumentError('must be a location id such as L-2000317');
  return value;
}

/** Writes the parts to stdout as they come, waiting whenever the reader is slower. */
async function writeAll(parts: AsyncIterable<string> | Iterable<string>): Promise<void> {
  for await (const part of parts) {
    if (!process.stdout.write(part)) await once(process.stdout, 'drain');
  }
}

/**
 * `accrue export earnings|payments|holds`: CSV exports of formats.md on stdout (earnings streamed).
 */
export function registerExportCommands(program: Command, _out: Output, withDatabase: WithDatabase): Command {
  const group = program.command('export').description('writes an export of formats.md as CSV to stdout');
  group
    .command('earnings')
    .description('earnings.csv: every earning, of every partner or one location, or those payable in a cycle')
    .option(
      '--cycle <month>',
      "only the earnings payable in this cycle, YYYY-MM: billed month + the program's payment delay ≤ the cycle, not in a payment",
      parseMonth,
    )
    .option('--location <id>', 'only the earnings of this location (L-…)', parseLocationId)
    .addOption(new Option('--format <format>', 'the file format').choices(['csv']).makeOptionMandatory())
    .action(async (options: { cycle?: string; location?: string; format: 'csv' }) => {
      const config = loadConfig();
      await withDatabase(config, 'accrue export earnings', async (db) => {
        const ctx = commandContext(config, db);
        let reader = everyOrganization();
        if (options.location) {
          const [known] = await db.orm.select({ organizationId: locations.organizationId }).from(locations).where(eq(locations.locationId, options.location));
          if (!known) throw AppError.validation([{ field: '--location', rule: 'unknown_location', message: `${options.location} is not a known location` }]);
          reader = { ...reader, organizationId: known.organizationId };
        }
        await writeAll(earningsCsv(ctx, reader, { location: options.location }, { cycle: options.cycle }));
      });
    });
  for (const kind of ['payments', 'holds'] as const) {
    group
      .command(kind)
      .description(kind === 'payments' ? 'payments.csv: every payment of every run not discarded, or of one cycle or location' : 'holds.csv: the groups a run did not pay, with every reason, of every cycle or one')
      .option('--cycle <month>', "only this cycle's run, YYYY-MM", parseMonth)
      .option('--location <id>', 'only this location (L-…)', parseLocationId)
      .addOption(new Option('--format <format>', 'the file format').choices(['csv']).makeOptionMandatory())
      .action(async (options: { cycle?: string; location?: string; format: 'csv' }) => {
        const config = loadConfig();
        await withDatabase(config, `accrue export ${kind}`, async (db) => {
          const ctx = commandContext(config, db);
          if (options.location) {
            const [known] = await db.orm.select({ id: locations.id }).from(locations).where(eq(locations.locationId, options.location));
            if (!known) throw AppError.validation([{ field: '--location', rule: 'unknown_location', message: `${options.location} is not a known location` }]);
          }
          const write = kind === 'payments' ? paymentsCsv : holdsCsv;
          await writeAll([await write(ctx, everyOrganization(), { cycle: options.cycle, location: options.location })]);
        });
      });
  }
  return group;
}
