import { isoDay } from '../clock.ts';
import { copyFor, type Copy, type Locale } from '../copy/index.ts';
import type { LinkProblem } from '../copy/types.ts';
import { findReplyLinkRequest, type LatestAnswer, type ProviderOnPage } from '../db/reply-link.ts';
import { storedCustomer } from '../db/requests.ts';
import type { Guard } from '../db/requests.ts';
import type { AnswerRow, RequestRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { type FetchKnown, linkActivityNotRecorded, linkActivityWrites, type LinkVisit } from '../link-activity/record.ts';
import { verifyReplyToken } from '../links/reply-token.ts';
import type { OutcomeType } from '../outcome.ts';
import { customerDetails } from '../providers/identifiers.ts';
import { type AnswerFormInput, type AnswerFormValues, parseAnswerForm } from './answer-form.ts';
import { type AnswerSource, MAX_PROVIDER_ANSWERS, recordAnswer } from './record-answer.ts';

/** What the provider's form shows about a request: enough to find the customer, nothing more. */
export interface ReplyRequest {
  requestId: string;
  linkId: string;
  reference: string;
  requestedOn: string;
  providerName: string;
  locale: Locale;
  copy: Copy;
  identifiers: { key: string; label: string; value: string }[];
  latest: RecordedAnswer | null;
  /** How many answers the request has so far (the latest one's number). */
  answers: number;
}

/** An answer as the provider sees it again: never another answerer's free text. */
export interface RecordedAnswer {
  outcome: OutcomeType;
  date: string | null;
  at: string;
  bySupport: boolean;
}

/** An open link carries what recording this fetch of it needs, read with the request (one statement fewer per fetch). */
export type ReplyLinkState = { kind: 'open'; request: ReplyRequest; fetched: FetchKnown } | { kind: 'problem'; problem: LinkProblem; copy: Copy };

export type ReplySubmission =
  | { kind: 'problem'; problem: LinkProblem; copy: Copy }
  | { kind: 'invalid'; request: ReplyRequest; fields: Record<string, string>; values: AnswerFormValues }
  | { kind: 'recorded'; request: ReplyRequest; answer: RecordedAnswer };

const DEFAULT_COPY = copyFor('en');

/**
 * Opens a reply link: checks the token (signature, expiry), then that its link is still the current
 * one and the request still open. Only reads: a mail scanner may open the link any number of times.
 */
export async function openReplyLink(deps: Pick<Deps, 'db' | 'config' | 'clock'>, token: string): Promise<ReplyLinkState> {
  const claims = await verifyReplyToken(deps.config.tokenKeys, token, deps.clock.now());
  // Nothing in a bad token can be trusted to pick a language or a request: a generic page. An expired
  // one is still ours, so its page speaks the provider's language, and says nothing more.
  if (!claims.ok) {
    const copy = claims.reason === 'expired' ? await providerCopy(deps, claims.requestId) : DEFAULT_COPY;
    return { kind: 'problem', problem: claims.reason, copy };
  }
  // The request with its provider, latest answer and link activity's context, in one read: every provider and scanner opens this page.
  const at = deps.clock.now().toISOString();
  const found = await findReplyLinkRequest(deps.db, claims.requestId, at);
  if (!found) return { kind: 'problem', problem: 'invalid', copy: DEFAULT_COPY };
  const { row, provider, latest, fetchContext } = found;
  const copy = copyFor(provider?.locale ?? 'en');
  if (row.link_id !== claims.linkId) return { kind: 'problem', problem: 'revoked', copy };
  if (row.closed_at) return { kind: 'problem', problem: 'closed', copy };

  return { kind: 'open', request: replyRequestOf(row, provider, latest, claims.linkId), fetched: { at, context: fetchContext } };
}

/** What the provider's form shows of a request, from its row, its provider and its latest answer. */
export function replyRequestOf(
  row: Pick<RequestRow, 'id' | 'reference' | 'created_at' | 'customer' | 'provider_id'>,
  provider: ProviderOnPage | null,
  latest: LatestAnswer | null,
  linkId: string,
): ReplyRequest {
  return {
    requestId: row.id,
    linkId,
    reference: row.reference,
    requestedOn: row.created_at.slice(0, 10),
    providerName: provider?.name ?? row.provider_id,
    locale: provider?.locale ?? 'en',
    copy: copyFor(provider?.locale ?? 'en'),
    identifiers: customerDetails(provider?.identifiers ?? [], storedCustomer(row) ?? {}, provider?.locale),
    latest: latest && recorded(latest),
    answers: latest?.number ?? 0,
  };
}

async function providerCopy(deps: Pick<Deps, 'db' | 'clock'>, requestId: string): Promise<Copy> {
  const found = await findReplyLinkRequest(deps.db, requestId, deps.clock.now().toISOString());
  return copyFor(found?.provider?.locale ?? 'en');
}

/** The form's POST: validate for sense, then record. Nothing is stored unless every field is right. */
export async function answerByLink(
  deps: Pick<Deps, 'db' | 'atomic' | 'config' | 'clock' | 'ids' | 'wakeSender' | 'log'>,
  token: string,
  input: AnswerFormInput,
  visit: LinkVisit,
): Promise<ReplySubmission> {
  const link = await openReplyLink(deps, token);
  if (link.kind === 'problem') return link;
  const requestId = link.request.requestId;
  return answerReplyRequest(deps, link.request, input, {
    // Scanners do not post forms: whoever answers has the request open. Written first in the answer's own
    // transaction, so the answer's webhook carries firstOpenedAt; activity that cannot be written never fails the answer.
    alongside: async () => {
      const failed = (error: unknown) => linkActivityNotRecorded(deps, requestId, error);
      try {
        return { writes: (await linkActivityWrites(deps, requestId, visit, link.fetched)).writes, failed };
      } catch (error) {
        failed(error);
        return undefined;
      }
    },
    whyRefused: async () => {
      const now = await openReplyLink(deps, token);
      return now.kind === 'open' ? 'answer_limit' : now.problem;
    },
  });
}

/**
 * Validates an answer to an opened request for sense, then records it as the provider's: the reply
 * form's rules, whichever page it came through (the request's own link, the provider's inbox link).
 * `onlyIf` is a condition of the caller's the write also waits for; `alongside` gives, once the answer is
 * valid and under the cap, statements to write first in the answer's own atomic unit; `whyRefused` words a write refused
 * inside the atomic unit, as a GET of the caller's page would now.
 */
export async function answerReplyRequest(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'wakeSender'>,
  request: ReplyRequest,
  input: AnswerFormInput,
  options: { onlyIf?: Guard; alongside?: () => Promise<AnswerSource['alongside']>; whyRefused: () => Promise<LinkProblem> },
): Promise<ReplySubmission> {
  const parsed = parseAnswerForm(input, { today: isoDay(deps.clock.now()), requestedOn: request.requestedOn }, request.copy);
  if (parsed.kind === 'invalid') return { kind: 'invalid', request, fields: parsed.fields, values: parsed.values };

  // The page already counted the answers: at the cap, nothing is written.
  if (request.answers >= MAX_PROVIDER_ANSWERS) return { kind: 'problem', problem: 'answer_limit', copy: request.copy };
  const alongside = await options.alongside?.();
  const onlyIf = options.onlyIf;
  const source: AnswerSource = { ...(onlyIf && { onlyIf: () => onlyIf }), ...(alongside && { alongside }) };
  const stored = await recordAnswer(deps, request.requestId, parsed.answer, { kind: 'provider', linkId: request.linkId }, source);
  // Refused inside the write: something changed since the page was opened — the link was replaced, the
  // request closed, or other answers reached the cap. Which one is read now, only to word the page as a
  // GET would; the write's counts say that it was refused, not which of its guards refused it.
  if (!stored) return { kind: 'problem', problem: await options.whyRefused(), copy: request.copy };
  return { kind: 'recorded', request, answer: recorded(stored) };
}

const recorded = (answer: Pick<AnswerRow, 'outcome' | 'date' | 'at' | 'actor'>): RecordedAnswer => ({
  outcome: answer.outcome,
  date: answer.date,
  at: answer.at,
  bySupport: answer.actor.startsWith('support:'),
});
