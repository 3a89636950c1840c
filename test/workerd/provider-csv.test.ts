import { describe, expect, it } from 'vitest';
import { readAnswerSheet } from '../../src/provider-inbox/answer-sheet.ts';
import { readCsv, writeCsv } from '../../src/provider-inbox/csv-files.ts';

// The provider's CSV core (csv-stringify and csv-parse, their sync APIs) inside workerd, as on Workers.
describe('the provider CSV files on Workers', () => {
  it('writes a CSV with a BOM, quoting and formulas made text, and reads an answers file back', () => {
    const csv = writeCsv(['reference', 'first_name'], [['CD-00000001', '=cmd|" /C calc"!A0'], ['CD-00000002', 'Doe, "Jr."\nII']]);
    expect(csv).toBe('\uFEFFreference,first_name\r\nCD-00000001,"\'=cmd|"" /C calc""!A0"\r\nCD-00000002,"Doe, ""Jr.""\nII"\r\n');
    const text = readCsv(new TextEncoder().encode(`${csv.replace(/\r\n$/, '')},outcome,date,message\r\n`), 10);
    expect(text.kind).toBe('records');
    const records = readCsv(new TextEncoder().encode('\uFEFFreference;outcome;date;message\r\nCD-00000001;not_found;;\r\n'), 10);
    expect(records.kind === 'records' && readAnswerSheet(records.records)).toEqual({
      kind: 'rows',
      unanswered: 0,
      rows: [{ line: 2, reference: 'CD-00000001', outcome: 'not_found', date: '', message: '', note: '' }],
    });
  });
});
