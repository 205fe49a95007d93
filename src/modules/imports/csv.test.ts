import { describe, expect, it } from 'vitest';
import { CsvFormatError, readCsv } from './csv.ts';

const columns = { required: ['a', 'b'], optional: ['c'] };
const bytes = (s: string) => new TextEncoder().encode(s);

function problemsOf(content: Uint8Array) {
  try {
    readCsv('f.csv', content, columns);
  } catch (error) {
    if (error instanceof CsvFormatError) return error.problems.map((p) => `${p.row}:${p.column}:${p.rule}`);
    throw error;
  }
  return [];
}

describe('readCsv', () => {
  it('reads columns in any order, with a BOM, quoting, and the row numbers of the file', () => {
    const records = readCsv('f.csv', bytes('\uFEFFb,a\r\n"x, ""y""",1\n2," multi\nline "\n\n3,4\n'), columns);
    expect(records).toEqual([
      { row: 2, values: { b: 'x, "y"', a: '1' } },
      { row: 3, values: { b: '2', a: 'multi\nline' } },
      { row: 6, values: { b: '3', a: '4' } },
    ]);
  });

  it('refuses unknown, missing and repeated columns, naming them', () => {
    expect(problemsOf(bytes('a,x,a\n1,2,3\n'))).toEqual(['1:x:unknown_column', '1:a:duplicate_column', '1:b:missing_column']);
  });

  it('refuses a row with the wrong number of cells, and text that is not UTF-8', () => {
    expect(problemsOf(bytes('a,b\n1,2\n1,2,3\n'))[0]).toMatch(/^3:null:csv_syntax$/);
    expect(problemsOf(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0x2c, 0x31, 0x0a]))).toEqual(['0:null:encoding']);
    expect(problemsOf(bytes(''))).toEqual(['1:null:header_missing']);
  });
});
