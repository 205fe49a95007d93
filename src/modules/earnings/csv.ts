/** The columns of earnings.csv (formats.md), in order. */
export const earningsCsvColumns = [
  'earning_id',
  'line_id',
  'location_id',
  'program_code',
  'lever_code',
  'earning_type',
  'billed_month',
  'currency',
  'amount',
  'rate',
  'earning',
  'kind',
  'reason',
  'status',
  'payment_id',
] as const;

/**
 * A text cell that a spreadsheet would read as a formula (it starts with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, so opening an export never runs anything in it.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV field, quoted as RFC 4180 asks where it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One record: `text` cells are neutralized, `number` cells (amounts, months) written as they are;
 * null is an empty cell. Records end with CRLF, as RFC 4180 has it.
 */
export function csvRecord(cells: readonly ({ text: string | null } | { number: string | null })[]): string {
  return `${cells
    .map((cell) => ('text' in cell ? (cell.text === null ? '' : csvField(neutralizeFormula(cell.text))) : (cell.number ?? '')))
    .join(',')}\r\n`;
}
