import { isoDay } from '../clock.ts';
import { copyFor } from '../copy/index.ts';
import { findProvider } from '../db/providers.ts';
import { acceptsAnswers, appendHistory, closeRequest, findRequest, moveStatus, replaceLink, storedCustomer } from '../db/requests.ts';
import type { RequestRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { type AnswerFormInput, type ParsedAnswer, parseAnswerForm } from '../requests/answer-form.ts';
import { recordAnswer, supportActorName } from '../requests/record-answer.ts';
import { composeRequestEmail } from '../requests/request-email.ts';

/** What became of a support action. */
export type SupportActionResult =
  | { kind: 'done' }
  | { kind: 'not_found' }
  /** The request is closed, its customer details were erased, or it changed while the action ran. */
  | { kind: 'refused'; reason: string }
  | { kind: 'invalid'; fields: Record<string, string> };

/** The support account acting; the history names it `support:<account id>`. */
export type SupportActor = { accountId: string };

type ActionDeps = Pick<Deps, 'db' | 'atomic' | 'config' | 'clock' | 'ids' | 'wakeSender'>;

const CLOSED = { kind: 'refused', reason: 'the request is closed' } as const;
const CHANGED = { kind: 'refused', reason: 'the request changed meanwhile (another action or answer); reload and try again' } as const;

/** Sends the cancellation email again with the request's current link (old emails keep working). */
export function resendEmail(deps: ActionDeps, requestId: string, actor: SupportActor): Promise<SupportActionResult> {
  return sendAgain(deps, requestId, actor, 'email_resent');
}

/**
 * Gives the request a new link and sends it: every earlier link stops working (a forwarded email,
 * a wrong inbox). The link change and the email land together or not at all.
 */
export function reissueLink(deps: ActionDeps, requestId: string, actor: SupportActor): Promise<SupportActionResult> {
  return sendAgain(deps, requestId, actor, 'link_reissued');
}

/**
 * Every statement is guarded by the request still being open with the link read here, and the link
 * is replaced last: a double click, or a close or re-issue racing this one, queues no email with a
 * link that is already dead and leaves no history of an action that did not happen.
 */
async function sendAgain(
  deps: ActionDeps,
  requestId: string,
  actor: SupportActor,
  event: 'email_resent' | 'link_reissued',
): Promise<SupportActionResult> {
  const row = await findRequest(deps.db, requestId);
  if (!row) return { kind: 'not_found' };
  if (row.closed_at) return CLOSED;
  const customer = storedCustomer(row);
  if (!customer) return { kind: 'refused', reason: "the customer's details have been erased" };
  const provider = await findProvider(deps.db, row.provider_id);
  if (!provider) return { kind: 'not_found' };

  const now = deps.clock.now();
  const at = now.toISOString();
  const reissued = event === 'link_reissued';
  const linkId = reissued ? deps.ids.id('ln') : row.link_id;
  // A new link comes with a new reply key, so a forwarded email's Reply-To stops leading to the request too.
  const replyKey = reissued && deps.config.inboundDomain ? deps.ids.replyKey() : row.reply_key;
  const unchanged = acceptsAnswers(row.id, row.link_id);
  const email = await composeRequestEmail(deps, { provider, request: { ...row, link_id: linkId, reply_key: replyKey }, customer, now }, unchanged);
  const history = appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: row.id, at, actor: supportActorName(actor), event, detail: null }, unchanged);
  const changes = await deps.atomic([
    ...email.writes,
    history,
    // A request whose email bounced is waiting on this one: it counts as queued again until it is sent.
    moveStatus(deps.db, row.id, ['delivery_failed'], 'queued', at, unchanged).write,
    ...(linkId === row.link_id ? [] : [replaceLink(deps.db, row.id, { from: row.link_id, to: linkId }, replyKey)]),
  ]);
  // The history entry waited for the same guard as the email: written means queued.
  if (changes.of(history) === 0) return CHANGED;
  deps.wakeSender();
  return { kind: 'done' };
}

/**
 * Records an outcome a provider gave some other way (a plain email reply, a phone call). Checked like
 * the provider's form, and marked as entered by support in the answers and the history.
 */
export async function answerOnBehalf(
  deps: ActionDeps,
  requestId: string,
  input: AnswerFormInput,
  actor: SupportActor,
): Promise<SupportActionResult> {
  const row = await findRequest(deps.db, requestId);
  if (!row) return { kind: 'not_found' };
  if (row.closed_at) return CLOSED;
  const parsed = checkAnswerOnBehalf(deps, row, input);
  if (parsed.kind === 'invalid') return { kind: 'invalid', fields: parsed.fields };
  const stored = await recordAnswer(deps, requestId, parsed.answer, { kind: 'support', ...actor });
  return stored ? { kind: 'done' } : CLOSED;
}

/** The provider's form's checks, worded for support: what an answer entered on the provider's behalf must pass. */
export const checkAnswerOnBehalf = (deps: Pick<Deps, 'clock'>, row: RequestRow, input: AnswerFormInput): ParsedAnswer =>
  parseAnswerForm(input, { today: isoDay(deps.clock.now()), requestedOn: requestDay(row) }, copyFor('en'));

/** Stops further answers (SPEC §4); the outcome recorded so far stays. Closing twice closes once. */
export async function closeForAnswers(deps: ActionDeps, requestId: string, actor: SupportActor): Promise<SupportActionResult> {
  const row = await findRequest(deps.db, requestId);
  if (!row) return { kind: 'not_found' };
  if (row.closed_at) return CLOSED;
  const at = deps.clock.now().toISOString();
  // The entry waits for the request to be open; the close, after it, ends that: a second close writes neither.
  const history = appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: requestId, at, actor: supportActorName(actor), event: 'closed', detail: null }, acceptsAnswers(requestId));
  const changes = await deps.atomic([history, closeRequest(deps.db, requestId, at)]);
  return changes.of(history) === 1 ? { kind: 'done' } : CLOSED;
}

const requestDay = (row: RequestRow): string => row.created_at.slice(0, 10);
