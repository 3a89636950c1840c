import { fewerAnswersBesides } from '../db/answers.ts';
import {
  answerStored,
  assignEmailReply,
  findEmailReply,
  findRequestByIdOrReference,
  replyStillOpenFor,
  settleEmailReply,
  type TriageRow,
} from '../db/email-reply-triage.ts';
import { allOf, appendHistory, findRequest } from '../db/requests.ts';
import type { EmailReplyResolution } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { AnswerFormInput, ParsedAnswer } from '../requests/answer-form.ts';
import { answerWrites, supportActorName } from '../requests/record-answer.ts';
import { checkAnswerOnBehalf, type SupportActionResult, type SupportActor } from './request-actions.ts';

/**
 * What support does with a received email reply (issue 15): accept its suggestion, record another
 * outcome from it, assign it to a request, or mark it handled. Each is one atomic unit guarded by the
 * reply still being open as it was read, so a reply is settled once: of two supporters clicking at
 * once, one's write lands and the other is told it changed meanwhile.
 */

/** A supporter acting on a reply: the history names the account, the reply keeps its email. */
export type EmailReplyActor = SupportActor & { email: string };

type ActionDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>;

const refused = (reason: string) => ({ kind: 'refused', reason }) as const;
const CHANGED = refused('the email reply or its request changed meanwhile (another supporter or answer); reload and try again');

/**
 * Records the suggested outcome on the provider's behalf, checked as the provider's form would check
 * it, and settles the reply. Only for a request still waiting for its first answer: over an answer
 * already given, support records another outcome deliberately instead.
 */
export async function acceptSuggestion(deps: ActionDeps, replyId: string, actor: EmailReplyActor): Promise<SupportActionResult> {
  const reply = await findEmailReply(deps.db, replyId);
  if (!reply) return { kind: 'not_found' };
  const problem = notOpen(reply);
  if (problem) return problem;
  if (!reply.suggested_outcome) return refused('the email reply has no suggested outcome; record one yourself');
  return answerFrom(deps, reply, { outcome: reply.suggested_outcome, dates: reply.suggested_date ? [reply.suggested_date] : [] }, actor, 'accepted');
}

/** Records the outcome support read in the reply (same fields and checks as support's record form) and settles it. */
export async function recordFromEmailReply(
  deps: ActionDeps,
  replyId: string,
  input: AnswerFormInput,
  actor: EmailReplyActor,
): Promise<SupportActionResult> {
  const reply = await findEmailReply(deps.db, replyId);
  if (!reply) return { kind: 'not_found' };
  return notOpen(reply) ?? answerFrom(deps, reply, input, actor, 'recorded');
}

async function answerFrom(
  deps: ActionDeps,
  reply: TriageRow,
  input: AnswerFormInput,
  actor: EmailReplyActor,
  resolution: Extract<EmailReplyResolution, 'accepted' | 'recorded'>,
): Promise<SupportActionResult> {
  const request = reply.request_id ? await findRequest(deps.db, reply.request_id) : null;
  if (!request) return refused('the email reply is not matched to a request; assign it to one first');
  if (request.closed_at) return refused('the request is closed');
  const accepting = resolution === 'accepted';
  if (accepting && request.answered_at) {
    return refused('the request is no longer waiting: it already has an answer; record another outcome to change it, or mark the reply handled');
  }
  const parsed: ParsedAnswer = checkAnswerOnBehalf(deps, request, input);
  if (parsed.kind === 'invalid') {
    // The suggestion is the reader's, not the caller's input: a date the form would refuse is a refusal, not a 400.
    return accepting ? refused(`the suggestion does not pass the form's checks (${Object.values(parsed.fields).join('; ')})`) : { kind: 'invalid', fields: parsed.fields };
  }
  const recording = answerWrites(deps, request.id, parsed.answer, { kind: 'support', ...actor }, {
    emailReplyId: reply.id,
    // Accepting waits for the request to have no answer but this one, which stays true once this one is written.
    onlyIf: (answerId) => allOf(replyStillOpenFor(reply.id, request.id), accepting ? fewerAnswersBesides(request.id, answerId, 1) : undefined),
  });
  // Last: it ends the reply's being open, which the answer's statements wait for; it waits for the answer.
  const settle = settleEmailReply(deps.db, reply.id, { at: recording.stored.at, by: actor.email, resolution }, answerStored(recording.stored.id));
  const changes = await deps.atomic([...recording.writes, settle]);
  if (changes.of(recording.insert) === 0) return CHANGED;
  deps.wakeSender();
  return { kind: 'done' };
}

/**
 * Gives an unmatched reply the request support found for it (by id or our `CD-…` reference), matched
 * by 'support'. The request's history says so; the reply stays open for its outcome.
 */
export async function assignToRequest(deps: ActionDeps, replyId: string, idOrReference: string, actor: EmailReplyActor): Promise<SupportActionResult> {
  const reply = await findEmailReply(deps.db, replyId);
  if (!reply) return { kind: 'not_found' };
  const problem = notOpen(reply);
  if (problem) return problem;
  if (reply.request_id) return refused(`the email reply is already matched to ${reply.request_reference ?? reply.request_id}`);
  const wanted = idOrReference.trim();
  const request = wanted === '' ? null : await findRequestByIdOrReference(deps.db, wanted);
  if (!request) return { kind: 'invalid', fields: { requestId: wanted === '' ? 'is required' : 'no request has this id or reference' } };
  const at = deps.clock.now().toISOString();
  const detail = JSON.stringify({ emailReply: reply.id });
  // The entry waits for the reply to be unmatched, which the assignment after it ends.
  const history = appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: request.id, at, actor: supportActorName(actor), event: 'email_reply_assigned', detail }, replyStillOpenFor(reply.id, null));
  const assign = assignEmailReply(deps.db, reply.id, request.id);
  const changes = await deps.atomic([history, assign]);
  return changes.of(assign) === 1 ? { kind: 'done' } : CHANGED;
}

/** Settles a reply that needs no outcome (a thank-you, a question answered elsewhere); its request's history says who. */
export async function markHandled(deps: ActionDeps, replyId: string, actor: EmailReplyActor): Promise<SupportActionResult> {
  const reply = await findEmailReply(deps.db, replyId);
  if (!reply) return { kind: 'not_found' };
  const problem = notOpen(reply);
  if (problem) return problem;
  const at = deps.clock.now().toISOString();
  const settle = settleEmailReply(deps.db, reply.id, { at, by: actor.email, resolution: 'handled' }, replyStillOpenFor(reply.id, reply.request_id));
  const history = reply.request_id
    ? [appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: reply.request_id, at, actor: supportActorName(actor), event: 'email_reply_handled', detail: JSON.stringify({ emailReply: reply.id }) }, replyStillOpenFor(reply.id, reply.request_id))]
    : [];
  // The entry comes first: it waits for the reply to be open, which the settling ends.
  const changes = await deps.atomic([...history, settle]);
  return changes.of(settle) === 1 ? { kind: 'done' } : CHANGED;
}

function notOpen(reply: TriageRow): SupportActionResult | null {
  return reply.state === 'open' ? null : refused(`the email reply was already handled${reply.handled_by ? ` by ${reply.handled_by}` : ''}`);
}
