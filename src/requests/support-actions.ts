import { isoDay } from '../clock.ts';
import { copyFor } from '../copy/index.ts';
import { findProvider } from '../db/providers.ts';
import { appendHistory, closeRequest, findRequest, moveStatus, replaceLink } from '../db/requests.ts';
import type { RequestRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Provider } from '../providers/provider.ts';
import { type AnswerFormInput, parseAnswerForm } from './answer-form.ts';
import { recordAnswer } from './record-answer.ts';
import { composeRequestEmail } from './request-email.ts';

/** What became of a support action. */
export type SupportActionResult =
  | { kind: 'done' }
  | { kind: 'not_found' }
  /** The request is closed, or its customer details were erased: there is nothing to send or record. */
  | { kind: 'refused'; reason: string }
  | { kind: 'invalid'; fields: Record<string, string> };

type ActionDeps = Pick<Deps, 'db' | 'atomic' | 'config' | 'clock' | 'ids' | 'wakeSender'>;

/** Sends the cancellation email again with the request's current link (old emails keep working). */
export function resendEmail(deps: ActionDeps, requestId: string, actor: string): Promise<SupportActionResult> {
  return sendAgain(deps, requestId, actor, 'email_resent', (row) => row.link_id);
}

/**
 * Gives the request a new link and sends it: every earlier link stops working (a forwarded email,
 * a wrong inbox). The link change and the email land together or not at all.
 */
export function reissueLink(deps: ActionDeps, requestId: string, actor: string): Promise<SupportActionResult> {
  return sendAgain(deps, requestId, actor, 'link_reissued', () => deps.ids.id('ln'));
}

async function sendAgain(
  deps: ActionDeps,
  requestId: string,
  actor: string,
  event: 'email_resent' | 'link_reissued',
  linkFor: (row: RequestRow) => string,
): Promise<SupportActionResult> {
  const found = await sendable(deps, requestId);
  if ('kind' in found) return found;
  const { row, provider, customer } = found;
  const now = deps.clock.now();
  const at = now.toISOString();
  const linkId = linkFor(row);
  const email = await composeRequestEmail(deps, { provider, request: { ...row, link_id: linkId }, customer, now });
  await deps.atomic([
    ...(linkId === row.link_id ? [] : [replaceLink(deps.db, row.id, linkId)]),
    email,
    appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: row.id, at, actor, event, detail: null }),
    // A request whose email bounced is waiting on this one: it counts as queued again until it is sent.
    moveStatus(deps.db, row.id, ['delivery_failed'], 'queued', at),
  ]);
  deps.wakeSender();
  return { kind: 'done' };
}

async function sendable(
  deps: ActionDeps,
  requestId: string,
): Promise<{ row: RequestRow; provider: Provider; customer: Record<string, string> } | Exclude<SupportActionResult, { kind: 'done' }>> {
  const row = await findRequest(deps.db, requestId);
  if (!row) return { kind: 'not_found' };
  if (row.closed_at) return { kind: 'refused', reason: 'the request is closed' };
  if (!row.customer) return { kind: 'refused', reason: "the customer's details have been erased" };
  const provider = await findProvider(deps.db, row.provider_id);
  if (!provider) return { kind: 'not_found' };
  return { row, provider, customer: JSON.parse(row.customer) };
}

/**
 * Records an outcome a provider gave some other way (a plain email reply, a phone call). Checked like
 * the provider's form, and marked as entered by support in the answers and the history.
 */
export async function answerOnBehalf(
  deps: ActionDeps,
  requestId: string,
  input: AnswerFormInput,
  accountId: string,
): Promise<SupportActionResult> {
  const row = await findRequest(deps.db, requestId);
  if (!row) return { kind: 'not_found' };
  if (row.closed_at) return { kind: 'refused', reason: 'the request is closed' };
  const parsed = parseAnswerForm(input, { today: isoDay(deps.clock.now()), requestedOn: row.created_at.slice(0, 10) }, copyFor('en'));
  if (!parsed.ok) return { kind: 'invalid', fields: parsed.fields };
  const stored = await recordAnswer(deps, requestId, parsed.answer, { kind: 'support', accountId });
  return stored ? { kind: 'done' } : { kind: 'refused', reason: 'the request is closed' };
}

/** Stops further answers (SPEC §4); the outcome recorded so far stays. */
export async function closeForAnswers(deps: ActionDeps, requestId: string, actor: string): Promise<SupportActionResult> {
  const row = await findRequest(deps.db, requestId);
  if (!row) return { kind: 'not_found' };
  if (row.closed_at) return { kind: 'refused', reason: 'the request is already closed' };
  const at = deps.clock.now().toISOString();
  await deps.atomic([
    closeRequest(deps.db, requestId, at),
    appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: requestId, at, actor, event: 'closed', detail: null }),
  ]);
  return { kind: 'done' };
}
