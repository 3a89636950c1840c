import { countEmailReplies, findEmailReply, listEmailReplies, listRequestEmailReplies, type TriageRow } from '../db/email-reply-triage.ts';
import { appendHistory } from '../db/requests.ts';
import type { EmailReplyKind, EmailReplyMatchedBy, EmailReplyRow, EmailReplyResolution, EmailReplyState } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { OutcomeType } from '../outcome.ts';

/** What the reader of the visible text proposed; never recorded until support accepts it. */
export interface EmailReplySuggestion {
  outcome: OutcomeType;
  date: string | null;
}

/** A received email reply as support sees it in a list or beside its request: free text included. */
export interface EmailReplySummary {
  id: string;
  receivedAt: string;
  from: { address: string | null; name: string | null };
  subject: string;
  kind: EmailReplyKind;
  /** The reply without quoted history or signature; empty once retention erased it. */
  visibleText: string;
  suggestion: EmailReplySuggestion | null;
  state: EmailReplyState;
  matchedBy: EmailReplyMatchedBy | null;
  /** Its request, or null while unmatched. */
  request: { id: string; caseReference: string; provider: string } | null;
  handledAt: string | null;
  handledBy: string | null;
  resolution: EmailReplyResolution | null;
}

/** One reply in full: what the summary has, the whole text, recipients and attachments. */
export interface EmailReplyDetail extends EmailReplySummary {
  sentAt: string | null;
  to: { address: string; name: string | null }[];
  fullText: string;
  attachments: { filename: string | null; mimeType: string; size: number }[];
  /** What a size limit cut, or why the message could not be read. */
  notes: string[];
}

export interface EmailReplyListFilter {
  state: 'open' | 'handled';
  matched?: boolean;
  /** List the folded auto-replies instead of everything else. */
  autoReplies?: boolean;
  limit: number;
}

type ViewDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids'>;

/**
 * Support's triage list, newest first. Auto-replies are folded apart (only counted unless asked for).
 * Listing shows the replies' text, so it is a read of free text, recorded on each request shown.
 */
export async function listEmailRepliesForSupport(
  deps: ViewDeps,
  filter: EmailReplyListFilter,
  viewer: string,
): Promise<{ data: EmailReplySummary[]; autoReplies: number }> {
  const base = { state: filter.state, matched: filter.matched };
  const [rows, autoReplies] = await Promise.all([
    listEmailReplies(deps.db, { ...base, autoReplies: filter.autoReplies ?? false }, filter.limit),
    countEmailReplies(deps.db, { ...base, autoReplies: true }),
  ]);
  await recordTextRead(deps, rows, viewer);
  return { data: rows.map((row) => summaryOf(row, requestOf(row))), autoReplies };
}

/** The console's triage view: the replies and, folded apart, the auto-replies, their read recorded once per request. */
export async function emailRepliesToTriage(
  deps: ViewDeps,
  state: 'open' | 'handled',
  viewer: string,
  limit = 200,
): Promise<{ replies: EmailReplySummary[]; autoReplies: EmailReplySummary[] }> {
  const [replies, autoReplies] = await Promise.all([
    listEmailReplies(deps.db, { state, autoReplies: false }, limit),
    listEmailReplies(deps.db, { state, autoReplies: true }, limit),
  ]);
  await recordTextRead(deps, [...replies, ...autoReplies], viewer);
  return { replies: replies.map((row) => summaryOf(row, requestOf(row))), autoReplies: autoReplies.map((row) => summaryOf(row, requestOf(row))) };
}

/** One reply in full; reading it is recorded on its request (an unmatched one has no history to write to). */
export async function openEmailReplyForSupport(deps: ViewDeps, id: string, viewer: string): Promise<EmailReplyDetail | null> {
  const row = await findEmailReply(deps.db, id);
  if (!row) return null;
  await recordTextRead(deps, [row], viewer);
  return {
    ...summaryOf(row, requestOf(row)),
    sentAt: row.sent_at,
    to: JSON.parse(row.recipients),
    fullText: row.full_text,
    attachments: JSON.parse(row.attachments),
    notes: JSON.parse(row.notes),
  };
}

/** A request's replies for its page, oldest first; the caller records the read with the rest of the page's free text. */
export async function emailRepliesOfRequest(
  deps: Pick<Deps, 'db'>,
  request: { id: string; caseReference: string; provider: string },
): Promise<EmailReplySummary[]> {
  return (await listRequestEmailReplies(deps.db, request.id)).map((row) => summaryOf(row, request));
}

/** True when the reply still holds text to read (retention empties it). */
export const holdsText = (reply: Pick<EmailReplyRow, 'visible_text' | 'full_text'>): boolean => reply.visible_text !== '' || reply.full_text !== '';

/** One `free_text_viewed` entry per request whose replies were shown, naming them, in one atomic unit. */
async function recordTextRead(deps: ViewDeps, rows: TriageRow[], viewer: string): Promise<void> {
  const byRequest = new Map<string, string[]>();
  for (const row of rows) {
    if (row.request_id === null || !holdsText(row)) continue;
    byRequest.set(row.request_id, [...(byRequest.get(row.request_id) ?? []), row.id]);
  }
  if (byRequest.size === 0) return;
  const at = deps.clock.now().toISOString();
  await deps.atomic(
    [...byRequest].map(([requestId, replies]) =>
      appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: requestId, at, actor: viewer, event: 'free_text_viewed', detail: JSON.stringify({ emailReplies: replies }) }),
    ),
  );
}

const requestOf = (row: TriageRow) =>
  row.request_id && row.request_reference ? { id: row.request_id, caseReference: row.request_reference, provider: row.request_provider_id ?? '' } : null;

function summaryOf(row: EmailReplyRow, request: EmailReplySummary['request']): EmailReplySummary {
  return {
    id: row.id,
    receivedAt: row.received_at,
    from: { address: row.from_address, name: row.from_name },
    subject: row.subject,
    kind: row.kind,
    visibleText: row.visible_text,
    suggestion: row.suggested_outcome ? { outcome: row.suggested_outcome, date: row.suggested_date } : null,
    state: row.state,
    matchedBy: row.matched_by,
    request,
    handledAt: row.handled_at,
    handledBy: row.handled_by,
    resolution: row.resolution,
  };
}
