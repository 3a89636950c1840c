import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

// The sync APIs only: they need no stream module, so they run on Workers as on Node.

/**
 * A CSV as Excel opens it in any language: UTF-8 with a byte order mark, RFC 4180 quoting (a field with
 * a lone `\n` or `\r` quoted too, which csv-stringify skips once a record delimiter is named), CRLF.
 * Identifiers come from apps and customers: a cell starting with `=`, `+`, `-`, `@`, tab or CR (or their
 * full-width forms) would run as a formula in a spreadsheet, so `escape_formulas` makes it text with a `'`.
 */
export function writeCsv(header: string[], rows: string[][]): string {
  return stringify([header, ...rows], { bom: true, record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true });
}

export type CsvText = { kind: 'records'; records: string[][] } | { kind: 'not_utf8' } | { kind: 'not_csv'; line: number } | { kind: 'too_many_rows' };

/**
 * Reads an uploaded file: UTF-8 (a byte order mark is dropped), comma- or semicolon-separated (Excel
 * saves with `;` where the decimal mark is a comma), at most `maxRows` rows after the header; reading
 * stops there, so a huge file costs no more than a file one row too long.
 */
export function readCsv(bytes: Uint8Array, maxRows: number): CsvText {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { kind: 'not_utf8' };
  }
  try {
    const records: string[][] = parse(text, { delimiter: delimiterOf(text), record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, to: maxRows + 2 });
    return records.length > maxRows + 1 ? { kind: 'too_many_rows' } : { kind: 'records', records };
  } catch (error) {
    return { kind: 'not_csv', line: (error as { lines?: number }).lines ?? 1 };
  }
}

/** The header line decides: a file whose first line has more `;` than `,` is semicolon-separated. */
function delimiterOf(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r|\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** A header cell as written by hand: `Request Date`, ` outcome ` and `request-date` all name `request_date`. */
export const columnName = (cell: string): string =>
  cell
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
