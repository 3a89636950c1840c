import { columnName } from './csv-files.ts';

/** The columns an answers file must have; any other (the export's identifiers, say) is ignored. */
export const ANSWER_COLUMNS = ['reference', 'outcome', 'date', 'message'] as const;
/** Read when present: the form's note, for support only. */
const OPTIONAL_COLUMNS = ['note'] as const;

type Column = (typeof ANSWER_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** One row of the file as the provider wrote it; `line` is its row in a spreadsheet (the header is line 1). */
export interface SheetRow {
  line: number;
  reference: string;
  outcome: string;
  date: string;
  message: string;
  note: string;
}

export type AnswerSheet = { kind: 'rows'; rows: SheetRow[]; unanswered: number } | { kind: 'missing_columns'; columns: string[] };

/**
 * Turns the file's records into answer rows. The header names the columns in any case and spacing. An
 * identifier may share a name with one of ours (a provider's custom key `date`): our `reference` is the
 * export's first column, the answer columns are the ones added after it, so the first `reference` and
 * the last of the others count. A row with no answer in it (the export's rows not worked on yet) is
 * not an error: it is counted and left alone.
 */
export function readAnswerSheet(records: string[][]): AnswerSheet {
  const header = (records[0] ?? []).map(columnName);
  const at: Partial<Record<Column, number>> = {};
  header.forEach((name, i) => {
    if (name === 'reference' && at.reference === undefined) at.reference = i;
    else if (name !== 'reference' && ([...ANSWER_COLUMNS, ...OPTIONAL_COLUMNS] as string[]).includes(name)) at[name as Column] = i;
  });
  const missing = ANSWER_COLUMNS.filter((column) => at[column] === undefined);
  if (missing.length > 0) return { kind: 'missing_columns', columns: missing };

  const cell = (record: string[], column: Column) => (at[column] === undefined ? '' : (record[at[column]] ?? '').trim());
  const rows: SheetRow[] = [];
  let unanswered = 0;
  records.slice(1).forEach((record, i) => {
    const row = {
      line: i + 2,
      reference: cell(record, 'reference'),
      outcome: cell(record, 'outcome'),
      date: cell(record, 'date'),
      message: cell(record, 'message'),
      note: cell(record, 'note'),
    };
    const answered = row.outcome !== '' || row.date !== '' || row.message !== '' || row.note !== '';
    if (answered) rows.push(row);
    else if (row.reference !== '') unanswered++;
  });
  return { kind: 'rows', rows, unanswered };
}
