import { parse } from 'csv-parse/sync';
import Decimal from 'decimal.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { longStatement, workedExampleStatement } from '../../../test/helpers/statements.ts';
import { translate } from '../../i18n/catalogs.ts';
import { formatMoney } from '../../i18n/format.ts';
import { locales, type Locale } from '../../i18n/locales.ts';
import { checkStatement, roundHalfAway, type Statement, type StatementLine, type StatementProblem } from './statement.ts';
import { statementCsv } from './statement-csv.ts';
import { renderStatementPdf } from './statement-pdf.ts';

describe('rounding', () => {
  it.each([
    ['a positive tie goes up', '2.5', 0, '3'],
    ['a negative tie goes down, away from zero', '-2.5', 0, '-3'],
    ['a cent tie goes up', '0.125', 2, '0.13'],
    ['a negative cent tie goes down', '-0.125', 2, '-0.13'],
    ['an even neighbour does not attract a tie', '0.5', 0, '1'],
    ['below the tie goes down', '2.4999999999', 0, '2'],
    ['an exact value keeps its digits', '12', 2, '12.00'],
    ['a tie at the 11th decimal', '-0.00000000005', 10, '-0.0000000001'],
  ])('%s: round(%s, %i) = %s', (_label, value, digits, expected) => {
    expect(roundHalfAway(value, digits)).toBe(expected);
  });

  it('is what decimal.js ROUND_HALF_UP does, which is away from zero for negatives', () => {
    expect(new Decimal('-2.5').toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString()).toBe('-3');
    expect(new Decimal('-2.5').toDecimalPlaces(0, Decimal.ROUND_HALF_CEIL).toString()).toBe('-2');
  });
});

interface Source {
  currency: string;
  earnings: string[];
  unitsPerUsd: string;
  converted: string;
}

/** A statement paying `sources` in `payout` at `payoutUnitsPerUsd`, with the totals it claims. */
function statementOf(payout: string, payoutUnitsPerUsd: string, sources: Source[], totals: Pick<Statement, 'gross' | 'withholdingRate' | 'withholding' | 'net'>): Statement {
  const lines: StatementLine[] = sources.flatMap((source) =>
    source.earnings.map((earning, i) => ({
      earningId: `e-${source.currency}-${i}`,
      lineId: `L-${source.currency}-${i}`,
      billedMonth: '2026-09',
      leverCode: 'CORE',
      kind: 'calculated' as const,
      reason: null,
      currency: source.currency,
      amount: null,
      rate: null,
      earning,
    })),
  );
  const conversions = sources.map((source) => ({
    currency: source.currency,
    sum: source.earnings.reduce((sum, e) => sum.plus(e), new Decimal(0)).toFixed(10),
    unitsPerUsd: source.unitsPerUsd,
    payoutUnitsPerUsd,
    converted: source.converted,
  }));
  return { ...workedExampleStatement(), payoutCurrency: payout, lines, conversions, ...totals };
}

describe('checkStatement', () => {
  it('finds nothing wrong with the worked example of earnings.md §5', () => {
    expect(checkStatement(workedExampleStatement())).toEqual([]);
  });

  // Each tie is written with its half-away-from-zero value, which reconciles, and the value that
  // rounding half to even (or toward positive infinity) would give, which must not.
  const ties: { label: string; statement: Statement; other: Partial<Statement> | ((s: Statement) => Statement); problem: StatementProblem['check'] }[] = [
    {
      label: 'KRW gross: Σ c = 12344.5 rounds to 12345, not 12344',
      statement: statementOf('KRW', '1385.25', [{ currency: 'KRW', earnings: ['12000.25', '344.25'], unitsPerUsd: '1385.25', converted: '12344.5000000000' }], {
        gross: '12345', withholdingRate: '0', withholding: '0', net: '12345',
      }),
      other: { gross: '12344', net: '12344' },
      problem: 'gross',
    },
    {
      label: 'negative KRW gross: Σ c = -12344.5 rounds to -12345, not -12344',
      statement: statementOf('KRW', '1385.25', [{ currency: 'KRW', earnings: ['-12344.5'], unitsPerUsd: '1385.25', converted: '-12344.5000000000' }], {
        gross: '-12345', withholdingRate: '0', withholding: '0', net: '-12345',
      }),
      other: { gross: '-12344', net: '-12344' },
      problem: 'gross',
    },
    {
      label: 'KRW withholding: 12345 × 0.10 = 1234.5 rounds to 1235, not 1234',
      statement: statementOf('KRW', '1385.25', [{ currency: 'KRW', earnings: ['12345'], unitsPerUsd: '1385.25', converted: '12345.0000000000' }], {
        gross: '12345', withholdingRate: '0.10', withholding: '1235', net: '11110',
      }),
      other: { withholding: '1234', net: '11111' },
      problem: 'withholding',
    },
    {
      label: 'USD gross: Σ c = 100.105 rounds to 100.11, not 100.10',
      statement: statementOf('USD', '1', [{ currency: 'USD', earnings: ['100.105'], unitsPerUsd: '1', converted: '100.1050000000' }], {
        gross: '100.11', withholdingRate: '0', withholding: '0.00', net: '100.11',
      }),
      other: { gross: '100.10', net: '100.10' },
      problem: 'gross',
    },
    {
      label: 'negative USD gross: Σ c = -100.105 rounds to -100.11, not -100.10',
      statement: statementOf('USD', '1', [{ currency: 'USD', earnings: ['-100.105'], unitsPerUsd: '1', converted: '-100.1050000000' }], {
        gross: '-100.11', withholdingRate: '0', withholding: '0.00', net: '-100.11',
      }),
      other: { gross: '-100.10', net: '-100.10' },
      problem: 'gross',
    },
    {
      label: 'USD withholding: 100.10 × 0.05 = 5.005 rounds to 5.01, not 5.00',
      statement: statementOf('USD', '1', [{ currency: 'USD', earnings: ['100.10'], unitsPerUsd: '1', converted: '100.1000000000' }], {
        gross: '100.10', withholdingRate: '0.05', withholding: '5.01', net: '95.09',
      }),
      other: { withholding: '5.00', net: '95.10' },
      problem: 'withholding',
    },
    {
      label: 'conversion: -0.0000000001 EUR at 2 per USD is -0.00000000005 USD, rounded to -0.0000000001',
      statement: statementOf('USD', '1', [{ currency: 'EUR', earnings: ['-0.0000000001'], unitsPerUsd: '2', converted: '-0.0000000001' }], {
        gross: '0.00', withholdingRate: '0', withholding: '0.00', net: '0.00',
      }),
      other: (s) => ({ ...s, conversions: [{ ...s.conversions[0]!, converted: '0.0000000000' }] }),
      problem: 'converted',
    },
  ];

  it.each(ties)('rounds ties half away from zero. $label', ({ statement, other, problem }) => {
    expect(checkStatement(statement)).toEqual([]);
    const wrong = typeof other === 'function' ? other(statement) : { ...statement, ...other };
    expect(checkStatement(wrong).map((p) => p.check)).toEqual([problem]);
  });

  const example = workedExampleStatement();
  const withLine = (i: number, change: Partial<StatementLine>) => ({ ...example, lines: example.lines.map((l, j) => (j === i ? { ...l, ...change } : l)) });
  const withConversion = (change: Partial<Statement['conversions'][number]>) => ({ ...example, conversions: [{ ...example.conversions[0]!, ...change }] });
  const broken: { label: string; statement: Statement; problems: StatementProblem[] }[] = [
    {
      label: 'a line whose earning no longer adds up to the sum',
      statement: withLine(1, { earning: '98.7654250000' }),
      problems: [{ check: 'conversion_sum', currency: 'USD', expected: '240.765425', actual: '240.7654240000' }],
    },
    {
      label: 'a conversion off by its last decimal',
      statement: withConversion({ converted: '333520.3035960001' }),
      problems: [{ check: 'converted', currency: 'USD', expected: '333520.3035960000', actual: '333520.3035960001' }],
    },
    {
      label: 'a conversion at another FX rate than it says',
      statement: withConversion({ payoutUnitsPerUsd: '1385.26' }),
      problems: [{ check: 'converted', currency: 'USD', expected: '333522.7112502400', actual: '333520.3035960000' }],
    },
    {
      label: 'two conversions into the payout currency at two rates',
      statement: {
        ...example,
        lines: [...example.lines, { ...example.lines[0]!, earningId: 'e-eur', currency: 'EUR', earning: '9.0000000000' }],
        conversions: [...example.conversions, { currency: 'EUR', sum: '9.0000000000', unitsPerUsd: '0.9', payoutUnitsPerUsd: '1400', converted: '14000.0000000000' }],
        gross: '347520', withholding: '34752', net: '312768',
      },
      problems: [{ check: 'conversion_fx', currency: 'EUR', expected: '1385.25', actual: '1400' }],
    },
    {
      label: 'USD not at 1 per USD',
      statement: withConversion({ unitsPerUsd: '1.0001' }),
      problems: [
        { check: 'conversion_fx', currency: 'USD', expected: '1', actual: '1.0001' },
        { check: 'converted', currency: 'USD', expected: '333486.9549005099', actual: '333520.3035960000' },
      ],
    },
    {
      label: 'a gross one won too high (withholding still rounds to 33352, so net is off too)',
      statement: { ...example, gross: '333521' },
      problems: [
        { check: 'gross', expected: '333520', actual: '333521' },
        { check: 'net', expected: '300169', actual: '300168' },
      ],
    },
    {
      label: 'a withholding one won too high',
      statement: { ...example, withholding: '33353' },
      problems: [
        { check: 'withholding', expected: '33352', actual: '33353' },
        { check: 'net', expected: '300167', actual: '300168' },
      ],
    },
    {
      label: 'a net that is not gross − withholding',
      statement: { ...example, net: '300169' },
      problems: [{ check: 'net', expected: '300168', actual: '300169' }],
    },
    {
      label: 'won amounts written with decimals',
      statement: { ...example, gross: '333520.00', net: '300168.0' },
      problems: [
        { check: 'digits', field: 'gross', expected: '333520', actual: '333520.00' },
        { check: 'digits', field: 'net', expected: '300168', actual: '300168.0' },
      ],
    },
    {
      label: 'earnings in a currency with no conversion',
      statement: { ...example, lines: [...example.lines, { ...example.lines[0]!, earningId: 'e-eur', currency: 'EUR', earning: '5.0000000000' }] },
      problems: [{ check: 'conversion_missing', currency: 'EUR', expected: '5', actual: 'no conversion' }],
    },
    {
      label: 'a conversion of a currency with no earnings',
      statement: {
        ...example,
        conversions: [...example.conversions, { currency: 'EUR', sum: '0', unitsPerUsd: '0.9', payoutUnitsPerUsd: '1385.25', converted: '0.0000000000' }],
      },
      problems: [{ check: 'conversion_extra', currency: 'EUR', expected: 'no conversion', actual: '0' }],
    },
    {
      label: 'a currency converted twice',
      statement: { ...example, conversions: [...example.conversions, ...example.conversions] },
      problems: [
        { check: 'conversion_extra', currency: 'USD', expected: 'no conversion', actual: '240.7654240000' },
        { check: 'gross', expected: '667041', actual: '333520' },
      ],
    },
    {
      label: 'an amount that is not a decimal',
      statement: withLine(0, { earning: '1.5e2' }),
      problems: [{ check: 'decimal', field: 'lines[0].earning', expected: 'a decimal', actual: '1.5e2' }],
    },
  ];
  it.each(broken)('reports $label', ({ statement, problems }) => {
    expect(checkStatement(statement)).toEqual(problems);
  });
});

describe('statementCsv', () => {
  it('writes the earnings, the conversions and the payment as three tables', () => {
    expect(statementCsv(workedExampleStatement(), 'en')).toBe(
      [
        'earning_id,line_id,billed_month,lever_code,kind,reason,currency,amount,rate,earning',
        'e-A-1,A-1,2026-09,CORE,calculated,,USD,2500.00,0.06,150.00',
        'e-A-2,A-2,2026-09,CORE,calculated,,USD,1234.5678,0.08,98.765424',
        'e-A-3,A-3,2026-09,CORE,calculated,,USD,-100.00,0.08,-8.00',
        '',
        'currency,sum,units_per_usd,payout_currency,payout_units_per_usd,converted',
        'USD,240.765424,1.00,KRW,1385.25,333520.3035960000',
        '',
        'payment_id,cycle,location_id,program_code,currency,gross,withholding,net,withholding_rate,fx_month,status',
        'PAY-2026-11-000317,2026-11,L-2000317,CSP-REBATE,KRW,333520,33352,300168,0.10,2026-11,upcoming',
        '',
      ].join('\r\n'),
    );
  });

  it('is the same in every language', () => {
    const csv = statementCsv(workedExampleStatement(), 'en');
    for (const locale of locales) expect(statementCsv(workedExampleStatement(), locale)).toBe(csv);
  });

  it('reads back with an RFC 4180 parser, table by table, quoting and neutralizing text', () => {
    const s: Statement = {
      ...workedExampleStatement(),
      lines: [
        ...workedExampleStatement().lines,
        { earningId: 'e-manual', lineId: null, billedMonth: '2026-09', leverCode: 'CORE', kind: 'adjustment', reason: 'Ops adjustment', currency: 'USD', amount: null, rate: null, earning: '0.0000000000' },
        { earningId: 'e-odd', lineId: '=HYPERLINK("x"),1', billedMonth: '2026-09', leverCode: 'CORE', kind: 'calculated', reason: null, currency: 'USD', amount: '0.0000', rate: '0.1', earning: '0.0000000000' },
      ],
    };
    expect(checkStatement(s)).toEqual([]);
    const [lines, conversions, payment] = statementCsv(s, 'ko-KR').split('\r\n\r\n').map((table) => parse(table, { columns: true }) as Record<string, string>[]);
    expect(lines).toHaveLength(5);
    expect(lines![3]).toEqual({
      earning_id: 'e-manual', line_id: '', billed_month: '2026-09', lever_code: 'CORE', kind: 'adjustment', reason: 'Ops adjustment',
      currency: 'USD', amount: '', rate: '', earning: '0.00',
    });
    expect(lines![4]!.line_id).toBe(`'=HYPERLINK("x"),1`);
    expect(conversions).toEqual([
      { currency: 'USD', sum: '240.765424', units_per_usd: '1.00', payout_currency: 'KRW', payout_units_per_usd: '1385.25', converted: '333520.3035960000' },
    ]);
    expect(payment).toEqual([
      {
        payment_id: 'PAY-2026-11-000317', cycle: '2026-11', location_id: 'L-2000317', program_code: 'CSP-REBATE', currency: 'KRW',
        gross: '333520', withholding: '33352', net: '300168', withholding_rate: '0.10', fx_month: '2026-11', status: 'upcoming',
      },
    ]);
  });
});

/** The text of each page, a string per line: pieces on one baseline in reading order, " | " between cells. */
async function pdfText(bytes: Uint8Array): Promise<{ pages: string[][]; info: Record<string, unknown> }> {
  const pdf = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    const byLine = new Map<number, { x: number; end: number; text: string }[]>();
    for (const item of content.items) {
      // pdf.js adds a space item across the gap between cells: the gap separates them here.
      if (!('str' in item) || item.str === '' || (item.str.trim() === '' && item.width > 3)) continue;
      const y = Math.round(item.transform[5] as number);
      const x = item.transform[4] as number;
      byLine.set(y, [...(byLine.get(y) ?? []), { x, end: x + item.width, text: item.str }]);
    }
    pages.push(
      [...byLine.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, pieces]) =>
          pieces
            .sort((a, b) => a.x - b.x)
            .reduce((line, piece, i, all) => line + (i > 0 && piece.x - all[i - 1]!.end > 3 ? ' | ' : '') + piece.text, ''),
        ),
    );
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, info: info as Record<string, unknown> };
}

/** Whether one line of `lines` holds `cells` (" | "-separated) as a run of whole cells. */
function hasCells(lines: string[], cells: string): boolean {
  return lines.some((line) => ` | ${line} | `.includes(` | ${cells} | `));
}

/** The fonts a PDF names and whether each is embedded: pdfkit writes font dictionaries uncompressed. */
function fontsOf(bytes: Uint8Array) {
  const text = Buffer.from(bytes).toString('latin1');
  return {
    baseFonts: [...new Set([...text.matchAll(/\/BaseFont \/([A-Za-z0-9+_-]+)/g)].map((m) => m[1]!))].sort(),
    trueTypeFiles: [...text.matchAll(/\/FontFile2 \d+ 0 R/g)].length,
    standardFonts: [...text.matchAll(/\/Subtype \/Type1\b/g)].length,
  };
}

describe('renderStatementPdf', () => {
  const expected: Record<Locale, string[]> = {
    en: [
      'Payment statement | Upcoming',
      'Location | 한빛클라우드 서울 (L-2000317)',
      'Payment profile | Hanbit KRW, account ending in 4821',
      'Payment cycle | Nov 2026 | Status | Upcoming',
      'USD | 240.765424 | 1 | 1,385.25 | 333,520.303596',
      'Gross | ₩333,520',
      'Withholding tax (10%) | -₩33,352',
      'Net payment | ₩300,168',
      'Sep 2026 | A-2 | CORE | Calculated | USD | 1,234.5678 | 8% | 98.765424',
      'Page 1 of 1',
    ],
    'ko-KR': [
      '지급 명세서 | 지급 예정',
      '지점 | 한빛클라우드 서울 (L-2000317)',
      '프로그램 | CSP 리베이트 (CSP-REBATE)',
      '지급 프로필 | Hanbit KRW, 끝자리 4821 계좌',
      '총지급액 | ₩333,520',
      '원천징수세 (10%) | -₩33,352',
      '실지급액 | ₩300,168',
      '2026년 9월 | A-2 | CORE | 계산 | USD | 1,234.5678 | 8% | 98.765424',
      '1쪽 중 1쪽',
    ],
    'zh-TW': [
      '付款明細表 | 即將付款',
      '據點 | 한빛클라우드 서울（L-2000317）',
      '計畫 | CSP 回饋（CSP-REBATE）',
      '付款資料 | Hanbit KRW，帳號末四碼 4821',
      // CLDR writes the won with the full-width sign in Traditional Chinese.
      '總額 | ￦333,520',
      '扣繳稅額（10%） | -￦33,352',
      '實付金額 | ￦300,168',
      '2026年9月 | A-2 | CORE | 計算產生 | USD | 1,234.5678 | 8% | 98.765424',
      '第 1 頁，共 1 頁',
    ],
  };

  it.each(locales)('%s: labels from the catalog, money as the locale writes it, totals of the worked example', async (locale) => {
    const { pages } = await pdfText(await renderStatementPdf(workedExampleStatement(locale), locale));
    expect(pages).toHaveLength(1);
    for (const cells of expected[locale]) expect(hasCells(pages[0]!, cells), cells).toBe(true);
    // The same money Intl writes for the portal, KRW without decimals.
    for (const amount of ['333520', '-33352', '300168']) expect(pages[0]!.join('\n')).toContain(formatMoney(amount, 'KRW', locale));
    expect(pages[0]!.join('\n')).toContain(translate(locale, 'statements:lines.count', { count: 3 }));
  });

  it.each(['ko-KR', 'zh-TW'] as const)('%s: embeds subsets of Noto Sans KR and TC, and no standard font', async (locale) => {
    const bytes = await renderStatementPdf(workedExampleStatement(locale), locale);
    const fonts = fontsOf(bytes);
    expect(fonts.standardFonts).toBe(0);
    // A subset's name carries a six-letter tag; every font named has its TrueType file in the PDF.
    expect(fonts.baseFonts.length).toBeGreaterThanOrEqual(2);
    for (const name of fonts.baseFonts) expect(name).toMatch(/^[A-Z]{6}\+NotoSans(KR|TC)-(Regular|Bold)$/);
    expect(fonts.trueTypeFiles).toBe(fonts.baseFonts.length);
    // Hangul in both, from KR; the Chinese labels from TC.
    expect(fonts.baseFonts.some((f) => f.endsWith('NotoSansKR-Regular'))).toBe(true);
    if (locale === 'zh-TW') expect(fonts.baseFonts.some((f) => f.endsWith('NotoSansTC-Regular'))).toBe(true);
    // Subsets: the font files are 6 to 7 MB each.
    expect(bytes.length).toBeLessThan(100_000);
  });

  it('gives the same bytes for the same statement, dated by the statement', async () => {
    const s = workedExampleStatement('ko-KR');
    const first = await renderStatementPdf(s, 'ko-KR');
    expect(Buffer.from(await renderStatementPdf(s, 'ko-KR')).equals(Buffer.from(first))).toBe(true);
    const { info } = await pdfText(first);
    expect(info.CreationDate).toBe('D:20261103090000Z');
    expect(info.Title).toBe('지급 명세서 PAY-2026-11-000317');
    expect(info.Language).toBe('ko-KR');
  });

  it('writes dates in the zone asked for', async () => {
    const s = { ...workedExampleStatement(), createdAt: '2026-11-30T20:00:00Z', sentAt: '2026-12-04T23:30:00Z', status: 'sent' as const };
    const utc = (await pdfText(await renderStatementPdf(s, 'en'))).pages[0]!;
    expect(hasCells(utc, 'Created | Nov 30, 2026 | Sent | Dec 4, 2026')).toBe(true);
    const seoul = (await pdfText(await renderStatementPdf(s, 'en', { timeZone: 'Asia/Seoul' }))).pages[0]!;
    expect(hasCells(seoul, 'Created | Dec 1, 2026 | Sent | Dec 5, 2026')).toBe(true);
  });

  it('runs a long list of earnings over pages, repeating the table header, and loses none', async () => {
    const s = longStatement(150, 'zh-TW');
    expect(checkStatement(s)).toEqual([]);
    const { pages } = await pdfText(await renderStatementPdf(s, 'zh-TW'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const header = '計費月份 | 帳單明細 | 槓桿 | 類型 | 幣別 | 金額 | 費率 | 收益';
    pages.forEach((lines, i) => {
      expect(hasCells(lines, header)).toBe(true);
      expect(hasCells(lines, `第 ${i + 1} 頁，共 ${pages.length} 頁`)).toBe(true);
      if (i > 0) expect(hasCells(lines, '本次付款包含的收益（續）')).toBe(true);
    });
    const rows = pages.flat().filter((line) => /\| B-\d{4} \|/.test(line));
    expect(rows).toHaveLength(150);
    expect(rows[149]).toBe('2026年9月 | B-0150 | CORE | 調整：重新計算 | USD | 12.50 | 8% | 1.00');
    expect(pages.at(-1)!.join('\n')).not.toContain('總額');
    expect(hasCells(pages[0]!, `總額 | ${formatMoney(s.gross, 'KRW', 'zh-TW')}`)).toBe(true);
  });

  it('names a manual adjustment as such and shows only the last four of the account', async () => {
    const s: Statement = {
      ...workedExampleStatement(),
      accountLast4: 'DE8937040044053201304821',
      lines: [{ earningId: 'e-m', lineId: null, billedMonth: '2026-10', leverCode: 'CORE', kind: 'adjustment', reason: 'Policy exception', currency: 'USD', amount: null, rate: null, earning: '240.7654240000' }],
    };
    const page = (await pdfText(await renderStatementPdf(s, 'en'))).pages[0]!;
    // The type wraps within its column.
    const row = page.indexOf('Oct 2026 | Manual | CORE | Adjustment: Policy | USD | 240.765424');
    expect(row).toBeGreaterThan(0);
    expect(page[row + 1]).toBe('exception');
    expect(hasCells(page, 'Payment profile | Hanbit KRW, account ending in 4821')).toBe(true);
    expect(page.join('\n')).not.toContain('DE89');
  });
});
