// The payment statement as an A4 PDF in the reader's language (domain.md §8): its labels from the
// `statements` catalog, numbers, money and dates by Intl in the reader's locale, and its text in
// Noto Sans KR and TC embedded as subsets, so it reads the same on any machine.
import PDFDocument from 'pdfkit';
import { hasMessage, translate } from '../../i18n/catalogs.ts';
import { formatDecimal, formatMoney, formatMonth, formatRate } from '../../i18n/format.ts';
import type { Locale } from '../../i18n/locales.ts';
import { minorUnits } from '../money/currency.ts';
import type { Statement, StatementLine } from './statement.ts';
import { fontRuns, statementFonts, type FontWeight, type StatementFonts } from './statement-fonts.ts';

export interface StatementPdfOptions {
  /** The zone the reader's dates are given in; UTC unless said. */
  timeZone?: string;
}

const page = { width: 595.28, height: 841.89 }; // A4 in points
const margin = { x: 48, top: 52, bottom: 64 };
const contentWidth = page.width - 2 * margin.x;
const colour = { text: '#1f2328', muted: '#59636e', rule: '#d1d9e0', fill: '#f1f3f5', accent: '#1c5d99' };

interface TextStyle {
  size: number;
  weight?: FontWeight;
  colour?: string;
  align?: 'left' | 'right';
  /** Width the text must fit in; longer text is cut with an ellipsis. */
  width?: number;
}

/** Draws text a line at a time, each character in the first of the two fonts that has it. */
class Typesetter {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly fonts: StatementFonts,
  ) {
    for (const weight of ['regular', 'bold'] as const) {
      // pdfkit takes a parsed fontkit font as well as bytes; the cast is for its type declarations.
      doc.registerFont(`primary-${weight}`, fonts.primary[weight] as unknown as Buffer);
      doc.registerFont(`fallback-${weight}`, fonts.fallback[weight] as unknown as Buffer);
    }
  }

  private runs(text: string, weight: FontWeight) {
    return fontRuns(text, this.fonts.primary[weight], this.fonts.fallback[weight]).map((run) => ({
      text: run.text,
      font: `${run.fallback ? 'fallback' : 'primary'}-${weight}`,
    }));
  }

  width(text: string, size: number, weight: FontWeight = 'regular'): number {
    let width = 0;
    for (const run of this.runs(text, weight)) width += this.doc.font(run.font).fontSize(size).widthOfString(run.text);
    return width;
  }

  fit(text: string, width: number, size: number, weight: FontWeight = 'regular'): string {
    if (this.width(text, size, weight) <= width) return text;
    const chars = [...text];
    while (chars.length > 0 && this.width(`${chars.join('')}…`, size, weight) > width) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  }

  /** One line of text whose baseline is at `y`. */
  draw(text: string, x: number, y: number, style: TextStyle): void {
    const weight = style.weight ?? 'regular';
    const shown = style.width === undefined ? text : this.fit(text, style.width, style.size, weight);
    let left = x;
    if (style.align === 'right') left = x + (style.width ?? 0) - this.width(shown, style.size, weight);
    this.doc.fillColor(style.colour ?? colour.text);
    for (const run of this.runs(shown, weight)) {
      this.doc.font(run.font).fontSize(style.size);
      this.doc.text(run.text, left, y, { lineBreak: false, baseline: 'alphabetic' });
      left += this.doc.widthOfString(run.text);
    }
  }

  /**
   * Lines of at most `width`: broken at spaces, and between any two Han characters or full-width
   * signs, which Chinese breaks anywhere; Korean words, like Latin ones, stay whole unless one
   * alone is wider than a line (a long identifier), which is then cut where it must be.
   */
  wrap(text: string, width: number, size: number, weight: FontWeight = 'regular'): string[] {
    const tokens = text.match(/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef][，。、；：）」』]?|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\s+/g) ?? [];
    const lines: string[] = [];
    let line = '';
    const fits = (candidate: string) => this.width(candidate.trimEnd(), size, weight) <= width;
    for (const token of tokens) {
      if (fits(line + token)) {
        line += token;
        continue;
      }
      if (line.trim() !== '') lines.push(line.trimEnd());
      line = '';
      for (const char of token.trimStart()) {
        if (line !== '' && !fits(line + char)) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    if (line.trim() !== '') lines.push(line.trimEnd());
    return lines;
  }
}

interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right';
}

const table = { header: 20, row: 17, lineHeight: 10, size: 8, maxLines: 3 };

/** The statement, laid out top to bottom, a new page whenever the next thing would not fit. */
class StatementLayout {
  y = margin.top;

  constructor(
    private readonly set: Typesetter,
    private readonly s: Statement,
    private readonly locale: Locale,
    private readonly timeZone: string,
  ) {}

  private t(key: string, values: Record<string, unknown> = {}): string {
    return translate(this.locale, `statements:${key}`, values);
  }

  private get doc() {
    return this.set.doc;
  }

  private ensure(height: number): boolean {
    if (this.y + height <= page.height - margin.bottom) return false;
    this.doc.addPage();
    this.y = margin.top;
    return true;
  }

  private rule(y: number, colourOf = colour.rule, width = 0.6): void {
    this.doc.moveTo(margin.x, y).lineTo(margin.x + contentWidth, y).lineWidth(width).strokeColor(colourOf).stroke();
  }

  private date(instant: string): string {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeZone: this.timeZone }).format(new Date(instant));
  }

  private heading(text: string, aside?: string): void {
    this.ensure(40);
    this.y += 22;
    this.set.draw(text, margin.x, this.y, { size: 12, weight: 'bold', colour: colour.accent, width: contentWidth * 0.7 });
    if (aside) this.set.draw(aside, margin.x, this.y, { size: 8.5, colour: colour.muted, align: 'right', width: contentWidth });
    this.y += 8;
  }

  private paragraph(text: string, size = 8.5): void {
    for (const line of this.set.wrap(text, contentWidth, size)) {
      this.ensure(size * 1.6);
      this.y += size * 1.55;
      this.set.draw(line, margin.x, this.y, { size, colour: colour.muted });
    }
  }

  title(): void {
    const s = this.s;
    this.y += 20;
    this.set.draw(this.t('title'), margin.x, this.y, { size: 20, weight: 'bold', width: contentWidth * 0.65 });
    this.set.draw(this.t(`status.${s.status}`), margin.x, this.y, { size: 11, weight: 'bold', colour: colour.accent, align: 'right', width: contentWidth });
    this.y += 16;
    this.set.draw(this.t('subtitle', { paymentId: s.paymentId }), margin.x, this.y, { size: 8.5, colour: colour.muted, width: contentWidth });
    this.y += 10;
    this.rule(this.y, colour.text, 1);
  }

  details(): void {
    const s = this.s;
    const labelWidth = 112;
    // A value takes up to two lines; a label one.
    const row = (label: string, value: string, x: number, width: number): number => {
      this.set.draw(label, x, this.y, { size: 9, colour: colour.muted, width: labelWidth - 8 });
      const lines = this.set.wrap(value, width - labelWidth, 9);
      const shown = lines.length <= 2 ? lines : [lines[0]!, lines.slice(1).join(' ')];
      shown.forEach((line, n) => this.set.draw(line, x + labelWidth, this.y + n * 12, { size: 9, width: width - labelWidth }));
      return (shown.length - 1) * 12;
    };
    const account = s.accountLast4
      ? this.t('account', { profile: s.paymentProfileName ?? '', last4: s.accountLast4.slice(-4) })
      : s.paymentProfileName ?? this.t('noAccount');
    const wide: [string, string][] = [
      [this.t('fields.organization'), s.organizationName],
      [this.t('fields.location'), this.t('nameAndCode', { name: s.locationName, code: s.locationCode })],
      [this.t('fields.program'), this.t('nameAndCode', { name: s.programName, code: s.programCode })],
      [this.t('fields.profile'), account],
    ];
    this.y += 8;
    for (const [label, value] of wide) {
      this.y += 15;
      this.y += row(label, value, margin.x, contentWidth);
    }
    const half = contentWidth / 2;
    const pairs: [[string, string], [string, string]][] = [
      [
        [this.t('fields.cycle'), formatMonth(s.cycle, this.locale)],
        [this.t('fields.status'), this.t(`status.${s.status}`)],
      ],
      [
        [this.t('fields.created'), this.date(s.createdAt)],
        [this.t('fields.sent'), s.sentAt ? this.date(s.sentAt) : this.t('notSent')],
      ],
      [
        [this.t('fields.payoutCurrency'), s.payoutCurrency],
        [this.t('fields.fxMonth'), formatMonth(s.fxMonth, this.locale)],
      ],
    ];
    for (const [left, right] of pairs) {
      this.y += 15;
      this.y += Math.max(row(left[0], left[1], margin.x, half - 12), row(right[0], right[1], margin.x + half, half));
    }
    this.y += 10;
    this.rule(this.y);
  }

  /**
   * A table with its header row, repeated (under `continued`) at the top of every further page.
   * Text wraps within its column, up to three lines; a number is never cut, it shrinks to fit.
   */
  private table(columns: Column[], rows: string[][], continued?: string): void {
    const labels = columns.map((column) => this.set.wrap(column.label, column.width - 8, table.size, 'bold').slice(0, 2));
    const headerHeight = table.header + (Math.max(...labels.map((lines) => lines.length)) - 1) * table.lineHeight;
    const header = () => {
      this.doc.rect(margin.x, this.y, contentWidth, headerHeight).fill(colour.fill);
      let x = margin.x;
      columns.forEach((column, i) => {
        labels[i]!.forEach((line, n) => {
          const y = this.y + 13 + n * table.lineHeight;
          this.set.draw(line, x + 4, y, { size: table.size, weight: 'bold', colour: colour.muted, align: column.align ?? 'left', width: column.width - 8 });
        });
        x += column.width;
      });
      this.y += headerHeight;
    };
    const cellLines = (cell: string, column: Column): string[] => {
      if (column.align === 'right') return [cell];
      const lines = this.set.wrap(cell, column.width - 8, table.size);
      return lines.length <= table.maxLines ? lines : [...lines.slice(0, table.maxLines - 1), lines.slice(table.maxLines - 1).join(' ')];
    };
    this.ensure(headerHeight + table.row);
    this.y += 6;
    header();
    for (const cells of rows) {
      const wrapped = cells.map((cell, i) => cellLines(cell, columns[i]!));
      const height = table.row + (Math.max(1, ...wrapped.map((lines) => lines.length)) - 1) * table.lineHeight;
      if (this.ensure(height)) {
        if (continued) {
          this.y += 12;
          this.set.draw(continued, margin.x, this.y, { size: 10, weight: 'bold', colour: colour.accent, width: contentWidth });
          this.y += 8;
        }
        header();
      }
      let x = margin.x;
      wrapped.forEach((lines, i) => {
        const column = columns[i]!;
        const width = column.width - 8;
        lines.forEach((line, n) => {
          const y = this.y + 12 + n * table.lineHeight;
          if (column.align === 'right') {
            const size = Math.max(5, Math.min(table.size, (table.size * width) / this.set.width(line, table.size)));
            this.set.draw(line, x + 4, y, { size, align: 'right', width: width + 1 });
          } else {
            this.set.draw(line, x + 4, y, { size: table.size, width });
          }
        });
        x += column.width;
      });
      this.y += height;
      this.rule(this.y, colour.rule, 0.4);
    }
  }

  conversions(): void {
    const s = this.s;
    const payout = s.payoutCurrency;
    this.heading(this.t('conversions.title', { currency: payout }));
    this.paragraph(this.t('conversions.intro', { currency: payout, month: formatMonth(s.fxMonth, this.locale) }));
    const columns: Column[] = [
      { label: this.t('conversions.currency'), width: 64 },
      { label: this.t('conversions.sum'), width: 118, align: 'right' },
      { label: this.t('conversions.unitsPerUsd'), width: 96, align: 'right' },
      { label: this.t('conversions.payoutUnitsPerUsd', { currency: payout }), width: 96, align: 'right' },
      { label: this.t('conversions.converted', { currency: payout }), width: contentWidth - 374, align: 'right' },
    ];
    const rows = s.conversions.map((c) => [
      c.currency,
      formatDecimal(c.sum, this.locale, { minimumFractionDigits: minorUnits(c.currency) }),
      formatDecimal(c.unitsPerUsd, this.locale),
      formatDecimal(c.payoutUnitsPerUsd, this.locale),
      formatDecimal(c.converted, this.locale, { minimumFractionDigits: minorUnits(payout) }),
    ]);
    this.table(columns, rows);
  }

  totals(): void {
    const s = this.s;
    const money = (amount: string) => formatMoney(amount, s.payoutCurrency, this.locale);
    const negated = s.withholding.startsWith('-') ? s.withholding.slice(1) : `-${s.withholding}`;
    this.heading(this.t('totals.title'));
    const boxWidth = 280;
    const x = margin.x + contentWidth - boxWidth;
    const rows: [string, string, FontWeight, number][] = [
      [this.t('totals.gross'), money(s.gross), 'regular', 10],
      [this.t('totals.withholding', { rate: formatRate(s.withholdingRate, this.locale) }), money(negated), 'regular', 10],
    ];
    this.ensure(80);
    for (const [label, value, weight, size] of rows) {
      this.y += 17;
      this.set.draw(label, x, this.y, { size, weight, width: boxWidth - 110 });
      this.set.draw(value, x, this.y, { size, weight, align: 'right', width: boxWidth });
    }
    this.y += 7;
    this.doc.moveTo(x, this.y).lineTo(x + boxWidth, this.y).lineWidth(1).strokeColor(colour.text).stroke();
    this.y += 18;
    this.set.draw(this.t('totals.net'), x, this.y, { size: 12, weight: 'bold', width: boxWidth - 130 });
    this.set.draw(money(s.net), x, this.y, { size: 12, weight: 'bold', align: 'right', width: boxWidth });
    this.y += 6;
    this.paragraph(this.t('totals.note', { currency: s.payoutCurrency }), 7.5);
  }

  private kind(line: StatementLine): string {
    if (line.kind === 'calculated') return this.t('lines.calculated');
    const code = line.reason ?? '';
    const reason = code && hasMessage(this.locale, `earnings:reason.${code}`) ? translate(this.locale, `earnings:reason.${code}`) : code;
    return this.t('lines.adjustment', { reason });
  }

  lines(): void {
    const s = this.s;
    this.heading(this.t('lines.title'), this.t('lines.count', { count: s.lines.length }));
    if (s.lines.length === 0) {
      this.paragraph(this.t('lines.none'), 9);
      return;
    }
    const columns: Column[] = [
      { label: this.t('lines.billedMonth'), width: 58 },
      { label: this.t('lines.line'), width: 72 },
      { label: this.t('lines.lever'), width: 46 },
      { label: this.t('lines.type'), width: 108 },
      { label: this.t('lines.currency'), width: 44 },
      { label: this.t('lines.amount'), width: 62, align: 'right' },
      { label: this.t('lines.rate'), width: 30, align: 'right' },
      { label: this.t('lines.earning'), width: contentWidth - 420, align: 'right' },
    ];
    const rows = s.lines.map((l) => [
      formatMonth(l.billedMonth, this.locale),
      l.lineId ?? this.t('lines.manual'),
      l.leverCode,
      this.kind(l),
      l.currency,
      l.amount === null ? '' : formatDecimal(l.amount, this.locale, { minimumFractionDigits: 2 }),
      l.rate === null ? '' : formatRate(l.rate, this.locale),
      formatDecimal(l.earning, this.locale, { minimumFractionDigits: 2 }),
    ]);
    this.table(columns, rows, this.t('lines.continued'));
  }

  /** Page numbers and the payment on every page, once the number of pages is known. */
  footers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const y = page.height - 34;
      this.rule(y - 12);
      this.set.draw(`${this.t('title')} · ${this.s.paymentId}`, margin.x, y, { size: 7.5, colour: colour.muted, width: contentWidth * 0.7 });
      this.set.draw(this.t('page', { page: i - range.start + 1, pages: range.count }), margin.x, y, { size: 7.5, colour: colour.muted, align: 'right', width: contentWidth });
    }
  }
}

/**
 * The statement as an A4 PDF in the reader's language. The same statement gives the same bytes:
 * the document's dates and id come from the statement, not the clock.
 */
export async function renderStatementPdf(s: Statement, locale: Locale, options: StatementPdfOptions = {}): Promise<Uint8Array> {
  const fonts = await statementFonts(locale);
  const created = new Date(s.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    lang: locale,
    displayTitle: true,
    pdfVersion: '1.7',
    // No standard font: every glyph comes from the embedded fonts.
    font: null as unknown as string,
    info: {
      Title: `${translate(locale, 'statements:title')} ${s.paymentId}`,
      Author: s.organizationName,
      Creator: 'Accrue',
      Producer: 'Accrue',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const layout = new StatementLayout(new Typesetter(doc, fonts), s, locale, options.timeZone ?? 'UTC');
  layout.title();
  layout.details();
  layout.conversions();
  layout.totals();
  layout.lines();
  layout.footers();
  doc.end();
  await ended;

  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
