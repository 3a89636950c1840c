import { formatCalendarDate } from '../../src/copy/dates.ts';
import { moment } from './request-list.tsx';

/** A received email reply as the console shows it (the support view's summary). Its text is hostile input: only ever text nodes. */
export interface ConsoleEmailReply {
  id: string;
  receivedAt: string;
  from: { address: string | null; name: string | null };
  subject: string;
  kind: string;
  visibleText: string;
  suggestion: { outcome: string; date: string | null } | null;
  state: string;
  matchedBy: string | null;
  request: { id: string; caseReference: string; provider: string } | null;
  handledAt: string | null;
  handledBy: string | null;
  resolution: string | null;
}

const OUTCOME_WORDS: Record<string, { label: string; date?: string }> = {
  cancelled: { label: 'Cancelled', date: 'access until' },
  already_cancelled: { label: 'Already cancelled', date: 'on' },
  binding_contract: { label: 'Binding contract', date: 'ends on' },
  not_found: { label: 'No subscription found' },
  other: { label: 'Other reason' },
};

/** "Suggested: Cancelled, access until 31 January 2027". */
export function suggestionInWords(suggestion: { outcome: string; date: string | null }): string {
  const words = OUTCOME_WORDS[suggestion.outcome] ?? { label: suggestion.outcome };
  if (!suggestion.date) return `Suggested: ${words.label}`;
  return `Suggested: ${words.label}, ${words.date ?? 'date'} ${readableDate(suggestion.date)}`;
}

function readableDate(day: string): string {
  try {
    return formatCalendarDate(day, 'en-GB');
  } catch {
    return day;
  }
}

const sender = (from: ConsoleEmailReply['from']) => (from.name && from.address ? `${from.name} <${from.address}>` : (from.address ?? from.name ?? 'unknown sender'));

/** Who wrote, when, the subject, the visible text and the suggestion: what support reads before acting. */
export function EmailReplyText({ reply }: { reply: ConsoleEmailReply }) {
  return (
    <>
      <dl class="facts">
        <dt>Received</dt>
        <dd>{moment(reply.receivedAt)}</dd>
        <dt>From</dt>
        <dd class="value">{sender(reply.from)}</dd>
        <dt>Subject</dt>
        <dd class="value">{reply.subject || '(no subject)'}</dd>
        {reply.state === 'handled' && (
          <>
            <dt>Handled</dt>
            <dd>
              {reply.resolution} by {reply.handledBy ?? '—'}
              {reply.handledAt && `, ${moment(reply.handledAt)}`}
            </dd>
          </>
        )}
      </dl>
      {reply.visibleText === '' ? <p class="muted">No text (erased, or none could be read).</p> : <div class="free-text">{reply.visibleText}</div>}
      {reply.suggestion && <p class="suggestion">{suggestionInWords(reply.suggestion)}</p>}
    </>
  );
}
