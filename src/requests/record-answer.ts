import { expressionBuilder } from 'kysely';
import { fewerAnswersThan, findAnswer, insertAnswer } from '../db/answers.ts';
import { acceptsAnswers, appendHistory, recordOutcome } from '../db/requests.ts';
import type { AnswerRow, Database } from '../db/schema.ts';
import type { Guard } from '../db/requests.ts';
import { announceChange } from '../db/webhook-messages.ts';
import type { Deps } from '../deps.ts';
import { DATE_FIELD, isDated } from '../outcome.ts';
import type { Answer } from './answer-form.ts';

/** How many answers one request takes through its links; corrections are rare, a loop is not. */
export const MAX_PROVIDER_ANSWERS = 20;

/** Who gave an answer: the provider through its link, or a support account on the provider's behalf. */
export type Answerer = { kind: 'provider'; linkId: string } | { kind: 'support'; accountId: string };

/** How the history names a support account. */
export const supportActorName = (account: { accountId: string }): string => `support:${account.accountId}`;

/**
 * Stores an answer, makes it the request's outcome and writes the history entry, as one atomic unit.
 * Each statement is guarded by the request still taking answers (not closed; for a provider, the link
 * still current), so a link revoked a moment ago writes nothing. Answers arriving together are all
 * kept, numbered in commit order, and the last one committed is the outcome.
 * Returns the stored answer, or null when the request no longer took answers.
 */
export async function recordAnswer(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>,
  requestId: string,
  answer: Answer,
  by: Answerer,
): Promise<AnswerRow | null> {
  const at = deps.clock.now().toISOString();
  const id = deps.ids.id('an');
  const actor = by.kind === 'provider' ? 'provider' : supportActorName(by);
  const open = acceptsAnswers(requestId, by.kind === 'provider' ? by.linkId : undefined);
  // A forwarded link must not let anyone add answers without end (each one is a change every app poll
  // and webhook sees); support, answering for the provider, is not capped.
  const onlyIf = by.kind === 'provider' ? and(open, fewerAnswersThan(requestId, MAX_PROVIDER_ANSWERS)) : open;
  // The answer is inserted last: the guard counts answers, and must count the same for every statement.
  await deps.atomic([
    recordOutcome(deps.db, requestId, { json: JSON.stringify(appVisibleOutcome(answer)), answeredAt: at }, onlyIf),
    // Right after the write it announces (see announceChange); before the answer, which it counts.
    announceChange(deps.db, { messageId: deps.ids.id('msg'), requestId, event: 'answer', at }),
    appendHistory(
      deps.db,
      // The history says which answer and what type, never its free text: that lives in the answer alone.
      { id: deps.ids.id('ev'), request_id: requestId, at, actor, event: 'answered', detail: JSON.stringify({ answer: id, outcome: answer.outcome }) },
      onlyIf,
    ),
    insertAnswer(deps.db, { id, request_id: requestId, at, actor, ...answer }, onlyIf),
  ]);
  // The app's webhook about it, if it has one, goes out now rather than at the next tick.
  deps.wakeSender();
  return findAnswer(deps.db, id);
}

/** The part of an answer an app may see: the type and its date, under the date's app-facing name. */
function appVisibleOutcome(answer: Answer): Record<string, string> {
  if (!isDated(answer.outcome)) return { type: answer.outcome };
  return { type: answer.outcome, [DATE_FIELD[answer.outcome]]: answer.date ?? '' };
}

const and = (...guards: Guard[]): Guard => expressionBuilder<Database, never>().and(guards);
