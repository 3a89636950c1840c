import { fewerAnswersBesides, insertAnswer, type NewAnswer } from '../db/answers.ts';
import type { Write } from '../db/atomic.ts';
import { acceptsAnswers, allOf, appendHistory, type Guard, recordOutcome } from '../db/requests.ts';
import { preparedStatements } from '../db/prepared.ts';
import type { Db } from '../db/schema.ts';
import { announced } from '../db/webhook-messages.ts';
import type { Deps } from '../deps.ts';
import { DATE_FIELD, isDated, type OutcomeType } from '../outcome.ts';
import type { Answer } from './answer-form.ts';

/** How many answers one request takes through its links; corrections are rare, a loop is not. */
export const MAX_PROVIDER_ANSWERS = 20;

/** Who gave an answer: the provider (through its link, or its API key: no link), or a support account on the provider's behalf. */
export type Answerer = { kind: 'provider'; linkId?: string } | { kind: 'support'; accountId: string };

/** How the history names a support account. */
export const supportActorName = (account: { accountId: string }): string => `support:${account.accountId}`;

/** Where an answer support entered came from, when it was an email reply: its history entry names it. */
export interface AnswerSource {
  emailReplyId?: string;
  /** A condition of the caller's that the whole answer also waits for (an email reply still open, say), given the answer's id. */
  onlyIf?: (answerId: string) => Guard;
  /**
   * Statements of the caller's written first in the same atomic unit, whatever the answer's guards say
   * (the link activity of the POST that carries the answer: one transaction, not two). Only a help:
   * when the unit fails, the answer is written again without them and `failed` is told why.
   */
  alongside?: { writes: Write[]; failed: (error: unknown) => void };
}

/**
 * Stores an answer, makes it the request's outcome, announces it to the app and writes the history
 * entry, as one atomic unit. Every statement waits for the same guard — the request still takes answers
 * (not closed; for a provider, the link still current and fewer than MAX_PROVIDER_ANSWERS others) — which
 * none of them changes, so they hold or fail together in any order, and a link revoked a moment ago
 * writes nothing. Answers arriving together are all kept, numbered in commit order, and the last one
 * committed is the outcome. Returns the answer as stored (its number aside), or null when the request no longer took answers.
 */
export async function recordAnswer(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>,
  requestId: string,
  answer: Answer,
  by: Answerer,
  source: AnswerSource = {},
): Promise<NewAnswer | null> {
  const recording = answerWrites(deps, requestId, answer, by, source);
  const changes = await (source.alongside ? writeAlongside(deps, recording.writes, source.alongside) : deps.atomic(recording.writes));
  if (changes.of(recording.insert) === 0) return null;
  // The app's webhook about it, if it has one, goes out now rather than at the next tick.
  deps.wakeSender();
  return recording.stored;
}

/** The answer's writes after the caller's in one unit; should that unit fail, the answer alone (the unit rolled back whole). */
async function writeAlongside(deps: Pick<Deps, 'atomic'>, writes: Write[], alongside: NonNullable<AnswerSource['alongside']>) {
  if (alongside.writes.length === 0) return deps.atomic(writes);
  try {
    return await deps.atomic([...alongside.writes, ...writes]);
  } catch (error) {
    alongside.failed(error);
    return deps.atomic(writes);
  }
}

/**
 * recordAnswer's statements, for a caller that adds its own to the same atomic unit (an email reply
 * settled with the answer it gave). `insert` changed a row exactly when the answer was recorded.
 */
export function answerWrites(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  requestId: string,
  answer: Answer,
  by: Answerer,
  source: AnswerSource = {},
): { stored: NewAnswer; insert: Write; writes: Write[] } {
  const at = deps.clock.now().toISOString();
  const stored: NewAnswer = { id: deps.ids.id('an'), request_id: requestId, at, actor: by.kind === 'provider' ? 'provider' : supportActorName(by), ...answer };
  // The history says which answer and what type (and which email reply it came from), never its free text: that lives in the answer alone.
  const detail = { answer: stored.id, outcome: answer.outcome, ...(source.emailReplyId ? { emailReply: source.emailReplyId } : {}) };
  const values: AnswerValues = {
    requestId,
    at,
    answerId: stored.id,
    messageId: deps.ids.id('msg'),
    eventId: deps.ids.id('ev'),
    actor: stored.actor,
    outcome: answer.outcome,
    date: answer.date,
    message: answer.message,
    note: answer.note,
    outcomeJson: JSON.stringify(clientVisibleOutcome(answer)),
    followUpFrom: contractEnd(answer),
    detail: JSON.stringify(detail),
    linkId: by.kind === 'provider' ? (by.linkId ?? null) : null,
  };
  // A forwarded link must not let anyone add answers without end (each one is a change every app poll
  // and webhook sees); support, answering for the provider, is not capped.
  const capped = by.kind === 'provider';
  // A caller's own condition is built per call; without one (every form's answer) the statements are prepared.
  const writes = source.onlyIf
    ? guardedAnswerWrites(deps.db, values, capped, source.onlyIf(stored.id))
    : (capped ? cappedAnswer : uncappedAnswer)(deps.db, values);
  return { stored, insert: writes[0]!, writes };
}

/** What an answer's statements are made of; nulls where the answer or the answerer has none. */
type AnswerValues = Record<'requestId' | 'at' | 'answerId' | 'messageId' | 'eventId' | 'actor' | 'outcome' | 'outcomeJson' | 'detail', string> &
  Record<'date' | 'message' | 'note' | 'followUpFrom' | 'linkId', string | null>;

/**
 * The answer (first: the write that says whether it was recorded), the outcome with its webhook, the
 * history entry, every one behind the same guard: the request takes answers (through this link, when
 * there is one), fewer than MAX_PROVIDER_ANSWERS others when `capped`, and the caller's own `onlyIf`.
 */
function guardedAnswerWrites(db: Db, v: AnswerValues, capped: boolean, onlyIfToo?: Guard): Write[] {
  const open = acceptsAnswers(v.requestId, v.linkId ?? undefined);
  const onlyIf = allOf(open, capped ? fewerAnswersBesides(v.requestId, v.answerId, MAX_PROVIDER_ANSWERS) : undefined, onlyIfToo);
  const stored: NewAnswer = { id: v.answerId, request_id: v.requestId, at: v.at, actor: v.actor, outcome: v.outcome as OutcomeType, date: v.date, message: v.message, note: v.note };
  return [
    insertAnswer(db, stored, onlyIf),
    ...announced(db, recordOutcome(db, v.requestId, { json: v.outcomeJson, answeredAt: v.at, followUpFrom: v.followUpFrom }, onlyIf), {
      id: v.messageId,
      event: 'answer',
      answerId: v.answerId,
      at: v.at,
    }),
    appendHistory(db, { id: v.eventId, request_id: v.requestId, at: v.at, actor: v.actor, event: 'answered', detail: v.detail }, onlyIf),
  ];
}

// Built and compiled once (per pattern of empty values): building cost more than the four writes themselves (docs/benchmarks.md).
const cappedAnswer = preparedStatements((db, values: AnswerValues) => guardedAnswerWrites(db, values, true));
const uncappedAnswer = preparedStatements((db, values: AnswerValues) => guardedAnswerWrites(db, values, false));

/** The day a binding contract ends, as its first moment (UTC): the scheduler's first look for its follow-up. */
function contractEnd(answer: Answer): string | null {
  return answer.outcome === 'binding_contract' && answer.date ? `${answer.date}T00:00:00.000Z` : null;
}

/** The part of an answer an app may see: the type and its date, under the date's app-facing name. */
function clientVisibleOutcome(answer: Answer): Record<string, string> {
  if (!isDated(answer.outcome)) return { type: answer.outcome };
  return { type: answer.outcome, [DATE_FIELD[answer.outcome]]: answer.date ?? '' };
}
