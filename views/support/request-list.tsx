import { ConsoleLayout } from './console-layout.tsx';
import { ScrollRegion } from './scroll-region.tsx';

export interface ConsoleListRow {
  id: string;
  caseReference: string;
  status: string;
  provider: string;
  outcome: string | null;
  closed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ConsoleListProps {
  supporter: string;
  rows: ConsoleListRow[];
  filters: { q?: string; status?: string; provider?: string; outcome?: string; olderThanDays?: number; activity?: string };
  statuses: readonly string[];
  outcomes: readonly string[];
  providers: string[];
  /** The query string of the next page, or null on the last one. */
  nextPage: string | null;
  error?: string;
  nonce?: string;
}

const AGES = [
  { days: undefined, label: 'any age' },
  { days: 3, label: 'older than 3 days' },
  { days: 7, label: 'older than 7 days' },
  { days: 30, label: 'older than 30 days' },
];

/** Support's list of requests, newest first, with the filters support chases providers by. */
export function ConsoleRequestList(props: ConsoleListProps) {
  const { filters } = props;
  return (
    <ConsoleLayout title="Requests" supporter={props.supporter} nonce={props.nonce}>
      <h1>Cancellation requests</h1>
      <form method="get" action="/support" class="filters" role="search" aria-label="Find requests">
        <div>
          <label for="q">Reference or customer identifier</label>
          <input type="search" id="q" name="q" value={filters.q ?? ''} maxlength={200} aria-describedby="q-hint" />
          <small id="q-hint">A CD-… reference, or one identifier's whole value, such as an email address.</small>
        </div>
        <Select name="status" label="Status" value={filters.status} options={props.statuses} />
        <Select name="provider" label="Provider" value={filters.provider} options={props.providers} />
        <Select name="outcome" label="Outcome" value={filters.outcome} options={props.outcomes} />
        <div>
          <label for="olderThanDays">Age</label>
          <select id="olderThanDays" name="olderThanDays">
            {AGES.map((age) => (
              <option value={age.days === undefined ? '' : String(age.days)} selected={filters.olderThanDays === age.days}>
                {age.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="activity">Link activity</label>
          <select id="activity" name="activity">
            <option value="">any</option>
            <option value="opened_not_answered" selected={filters.activity === 'opened_not_answered'}>
              opened by a person, not answered
            </option>
          </select>
        </div>
        <button type="submit">Filter</button>
      </form>
      {props.error && <p class="error" role="alert">{props.error}</p>}
      {props.rows.length === 0 ? (
        <p>No requests match.</p>
      ) : (
        <ScrollRegion label="Requests">
          <table>
            <thead>
              <tr>
                <th>Reference</th>
                <th>Provider</th>
                <th>Status</th>
                <th>Outcome</th>
                <th>Created</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/support/requests/${row.id}`}>{row.caseReference}</a>
                  </td>
                  <td>{row.provider}</td>
                  <td class="status">
                    {row.status}
                    {row.closed && ' (closed)'}
                  </td>
                  <td>{row.outcome ?? '—'}</td>
                  <td>{moment(row.createdAt)}</td>
                  <td>{moment(row.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {props.nextPage && (
        <p>
          <a href={`/support?${props.nextPage}`}>Next page</a>
        </p>
      )}
    </ConsoleLayout>
  );
}

function Select(props: { name: string; label: string; value?: string; options: readonly string[] }) {
  return (
    <div>
      <label for={props.name}>{props.label}</label>
      <select id={props.name} name={props.name}>
        <option value="">any</option>
        {props.options.map((option) => (
          <option value={option} selected={props.value === option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

/** `2026-11-21 10:00` in UTC: support reads many rows, so short and sortable beats friendly. */
export const moment = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
