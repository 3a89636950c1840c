import { z } from 'zod';
import { listAnswers } from '../db/answers.ts';
import { listLinkActivity } from '../db/link-activity.ts';
import { listOutbox } from '../db/outbox.ts';
import { type EmailReplySummary, emailRepliesOfRequest } from './email-reply-view.ts';
import { findProvider } from '../db/providers.ts';
import { appendHistory, findRequest, storedCustomer } from '../db/requests.ts';
import type { LinkFetchKind, RequestStatus } from '../db/schema.ts';
import type { LinkFetchReason } from '../link-activity/classify.ts';
import { findRequestByReference, listHistory, listRequestsForSupport, type SupportFilter } from '../db/support-queries.ts';
import type { Deps } from '../deps.ts';
import type { OutcomeType } from '../outcome.ts';
import { readReference } from '../ids.ts';
import { customerDetails } from '../providers/identifiers.ts';
import { type ClientOutcome, requestForClient } from '../requests/client-view.ts';
import { opaqueCursor } from '../requests/cursor.ts';

export type { SupportFilter };

/** The list's link-activity filter: one choice for now. */
export const LINK_ACTIVITY_FILTERS = ['opened_not_answered'] as const;

/** One row of support's list. No free text here, so listing is not a read of it. */
export interface SupportRequestSummary {
  id: string;
  /** Ours (`CD-…`), as in the email. */
  caseReference: string;
  status: RequestStatus;
  provider: string;
  clientId: string;
  outcome: OutcomeType | null;
  closed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SupportPage {
  data: SupportRequestSummary[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** A request as support sees it: everything, free text included (SPEC §6). */
export interface SupportRequest {
  id: string;
  /** Ours (`CD-…`), as in the email. */
  caseReference: string;
  status: RequestStatus;
  provider: { id: string; name: string };
  clientId: string;
  /** The app's own id for the request, as it gave it (the app API's `reference`). */
  reference: string | null;
  outcome: ClientOutcome | null;
  answeredAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Empty once the retention period erased them. */
  identifiers: { key: string; label: string; value: string }[];
  answers: {
    number: number;
    at: string;
    /** 'provider' or 'support:<account id>' (entered by support on the provider's behalf). */
    by: string;
    outcome: OutcomeType;
    date: string | null;
    message: string | null;
    note: string | null;
  }[];
  emails: { id: string; status: string; to: string[]; createdAt: string; sentAt: string | null; attempts: number; lastError: string | null }[];
  history: { at: string; actor: string; event: string; detail: unknown }[];
  /** Replies received by email for it, oldest first, beside the form's answers. */
  emailReplies: EmailReplySummary[];
  /** When the provider first opened it in a browser (or answered through the form). */
  firstOpenedAt: string | null;
  /** Fetches of its links, oldest first (at most FETCHES_KEPT), each probably a scanner, a browser, or unknown. */
  linkActivity: LinkFetchView[];
}

export interface LinkFetchView {
  at: string;
  method: string;
  kind: LinkFetchKind;
  reasons: LinkFetchReason[];
}

export async function listForSupport(
  deps: Pick<Deps, 'db'>,
  filter: SupportFilter,
  cursor: string | undefined,
  limit: number,
): Promise<{ kind: 'page'; page: SupportPage } | { kind: 'invalid_cursor' }> {
  const after = cursor ? decodeSupportCursor(cursor) : null;
  if (cursor && !after) return { kind: 'invalid_cursor' };
  const rows = await listRequestsForSupport(deps.db, filter, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const data = page.map((row) => ({
    id: row.id,
    caseReference: row.reference,
    status: row.status,
    provider: row.provider_id,
    clientId: row.client_id,
    outcome: row.outcome ? (JSON.parse(row.outcome) as { type: OutcomeType }).type : null,
    closed: row.closed_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
  return { kind: 'page', page: { data, nextCursor: rows.length > limit && last ? encodeSupportCursor(last.created_at, last.id) : null } };
}

/**
 * Opens a request, by id or by the `CD-…` reference providers quote, for a support account (or the
 * operator's CLI). When it holds free text, the read itself is written to the history first, naming
 * who read it (THREATS 16), so the history shown already includes this read.
 */
export async function openRequestForSupport(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids'>,
  idOrReference: string,
  viewer: string,
): Promise<SupportRequest | null> {
  const reference = readReference(idOrReference);
  const row = reference ? await findRequestByReference(deps.db, reference) : await findRequest(deps.db, idOrReference);
  if (!row) return null;
  const id = row.id;
  const [answers, emailReplies] = await Promise.all([listAnswers(deps.db, id), emailRepliesOfRequest(deps, { id, caseReference: row.reference, provider: row.provider_id })]);
  const withText = answers.filter((a) => a.message !== null || a.note !== null).map((a) => a.number);
  const repliesWithText = emailReplies.filter((r) => r.visibleText !== '').map((r) => r.id);
  if (withText.length > 0 || repliesWithText.length > 0) {
    const at = deps.clock.now().toISOString();
    const read = { ...(withText.length > 0 ? { answers: withText } : {}), ...(repliesWithText.length > 0 ? { emailReplies: repliesWithText } : {}) };
    await deps.atomic([appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: id, at, actor: viewer, event: 'free_text_viewed', detail: JSON.stringify(read) })]);
  }
  const [provider, history, emails, fetches] = await Promise.all([
    findProvider(deps.db, row.provider_id),
    listHistory(deps.db, id),
    listOutbox(deps.db, { requestId: id }),
    listLinkActivity(deps.db, id),
  ]);
  const customer = storedCustomer(row) ?? {};
  const clientSees = requestForClient(row);
  return {
    id: row.id,
    caseReference: row.reference,
    status: row.status,
    provider: { id: row.provider_id, name: provider?.name ?? row.provider_id },
    clientId: row.client_id,
    reference: row.client_reference,
    outcome: clientSees.outcome,
    answeredAt: row.answered_at,
    closedAt: row.closed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    identifiers: customerDetails(provider?.identifiers ?? [], customer),
    answers: answers.map((a) => ({ number: a.number, at: a.at, by: a.actor, outcome: a.outcome, date: a.date, message: a.message, note: a.note })),
    emails: emails.reverse().map((e) => ({
      id: e.id,
      status: e.status,
      to: e.recipients,
      createdAt: e.created_at,
      sentAt: e.sent_at,
      attempts: e.attempts,
      lastError: e.last_error,
    })),
    history: history.map((h) => ({ at: h.at, actor: h.actor, event: h.event, detail: h.detail ? JSON.parse(h.detail) : null })),
    emailReplies,
    firstOpenedAt: row.first_opened_at,
    linkActivity: fetches.map((f) => ({ at: f.at, method: f.method, kind: f.kind, reasons: JSON.parse(f.reasons) as LinkFetchReason[] })),
  };
}

// Newest first on (created_at, id): version 1 is the last row's pair.
const supportCursor = opaqueCursor(z.tuple([z.literal(1), z.string(), z.string()]));
const encodeSupportCursor = (createdAt: string, id: string) => supportCursor.encode([1, createdAt, id]);

function decodeSupportCursor(cursor: string): { createdAt: string; id: string } | null {
  const position = supportCursor.decode(cursor);
  return position && { createdAt: position[1], id: position[2] };
}
