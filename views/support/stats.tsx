import type { ProviderPerformance, StatsReport } from '../../src/stats/provider-stats.ts';
import { formatDuration, formatRate, type StatsSort } from '../../src/stats/stats-words.ts';
import { ConsoleLayout } from './console-layout.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import { OutcomeMixChart, TimeToAnswerChart, WeeklyChart } from './stats-charts.tsx';

export interface ConsoleStatsProps {
  supporter: string;
  /** Null when the query was not understood (the error says why). */
  report: StatsReport | null;
  /** The providers in the table's order, at most `shownRows` of them. */
  rows: ProviderPerformance[];
  totalRows: number;
  sort: StatsSort;
  days: number;
  provider?: string;
  providers: string[];
  error?: string;
  nonce?: string;
}

const DAY_CHOICES = [7, 30, 90, 365];

const SORTS: { sort: StatsSort; label: string }[] = [
  { sort: 'provider', label: 'Provider' },
  { sort: 'slowest', label: 'Slowest first' },
  { sort: 'least_answering', label: 'Least answering first' },
];

/** Provider performance at a glance: the figures per provider, sortable by links, and three charts drawn on the server. */
export function ConsoleStats(props: ConsoleStatsProps) {
  const { report } = props;
  const query = (extra: Record<string, string>) => new URLSearchParams({ days: String(props.days), ...(props.provider ? { provider: props.provider } : {}), ...extra }).toString();
  return (
    <ConsoleLayout title="Provider stats" supporter={props.supporter} nonce={props.nonce}>
      <h1>Provider stats</h1>
      <form method="get" action="/support/stats" class="filters" aria-label="Choose the window and the provider">
        <div>
          <label for="days">Requests made in the last</label>
          <select id="days" name="days">
            {[...new Set([...DAY_CHOICES, props.days])].sort((a, b) => a - b).map((days) => (
              <option value={String(days)} selected={days === props.days}>
                {days === 1 ? '1 day' : `${days} days`}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="provider">Provider</label>
          <select id="provider" name="provider">
            <option value="">all providers</option>
            {props.providers.map((id) => (
              <option value={id} selected={id === props.provider}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <input type="hidden" name="sort" value={props.sort} />
        <button type="submit">Show</button>
      </form>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {report ? (
        <>
          <p class="muted">
            Requests made from {moment(report.since)} to {moment(report.until)} (UTC). Times to answer run from the email reaching the provider to its first
            answer. <a href={`/support/stats.csv?${query({ sort: props.sort })}`}>Download the table as CSV</a>
          </p>
          <Totals report={report} />
          <h2 id="providers-heading">Per provider</h2>
          <p>
            Order:{' '}
            {SORTS.map(({ sort, label }, i) => (
              <>
                {i > 0 ? ' · ' : ''}
                {sort === props.sort ? <strong aria-current="true">{label}</strong> : <a href={`/support/stats?${query({ sort })}`}>{label}</a>}
              </>
            ))}
          </p>
          <ProviderTable rows={props.rows} sort={props.sort} />
          {props.totalRows > props.rows.length ? (
            <p class="muted">
              Showing {props.rows.length} of {props.totalRows} providers; the CSV has them all.
            </p>
          ) : null}
          <h2>Charts</h2>
          <div class="charts">
            <WeeklyChart weeks={report.weeks} />
            <TimeToAnswerChart buckets={report.timeToAnswer} />
            <OutcomeMixChart providers={report.providers} />
          </div>
        </>
      ) : null}
    </ConsoleLayout>
  );
}

function Totals(props: { report: StatsReport }) {
  const t = props.report.totals;
  return (
    <dl class="facts totals">
      <dt>Sent</dt>
      <dd>{t.sent}</dd>
      <dt>Answered</dt>
      <dd>
        {t.answered} ({formatRate(t.answerRate)})
      </dd>
      <dt>Median time to answer</dt>
      <dd>{formatDuration(t.medianSecondsToAnswer)}</dd>
      <dt>90th percentile</dt>
      <dd>{formatDuration(t.p90SecondsToAnswer)}</dd>
      <dt>Open now</dt>
      <dd>{t.open}</dd>
      <dt>Overdue</dt>
      <dd>{t.overdue}</dd>
      <dt>Bounced</dt>
      <dd>{t.bounced}</dd>
    </dl>
  );
}

function ProviderTable(props: { rows: ProviderPerformance[]; sort: StatsSort }) {
  const sorted = (column: 'rate' | 'median') =>
    (column === 'median' && props.sort === 'slowest') || (column === 'rate' && props.sort === 'least_answering') ? (column === 'median' ? 'descending' : 'ascending') : undefined;
  return (
    <ScrollRegion label="Providers">
      <table aria-labelledby="providers-heading">
        <thead>
          <tr>
            <th scope="col" aria-sort={props.sort === 'provider' ? 'ascending' : undefined}>
              Provider
            </th>
            <th scope="col">Sent</th>
            <th scope="col">Answered</th>
            <th scope="col" aria-sort={sorted('rate')}>
              Answer rate
            </th>
            <th scope="col" aria-sort={sorted('median')}>
              Median
            </th>
            <th scope="col">90th pct.</th>
            <th scope="col">Open</th>
            <th scope="col">Overdue</th>
            <th scope="col">Bounced</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((p) => (
            <tr>
              <th scope="row">
                <a href={`/support?provider=${encodeURIComponent(p.provider)}`}>{p.name}</a>
              </th>
              <td>{p.sent}</td>
              <td>{p.answered}</td>
              <td>{formatRate(p.answerRate)}</td>
              <td>{formatDuration(p.medianSecondsToAnswer)}</td>
              <td>{formatDuration(p.p90SecondsToAnswer)}</td>
              <td>{p.open}</td>
              <td>{p.overdue}</td>
              <td>{p.bounced}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

const moment = (iso: string) => iso.slice(0, 16).replace('T', ' ');
