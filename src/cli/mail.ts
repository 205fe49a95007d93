import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig, type Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { listMail, mailStatuses, type MailEntry, type MailStatus } from '../modules/mail/log.ts';
import { Encryptor, localKeyRing } from '../security/encryption.ts';
import type { Output } from './output.ts';

/** Opens the configured database, migrates, runs `work`, closes (main.ts's `withDatabase`). */
export type WithDatabase = <T>(config: Config, command: string, work: (db: Database) => Promise<T>) => Promise<T>;

/** `accrue mail …`: the mail log, where operators without SMTP find the links that were "sent". */
export function registerMailCommands(program: Command, out: Output, withDatabase: WithDatabase): void {
  const mail = program.command('mail').description('the mail log: mail queued, sent, kept without SMTP, or failed');

  mail
    .command('list')
    .description('list mail, newest first')
    .addOption(new Option('--status <status>', 'only mail with this status').choices(mailStatuses))
    .option('--to <email>', 'only mail to this address')
    .addOption(new Option('--limit <n>', 'at most this many, 1 to 1000').default(50).argParser(parseLimit))
    .option('--body', 'print the text body of each mail (links included)')
    .action(async (options: { status?: MailStatus; to?: string; limit: number; body?: boolean }) => {
      const config = loadConfig();
      const encryptor = new Encryptor(config.encryption ?? localKeyRing(config.dataDir));
      const entries = await withDatabase(config, 'accrue mail list', (db) =>
        listMail(db, encryptor, {
          ...(options.status ? { status: options.status } : {}),
          ...(options.to ? { recipient: options.to } : {}),
          limit: options.limit,
          includeBody: options.body === true,
        }),
      );
      out.result({ mail: entries }, describeMail(entries, options.body === true));
    });
}

function parseLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidArgumentError('must be a whole number from 1 to 1000');
  }
  return limit;
}

const minute = (date: Date | null) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-');

function describeMail(entries: MailEntry[], withBody: boolean): string {
  if (entries.length === 0) return 'No mail.';
  const header = ['CREATED', 'STATUS', 'TRIES', 'TO', 'TEMPLATE', 'LOCALE', 'SUBJECT'];
  const rows = entries.map((e) => [
    minute(e.createdAt),
    e.status,
    String(e.attempts),
    e.recipientEmail,
    e.template,
    e.locale,
    e.subject,
  ]);
  // The subject is last: it may hold wide (CJK) characters, which would upset the padding.
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  if (!withBody) return [line(header), ...rows.map(line)].join('\n');

  return entries
    .map((e, i) => {
      const details = [
        line(header),
        line(rows[i]!),
        `id ${e.id}, to ${e.recipientName} <${e.recipientEmail}>, sent ${minute(e.sentAt)}`,
        ...(e.lastError ? [`last error: ${e.lastError}`] : []),
        '',
        (e.text ?? '(the body cannot be opened with the current encryption keys)').trimEnd(),
      ];
      return details.join('\n');
    })
    .join(`\n\n${'-'.repeat(72)}\n\n`);
}
