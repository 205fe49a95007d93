import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';

/** One refused row (or the file itself, row 0 / 1 for the header): where, which column, which rule. */
export interface RowProblem {
  file: string;
  row: number;
  column: string | null;
  rule: string;
  message: string;
}

export interface CsvRecord {
  /** The line the record starts on (the header is line 1). */
  row: number;
  values: Record<string, string>;
}

export class CsvFormatError extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(problems.map((p) => `${p.file}: row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`).join('\n'));
    this.name = 'CsvFormatError';
  }
}

/**
 * Reads a CSV file as formats.md describes it: UTF-8 (a BOM is accepted), comma-separated, RFC 4180
 * quoting, a header row naming known columns in any order. Cells are trimmed; an empty cell is no
 * value. Anything else is refused with the row and column.
 */
export function readCsv(
  file: string,
  content: Uint8Array,
  columns: CsvColumns,
): CsvRecord[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new CsvFormatError([{ file, row: 0, column: null, rule: 'encoding', message: 'is not UTF-8 text' }]);
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseSync(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, record_delimiter: ['\r\n', '\n'] }) as never;
  } catch (error) {
    throw syntaxProblem(file, error);
  }
  if (rows.length === 0) throw new CsvFormatError([{ file, row: 1, column: null, rule: 'header_missing', message: 'has no header row' }]);

  const header = checkHeader(file, rows[0]!.record, columns);

  // `info.lines` is the line a record ends on; quoted cells may span lines.
  return rows.slice(1).map(({ record, info }) => ({
    row: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    values: Object.fromEntries(header.map((name, i) => [name, (record[i] ?? '').trim()])),
  }));
}

export interface CsvColumns {
  required: readonly string[];
  optional?: readonly string[];
}

/** The header's column names, or every problem with them (unknown, repeated or missing columns). */
function checkHeader(file: string, record: readonly string[], columns: CsvColumns): string[] {
  const header = record.map((h) => h.trim());
  const known = new Set([...columns.required, ...(columns.optional ?? [])]);
  const problems: RowProblem[] = [];
  header.forEach((name, index) => {
    if (!known.has(name)) problems.push({ file, row: 1, column: name || `#${index + 1}`, rule: 'unknown_column', message: `"${name}" is not a column of this file` });
    else if (header.indexOf(name) !== index) problems.push({ file, row: 1, column: name, rule: 'duplicate_column', message: `"${name}" appears twice` });
  });
  for (const name of columns.required) {
    if (!header.includes(name)) problems.push({ file, row: 1, column: name, rule: 'missing_column', message: `the column "${name}" is missing` });
  }
  if (problems.length) throw new CsvFormatError(problems);
  return header;
}

/**
 * `readCsv` for files too large to hold: reads `chunks` as they come and yields records in
 * batches, so memory stays flat whatever the size. Refuses as `readCsv` does; `onBytes` is told
 * how many bytes were read so far.
 */
export async function* streamCsv(
  file: string,
  chunks: AsyncIterable<Uint8Array>,
  columns: CsvColumns,
  options: { batchSize?: number; onBytes?: (bytes: number) => void } = {},
): AsyncGenerator<CsvRecord[]> {
  const batchSize = options.batchSize ?? 10_000;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: false, record_delimiter: ['\r\n', '\n'] });
  let header: string[] | null = null;
  let batch: CsvRecord[] = [];
  let bytes = 0;
  let failure: unknown = null;
  parser.on('error', (error) => {
    failure = error;
  });
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;

  // Feed the parser from `chunks` while this generator drains it; back-pressure through `write`.
  const feeding = (async () => {
    try {
      for await (const chunk of chunks) {
        bytes += chunk.byteLength;
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw new CsvFormatError([{ file, row: 0, column: null, rule: 'encoding', message: 'is not UTF-8 text' }]);
        }
        if (!parser.write(text)) await new Promise<void>((resolve) => parser.once('drain', resolve));
        options.onBytes?.(bytes);
      }
      try {
        parser.end(decoder.decode());
      } catch {
        throw new CsvFormatError([{ file, row: 0, column: null, rule: 'encoding', message: 'is not UTF-8 text' }]);
      }
    } catch (error) {
      failure = error;
      parser.destroy();
    }
  })();

  try {
    for (;;) {
      let next: IteratorResult<{ record: string[]; info: { lines: number } }>;
      try {
        next = await records.next();
      } catch (error) {
        throw failure instanceof CsvFormatError ? failure : syntaxProblem(file, error);
      }
      if (next.done) break;
      const { record, info } = next.value;
      if (!header) {
        header = checkHeader(file, record, columns);
        continue;
      }
      const names = header;
      batch.push({
        row: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
        values: Object.fromEntries(names.map((name, i) => [name, (record[i] ?? '').trim()])),
      });
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    await feeding;
    if (failure) throw failure instanceof CsvFormatError ? failure : syntaxProblem(file, failure);
    if (!header) throw new CsvFormatError([{ file, row: 1, column: null, rule: 'header_missing', message: 'has no header row' }]);
    if (batch.length) yield batch;
  } finally {
    parser.destroy();
    await feeding.catch(() => {});
  }
}

function syntaxProblem(file: string, error: unknown): CsvFormatError {
  const line = (error as { lines?: number }).lines ?? 0;
  return new CsvFormatError([{ file, row: line, column: null, rule: 'csv_syntax', message: (error as Error).message.replace(/^Invalid Record Length: /, '') }]);
}
