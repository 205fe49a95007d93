import { Command, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { demoPassword, demoSignIns } from '../modules/demo/demo-users.ts';
import { version } from '../version.ts';
import { exitCodes, type Output, createOutput } from './output.ts';
import { commandContext, registerImportCommands } from './import.ts';
import { registerMailCommands } from './mail.ts';
import { registerEligibilityCommand } from './eligibility.ts';
import { registerKeysCommands } from './keys.ts';
import { registerCalculateCommand } from './earnings.ts';
import { registerExportCommands } from './export.ts';
import { registerPaymentsCommands } from './payments.ts';
import { registerCheckCommand } from './check.ts';

/** Opens the configured database, applies pending migrations, runs `work`, closes. */
async function withDatabase<T>(config: Config, command: string, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config.database, { command });
  try {
    await migrateDatabase(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

function buildProgram(out: Output): Command {
  const program = new Command()
    .name('accrue')
    .description(
      'Accrue, the partner incentives center. Works on the embedded database in ./.accrue ' +
        '(or $ACCRUE_DATA_DIR), or on PostgreSQL when $DATABASE_URL is set.',
    )
    .version(version, '-v, --version')
    .option('--json', 'print one JSON document on stdout instead of text')
    .showHelpAfterError()
    // Set before any subcommand is added: subcommands copy these settings when created.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nExit status: 0 success, 1 refused input or the work could not be done, 2 usage error.',
    );

  program
    .command('serve')
    .description('web portal, REST API and background workers')
    .addOption(new Option('-p, --port <port>', 'port to listen on (default: $PORT or 3000)').argParser(parsePort))
    .option('--demo', 'load the demo data set first when the database is empty')
    .option('--no-web', 'serve the API only (the portal is served by `npm run dev`)')
    .action(async (options: { port?: number; demo?: boolean; web: boolean }) => {
      const config = loadConfig(process.env, { port: options.port });
      // Loaded when used: the server and the demo pull in most of the application, which the
      // other commands do not need at start.
      const { serve } = await import('./serve.ts');
      await serve(config, { demo: options.demo === true, web: options.web, out });
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = loadConfig();
      const status = await withDatabase(config, 'accrue migrate', (db) => migrateDatabase(db));
      out.result(status, `Database is migrated: ${status.applied} of ${status.known} migrations applied (latest ${status.latest}).`);
    });

  program
    .command('demo')
    .description('load the demo data set into an empty database')
    .action(async () => {
      const config = loadConfig();
      const { loadDemo } = await import('../modules/demo/demo.ts');
      const result = await withDatabase(config, 'accrue demo', (db) => loadDemo(commandContext(config, db)));
      out.result(
        result,
        `Demo data loaded: ${result.organizations} partner organizations, ${result.locations} locations, ${result.users} users, ${result.programs} programs, ${result.enrollments} enrollments.\n` +
          `Sign in with any of these (password "${demoPassword}"):\n  ${demoSignIns().join('\n  ')}`,
      );
    });

  registerMailCommands(program, out, withDatabase);
  registerImportCommands(program, out, withDatabase);
  registerEligibilityCommand(program, out, withDatabase);
  registerKeysCommands(program, out, withDatabase);
  registerCalculateCommand(program, out, withDatabase);
  registerPaymentsCommands(program, out, withDatabase);
  registerExportCommands(program, out, withDatabase);
  registerCheckCommand(program, out);
  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CommanderError(exitCodes.usage, 'accrue.invalidPort', `--port must be a whole number from 1 to 65535 (got "${value}")`);
  }
  return port;
}

/** Runs the command line; resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const out = createOutput(argv.includes('--json'));
  const program = buildProgram(out);
  try {
    await program.parseAsync(argv);
    return out.failed ? exitCodes.refused : exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return exitCodes.ok;
      }
      // Commander has printed its own usage errors; ours (`accrue.*`) are printed here.
      if (error.code.startsWith('accrue.')) out.error('usage', error.message);
      return exitCodes.usage;
    }
    if (error instanceof ConfigError) {
      out.error('configuration', error.message);
      return exitCodes.refused;
    }
    if (error instanceof DataDirLockedError) {
      out.error('data_dir_locked', error.message);
      return exitCodes.refused;
    }
    if (error instanceof AppError) {
      out.error(error.code, error.message, error.details.rows ?? error.details.fields);
      return exitCodes.refused;
    }
    if ((error as { usage?: boolean }).usage) {
      out.error('unreadable_file', (error as Error).message);
      return exitCodes.refused;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      const { port } = error as { port?: number };
      out.error('port_in_use', `Port ${port ?? ''} is already in use. Stop what listens there, or choose another with --port or PORT.`);
      return exitCodes.refused;
    }
    out.error('internal', error instanceof Error ? (error.stack ?? error.message) : String(error));
    return exitCodes.refused;
  }
}
