import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** The rows of a downloaded CSV (BOM dropped), header first, as a spreadsheet reads them. */
export const readDownloaded = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: true });

/**
 * The export worked through in a spreadsheet: `outcome`, `date` and `message` columns added after the
 * exported ones, filled in for the references in `answers`, and saved again as CSV.
 */
export function fillIn(csv: string, answers: Record<string, { outcome: string; date?: string; message?: string }>): string {
  const [header, ...rows] = readDownloaded(csv);
  const filled = rows.map((row) => {
    const answer = answers[row[0]!];
    return [...row, answer?.outcome ?? '', answer?.date ?? '', answer?.message ?? ''];
  });
  return stringify([[...header!, 'outcome', 'date', 'message'], ...filled], { bom: true, record_delimiter: 'windows', quote_record_delimiter: true });
}

/** A hand-written answers file: the header then each row, joined as given. */
export const answersFile = (...rows: string[][]): string => stringify([['reference', 'outcome', 'date', 'message'], ...rows]);
