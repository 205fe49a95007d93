import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { AppContext } from '../http/env.ts';
import { createLogger } from '../logger.ts';
import { systemActor } from '../modules/identity/actor.ts';
import { importBilling } from '../modules/billing/import-billing.ts';
import { importFx } from '../modules/billing/import-fx.ts';
import type { ImportSource } from '../modules/billing/runs.ts';
import { importPartners } from '../modules/partners/import-partners.ts';
import { readProgramFile } from '../modules/programs/program-file.ts';
import { importProgram } from '../modules/programs/programs.ts';
import { Encryptor, localKeyRing } from '../security/encryption.ts';
import { version } from '../version.ts';
import type { WithDatabase } from './mail.ts';
import { loadConfig } from '../config.ts';
import type { Output } from './output.ts';

/** The context use cases need, for a command run once (mail is delivered by a running server). */
export function commandContext(config: Config, db: Database): AppContext {
  return {
    config,
    db,
    logger: createLogger({ logLevel: 'warn' }),
    version,
    encryptor: new Encryptor(config.encryption ?? localKeyRing(config.dataDir)),
    now: () => new Date(),
    wakeMail: () => {},
    wakeJobs: () => {},
  };
}

/** A file to import as a stream, so that its size does not matter. */
export function fileSource(p: string): ImportSource {
  let size: number;
  try {
    size = fs.statSync(p).size;
    fs.accessSync(p, fs.constants.R_OK);
  } catch {
    throw Object.assign(new Error(`Cannot read ${p}`), { usage: true });
  }
  return { name: p, size, chunks: fs.createReadStream(p, { highWaterMark: 1 << 20 }) };
}

function readFileOrRefuse(p: string): Buffer {
  try {
    return fs.readFileSync(p);
  } catch {
    throw Object.assign(new Error(`Cannot read ${p}`), { usage: true });
  }
}

export function registerImportCommands(program: Command, out: Output, withDatabase: WithDatabase): void {
  const imports = program.command('import').description('import a file (all or nothing; importing it again changes nothing)');
  imports
    .command('partners')
    .description('organizations and locations (partners.csv), with agreements.csv and competencies.csv when named so')
    .argument('<files...>', 'the CSV files')
    .action(async (paths: string[]) => {
      const files = paths.map((p) => ({ name: p, content: readFileOrRefuse(p) }));
      const config = loadConfig();
      const counts = await withDatabase(config, 'accrue import partners', (db) => importPartners(commandContext(config, db), systemActor('cli'), files));
      out.result(counts, `Imported: ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged.`);
    });

  imports
    .command('program')
    .description('creates a program, or records a new version of it, from a program file (JSON or YAML)')
    .argument('<file>', 'the program file')
    .action(async (file: string) => {
      const definition = readProgramFile(path.basename(file), readFileOrRefuse(file).toString('utf8'));
      const config = loadConfig();
      const counts = await withDatabase(config, 'accrue import program', (db) => importProgram(commandContext(config, db), systemActor('cli'), definition));
      out.result(counts, counts.unchanged ? `${definition.code} is unchanged.` : `${definition.code} ${counts.inserted ? 'created' : 'updated with a new version'}.`);
    });

  const counted = (c: { inserted: number; updated: number; unchanged: number }) =>
    `Imported: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged.`;
  imports
    .command('billing')
    .description('billing lines (billing.csv); a line id imported again with other content becomes its new version')
    .argument('<file>', 'the CSV file')
    .action(async (file: string) => {
      const source = fileSource(file);
      const config = loadConfig();
      const counts = await withDatabase(config, 'accrue import billing', (db) => importBilling(commandContext(config, db), systemActor('cli'), source));
      out.result(counts, counted(counts));
    });

  imports
    .command('fx')
    .description('FX rates (fx.csv): units of each currency per US dollar, per month')
    .argument('<file>', 'the CSV file')
    .action(async (file: string) => {
      const source = fileSource(file);
      const config = loadConfig();
      const counts = await withDatabase(config, 'accrue import fx', (db) => importFx(commandContext(config, db), systemActor('cli'), source));
      out.result(counts, counted(counts));
    });
}
