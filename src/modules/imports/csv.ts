import { parse } from 'csv-parse/sync';

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
  columns: { required: readonly string[]; optional?: readonly string[] },
): CsvRecord[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new CsvFormatError([{ file, row: 0, column: null, rule: 'encoding', message: 'is not UTF-8 text' }]);
  }
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: false, record_delimiter: ['\r\n', '\n'] }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw new CsvFormatError([{ file, row: line, column: null, rule: 'csv_syntax', message: (error as Error).message.replace(/^Invalid Record Length: /, '') }]);
  }
  if (rows.length === 0) throw new CsvFormatError([{ file, row: 1, column: null, rule: 'header_missing', message: 'has no header row' }]);

  const header = rows[0]!.record.map((h) => h.trim());
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

  // `info.lines` is the line a record ends on; quoted cells may span lines.
  return rows.slice(1).map(({ record, info }) => ({
    row: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    values: Object.fromEntries(header.map((name, i) => [name, (record[i] ?? '').trim()])),
  }));
}
