import { OUTCOMES } from '../outcome.ts';
import type { PerformanceFigures, StatsReport } from '../stats/provider-stats.ts';
import { formatDuration, formatRate } from '../stats/stats-words.ts';

/** `canceldesk stats` as text: the window, one line per provider and the totals, then the outcomes the same way. */
export function statsReportLines(report: StatsReport): string[] {
  const moment = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const rows = [...report.providers.map((p) => [p.provider, p] as const), ['all providers', report.totals] as const];
  const figures = table(
    ['provider', 'sent', 'answered', 'rate', 'median', 'p90', 'open', 'overdue', 'bounced'],
    rows.map(([name, f]: readonly [string, PerformanceFigures]) => [
      name,
      f.sent,
      f.answered,
      formatRate(f.answerRate),
      formatDuration(f.medianSecondsToAnswer),
      formatDuration(f.p90SecondsToAnswer),
      f.open,
      f.overdue,
      f.bounced,
    ]),
  );
  const outcomes = table(['provider', ...OUTCOMES], rows.map(([name, f]) => [name, ...OUTCOMES.map((o) => f.outcomes[o])]));
  return [
    `requests made ${moment(report.since)} to ${moment(report.until)} UTC (${report.days} day${report.days === 1 ? '' : 's'})${report.provider ? `, provider ${report.provider}` : ''}`,
    '',
    ...figures,
    '',
    'latest outcome of the answered:',
    ...outcomes,
  ];
}

/** Columns padded to their widest cell: the name left, the numbers right. */
function table(head: string[], rows: (string | number)[][]): string[] {
  const cells = [head, ...rows.map((row) => row.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}
