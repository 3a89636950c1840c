import { stringify } from 'csv-stringify/sync';
import { OUTCOMES } from '../outcome.ts';
import type { PerformanceFigures, StatsReport } from './provider-stats.ts';

/**
 * A cell a spreadsheet would run as a formula (THREATS 22): one starting with = + - @, a tab or a carriage
 * return gets a leading ' so it is shown as text. Provider names come from whoever wrote the providers file.
 */
export const spreadsheetSafe = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

const COLUMNS = [
  'provider',
  'name',
  'sent',
  'answered',
  'answer_rate',
  'median_seconds_to_answer',
  'p90_seconds_to_answer',
  ...OUTCOMES,
  'open',
  'overdue',
  'bounced',
] as const;

/** The stats table as CSV: one row per provider, then the totals (provider `*`), numbers as numbers. */
export function statsCsv(report: StatsReport, providers = report.providers): string {
  const row = (provider: string, name: string, figures: PerformanceFigures) => [
    provider,
    name,
    figures.sent,
    figures.answered,
    figures.answerRate === null ? '' : figures.answerRate.toFixed(4),
    figures.medianSecondsToAnswer ?? '',
    figures.p90SecondsToAnswer ?? '',
    ...OUTCOMES.map((outcome) => figures.outcomes[outcome]),
    figures.open,
    figures.overdue,
    figures.bounced,
  ];
  const rows = [...providers.map((p) => row(p.provider, p.name, p)), row('*', 'All providers', report.totals)];
  return stringify(
    rows.map((cells) => cells.map((cell) => (typeof cell === 'string' ? spreadsheetSafe(cell) : String(cell)))),
    { header: true, columns: [...COLUMNS], record_delimiter: 'windows' },
  );
}
