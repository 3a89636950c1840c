import { sql } from 'kysely';
import type { AtomicWrite } from '../../src/db/atomic.ts';
import type { Deps } from '../../src/deps.ts';
import { MAX_PROVIDER_ANSWERS, recordAnswer } from '../../src/requests/record-answer.ts';

// An answer's atomic unit run with its statements in the order built and reversed, by the Node tests
// and inside workerd alike: every statement waits for a guard none of them changes, so the order must
// not matter. Nothing here may import a runtime.

/** The same atomic, given the unit's statements last first. */
export const reversed =
  (atomic: AtomicWrite): AtomicWrite =>
  (writes) =>
    atomic([...writes].reverse());

/**
 * Posts MAX_PROVIDER_ANSWERS + 1 answers through the request's link and says what each call returned
 * and what the database holds afterwards.
 */
export async function answerUpToTheCap(deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>, requestId: string) {
  const { link_id: linkId } = await deps.db.selectFrom('cancellation_requests').select('link_id').where('id', '=', requestId).executeTakeFirstOrThrow();
  const recorded: boolean[] = [];
  for (let i = 1; i <= MAX_PROVIDER_ANSWERS + 1; i++) {
    const answer = { outcome: 'not_found' as const, date: null, message: null, note: `try ${i}` };
    recorded.push((await recordAnswer(deps, requestId, answer, { kind: 'provider', linkId })) !== null);
  }
  const of = (table: 'request_answers' | 'request_history' | 'webhook_messages') => deps.db.selectFrom(table).where('request_id', '=', requestId);
  const [answers, history, messages, request] = await Promise.all([
    of('request_answers').select(['number', 'note']).orderBy('number').execute(),
    of('request_history').select('event').where('event', '=', 'answered').execute(),
    of('webhook_messages').select('event').orderBy(sql`rowid`).execute(),
    deps.db.selectFrom('cancellation_requests').select(['status', 'outcome']).where('id', '=', requestId).executeTakeFirstOrThrow(),
  ]);
  return { recorded, answers, history: history.length, events: messages.map((m) => m.event), request };
}

/** What answerUpToTheCap must find, whatever the order of the unit's statements. */
export const AT_THE_CAP = {
  recorded: [...Array(MAX_PROVIDER_ANSWERS).fill(true), false],
  answers: Array.from({ length: MAX_PROVIDER_ANSWERS }, (_, i) => ({ number: i + 1, note: `try ${i + 1}` })),
  history: MAX_PROVIDER_ANSWERS,
  events: ['cancellation_request.answered', ...Array(MAX_PROVIDER_ANSWERS - 1).fill('cancellation_request.answer_corrected')],
  request: { status: 'answered', outcome: JSON.stringify({ type: 'not_found' }) },
};
