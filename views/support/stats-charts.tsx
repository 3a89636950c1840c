import type { Child } from 'hono/jsx';
import { OUTCOMES, type OutcomeType } from '../../src/outcome.ts';
import type { ProviderPerformance, StatsReport } from '../../src/stats/provider-stats.ts';
import { formatDuration } from '../../src/stats/stats-words.ts';
import { ScrollRegion } from './scroll-region.tsx';

/**
 * The stats page's charts, drawn on the server as inline SVG: no script, and colours and sizes as SVG
 * attributes (the console's CSP refuses style attributes). Each is an image with a title and a
 * description, followed by the same numbers as a table for anyone who cannot see it.
 */

// A phone's width: the text stays ~12 px on a 390 px screen, and the page caps the width on a wide one.
const WIDTH = 360;
const HEIGHT = 200;
const PAD = { left: 34, right: 6, top: 12, bottom: 34 };
const INK = '#1a1d21';
const GRID = '#d5d9de';

export const SERIES_COLOURS = { requests: '#0b57d0', answers: '#137333' } as const;
export const OUTCOME_COLOURS: Record<OutcomeType, string> = {
  cancelled: '#137333',
  already_cancelled: '#0b57d0',
  binding_contract: '#b06000',
  not_found: '#5f6670',
  other: '#8e24aa',
};
export const OUTCOME_WORDS: Record<OutcomeType, string> = {
  cancelled: 'Cancelled',
  already_cancelled: 'Already cancelled',
  binding_contract: 'Binding contract',
  not_found: 'Not found',
  other: 'Other',
};

/** An accessible SVG frame: role img, named by its title, described by its desc. */
function Chart(props: { id: string; title: string; description: string; height?: number; children: Child }) {
  const height = props.height ?? HEIGHT;
  return (
    <svg class="chart" role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} font-size="12" font-family="system-ui, sans-serif">
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.children}
    </svg>
  );
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `max` (at least 1), so the axis reads in round numbers. */
export function niceCeiling(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= max)!;
}

/** Vertical bars in groups (one per label), each group's bars side by side, with a y axis of four steps. */
function BarGroups(props: { labels: string[]; series: { colour: string; values: number[] }[]; everyNthLabel?: number }) {
  const top = niceCeiling(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const groupWidth = plotWidth / Math.max(1, props.labels.length);
  const barWidth = Math.max(1, (groupWidth * 0.8) / props.series.length);
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight;
  const every = props.everyNthLabel ?? 1;
  return (
    <g>
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <g>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(top * f)} y2={y(top * f)} stroke={GRID} stroke-width="1" />
          <text x={PAD.left - 4} y={y(top * f) + 4} text-anchor="end" fill={INK}>
            {Number.isInteger(top * f) ? top * f : ''}
          </text>
        </g>
      ))}
      {props.labels.map((label, i) => (
        <g>
          {props.series.map((s, j) => (
            <rect x={PAD.left + i * groupWidth + groupWidth * 0.1 + j * barWidth} y={y(s.values[i] ?? 0)} width={barWidth} height={Math.max(0, PAD.top + plotHeight - y(s.values[i] ?? 0))} fill={s.colour} />
          ))}
          {i % every === 0 ? (
            <text x={PAD.left + i * groupWidth + groupWidth / 2} y={HEIGHT - PAD.bottom + 16} text-anchor="middle" fill={INK}>
              {label}
            </text>
          ) : null}
        </g>
      ))}
    </g>
  );
}

const shortDay = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A legend of coloured squares with their words, wrapping on a narrow screen. */
function Legend(props: { items: { colour: string; label: string }[] }) {
  return (
    <ul class="legend" aria-hidden="true">
      {props.items.map((item) => (
        <li>
          <svg width="12" height="12" viewBox="0 0 12 12">
            <rect width="12" height="12" fill={item.colour} />
          </svg>{' '}
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind a chart, folded away under the chart. */
function ChartTable(props: { caption: string; head: string[]; rows: (string | number)[][] }) {
  return (
    <details>
      <summary>{props.caption} as a table</summary>
      <ScrollRegion label={props.caption}>
        <table>
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              {props.head.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((cells) => (
              <tr>
                {cells.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </details>
  );
}

export function WeeklyChart(props: { weeks: StatsReport['weeks'] }) {
  const { weeks } = props;
  const requests = weeks.reduce((n, w) => n + w.requests, 0);
  const answers = weeks.reduce((n, w) => n + w.answers, 0);
  return (
    <figure>
      <Chart
        id="weekly"
        title="Requests and answers per week"
        description={`${weeks.length} weeks from ${weeks[0] ? shortDay(weeks[0].start) : '–'}: ${requests} requests made, ${answers} first answers given.`}
      >
        <BarGroups
          labels={weeks.map((w) => shortDay(w.start))}
          series={[
            { colour: SERIES_COLOURS.requests, values: weeks.map((w) => w.requests) },
            { colour: SERIES_COLOURS.answers, values: weeks.map((w) => w.answers) },
          ]}
          everyNthLabel={Math.ceil(weeks.length / 5)}
        />
      </Chart>
      <Legend items={[{ colour: SERIES_COLOURS.requests, label: 'Requests made' }, { colour: SERIES_COLOURS.answers, label: 'First answers' }]} />
      <ChartTable caption="Requests and answers per week" head={['Week from', 'Requests made', 'First answers']} rows={weeks.map((w) => [shortDay(w.start), w.requests, w.answers])} />
    </figure>
  );
}

const bucketWords = (bucket: StatsReport['timeToAnswer'][number]) =>
  bucket.toSeconds === null ? `${formatDuration(bucket.fromSeconds)} or more` : bucket.fromSeconds === 0 ? `under ${formatDuration(bucket.toSeconds)}` : `${formatDuration(bucket.fromSeconds)} to ${formatDuration(bucket.toSeconds)}`;

export function TimeToAnswerChart(props: { buckets: StatsReport['timeToAnswer'] }) {
  const { buckets } = props;
  const answered = buckets.reduce((n, b) => n + b.answered, 0);
  const shortLabel = (b: StatsReport['timeToAnswer'][number]) => (b.toSeconds === null ? `${formatDuration(b.fromSeconds)}+` : `<${formatDuration(b.toSeconds)}`);
  return (
    <figure>
      <Chart id="time-to-answer" title="Time to first answer" description={`${answered} answered requests by how long the first answer took: ${buckets.map((b) => `${bucketWords(b)} ${b.answered}`).join(', ')}.`}>
        <BarGroups labels={buckets.map(shortLabel)} series={[{ colour: SERIES_COLOURS.answers, values: buckets.map((b) => b.answered) }]} />
      </Chart>
      <ChartTable caption="Time to first answer" head={['Answered within', 'Requests']} rows={buckets.map((b) => [bucketWords(b), b.answered])} />
    </figure>
  );
}

/** At most this many providers in the outcome chart (the most answered); the table below the page has them all. */
export const OUTCOME_CHART_PROVIDERS = 8;

export function OutcomeMixChart(props: { providers: ProviderPerformance[] }) {
  const shown = [...props.providers]
    .filter((p) => p.answered > 0)
    .sort((a, b) => b.answered - a.answered || a.provider.localeCompare(b.provider))
    .slice(0, OUTCOME_CHART_PROVIDERS);
  const rowHeight = 30;
  const labelHeight = 14;
  const height = Math.max(1, shown.length) * (rowHeight + labelHeight) + 8;
  const plotWidth = WIDTH - 2 * PAD.right;
  return (
    <figure>
      <Chart
        id="outcomes"
        title="Outcome mix per provider"
        description={shown.length === 0 ? 'No answers in this window.' : `Share of each outcome among the answers of the ${shown.length} most answered providers.`}
        height={height}
      >
        {shown.map((p, row) => {
          let x = PAD.right;
          const top = row * (rowHeight + labelHeight);
          return (
            <g>
              <text x={PAD.right} y={top + 12} fill={INK}>
                {`${p.name} (${p.answered})`}
              </text>
              {OUTCOMES.map((outcome) => {
                const width = (p.outcomes[outcome] / p.answered) * plotWidth;
                const rect = <rect x={x} y={top + labelHeight + 2} width={width} height={rowHeight - 8} fill={OUTCOME_COLOURS[outcome]} />;
                x += width;
                return rect;
              })}
            </g>
          );
        })}
      </Chart>
      <Legend items={OUTCOMES.map((outcome) => ({ colour: OUTCOME_COLOURS[outcome], label: OUTCOME_WORDS[outcome] }))} />
      <ChartTable
        caption="Outcome mix per provider"
        head={['Provider', ...OUTCOMES.map((o) => OUTCOME_WORDS[o])]}
        rows={shown.map((p) => [p.name, ...OUTCOMES.map((o) => p.outcomes[o])])}
      />
    </figure>
  );
}
