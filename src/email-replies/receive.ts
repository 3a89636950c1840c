import { isoDay } from '../clock.ts';
import { sha256Hex } from '../crypto.ts';
import {
  findEmailReplyByFingerprint,
  findRequestsByReferences,
  findRequestsByReplyKeys,
  findSentEmailsByMessageIds,
  insertEmailReply,
  type SentEmailByMessageId,
} from '../db/email-replies.ts';
import { findRequest } from '../db/requests.ts';
import type { EmailReplyKind, EmailReplyMatchedBy, EmailReplyRow, EmailReplySource, NewEmailReplyRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { undeliveredEmailWrites } from '../requests/delivery-events.ts';
import { classifyReceivedEmail } from './classify.ts';
import { cleanMultiline } from './mail-text.ts';
import { type EmailMatch, matchLookups, matchReceivedEmail, type MatchOptions } from './match.ts';
import { readReceivedEmail } from './read-received-email.ts';
import { type LimitNote, RECEIVED_EMAIL_LIMITS, type ReceivedEmail, type RefusalReason } from './received-email.ts';
import { type OutcomeSuggestion, suggestOutcome } from './suggest-outcome.ts';

/** One message as a door received it: the raw RFC 822 bytes, and which door. */
export interface ReceivedMessage {
  raw: Uint8Array<ArrayBuffer>;
  source: EmailReplySource;
  /** The envelope recipients, when the door knows them (Email Workers' `message.to`). */
  envelopeTo?: string[];
}

/** What every door answers about a stored reply (the CLI's `--json`, the admin API's body). Never its text. */
export interface EmailReplySummary {
  id: string;
  requestId: string | null;
  matchedBy: EmailReplyMatchedBy | null;
  kind: EmailReplyKind;
  suggestion: OutcomeSuggestion | null;
}

export type Reception =
  | { kind: 'stored'; reply: EmailReplySummary }
  /** The same bytes were received before: the first one's reply, unchanged. */
  | { kind: 'duplicate'; reply: EmailReplySummary }
  | { kind: 'refused'; reason: Exclude<RefusalReason, 'unreadable'>; message: string };

/** What the `notes` column holds: each limit that cut something, or why the message could not be read. */
export type EmailReplyNote = LimitNote | { unreadable: string };

/**
 * Stores one received message as an email reply: read, told apart (reply, auto-reply, bounce), matched
 * to its request, and for a matched reply, an outcome suggested for support to accept. A bounce naming
 * one of our emails fails the request's delivery as a Resend bounce event does. An empty or over-size
 * message is refused; anything else is kept, a message the parser cannot read too (unmatched, with a
 * note), so nothing a provider wrote is lost.
 */
export async function receiveEmail(
  deps: Pick<Deps, 'db' | 'atomic' | 'ids' | 'clock' | 'config' | 'wakeSender'>,
  message: ReceivedMessage,
): Promise<Reception> {
  const read = await readReceivedEmail(message.raw);
  if (read.kind === 'refused' && read.reason !== 'unreadable') return { kind: 'refused', reason: read.reason, message: read.message };

  const fingerprint = await sha256Hex(message.raw);
  const earlier = await findEmailReplyByFingerprint(deps.db, fingerprint);
  if (earlier) return { kind: 'duplicate', reply: summaryOf(earlier) };

  const now = deps.clock.now();
  const stored = {
    id: deps.ids.id('er'),
    fingerprint,
    source: message.source,
    received_at: now.toISOString(),
    raw_size: message.raw.byteLength,
  };
  const { row, writes } =
    read.kind === 'read'
      ? await replyOf(deps, read.email, stored, { inboundDomain: deps.config.inboundDomain, envelopeTo: message.envelopeTo })
      : { row: unreadable(message.raw, stored, read.message), writes: [] };

  const insert = insertEmailReply(deps.db, row);
  // The reply first: a bounce's writes carry their own once-only guard, so a race of two doors still applies it once.
  const changes = await deps.atomic([insert, ...writes]);
  if (writes.length > 0) deps.wakeSender();
  if (changes.of(insert) === 0) {
    const first = await findEmailReplyByFingerprint(deps.db, fingerprint);
    if (first) return { kind: 'duplicate', reply: summaryOf(first) };
  }
  return { kind: 'stored', reply: summaryOf(row) };
}

type StoredFields = Pick<NewEmailReplyRow, 'id' | 'fingerprint' | 'source' | 'received_at' | 'raw_size'>;

/** A reply as it arrives: nothing suggested yet, open, not erased. */
const UNTRIAGED = { suggested_outcome: null, suggested_date: null, handled_at: null, handled_by: null, resolution: null, erased_at: null } as const;

async function replyOf(
  deps: Pick<Deps, 'db' | 'ids' | 'clock'>,
  email: ReceivedEmail,
  stored: StoredFields,
  options: MatchOptions,
): Promise<{ row: NewEmailReplyRow; writes: ReturnType<typeof undeliveredEmailWrites> }> {
  const kind = classifyReceivedEmail(email);
  const lookups = matchLookups(email, options);
  const [byReplyKey, sentEmails, byReference] = await Promise.all([
    findRequestsByReplyKeys(deps.db, lookups.replyKeys),
    findSentEmailsByMessageIds(deps.db, lookups.messageIds),
    findRequestsByReferences(deps.db, lookups.references),
  ]);
  const match = matchReceivedEmail(email, { byReplyKey, byMessageId: sentEmails, byReference }, options);
  const requestId = match.kind === 'matched' ? match.requestId : null;

  const row: NewEmailReplyRow = {
    ...stored,
    kind,
    request_id: requestId,
    matched_by: match.kind === 'matched' ? match.matchedBy : null,
    from_address: email.from?.address ?? null,
    from_name: email.from?.name ?? null,
    recipients: JSON.stringify([...email.to, ...email.cc]),
    sent_at: email.date,
    subject: email.subject,
    message_id: email.messageId,
    visible_text: email.visibleText,
    full_text: email.fullText,
    attachments: JSON.stringify(email.attachments),
    notes: JSON.stringify(email.notes satisfies EmailReplyNote[]),
    ...UNTRIAGED,
  };

  if (kind === 'reply' && requestId !== null) {
    const suggestion = await suggestionFor(deps, email, requestId);
    row.suggested_outcome = suggestion?.outcome ?? null;
    row.suggested_date = suggestion && 'date' in suggestion ? suggestion.date : null;
  }

  const bounced = kind === 'bounce' ? bouncedEmail(match, sentEmails, email) : null;
  if (!bounced) return { row, writes: [] };
  // Handled by the system: the request's history and status say what the report meant.
  Object.assign(row, { state: 'handled', handled_at: stored.received_at, handled_by: 'system', resolution: 'bounce_applied' });
  const writes = undeliveredEmailWrites(deps, bounced, {
    // From the fingerprint, so the same report received again (by another door, at the same moment) has one effect.
    historyId: `ev_mail_er_${stored.fingerprint.slice(0, 32)}`,
    event: 'email_bounced',
    reason: 'a delivery status report came back',
    at: stored.received_at,
    detail: { emailReply: stored.id },
  });
  return { row, writes };
}

/** The email of ours a matched delivery report names: the returned message's id first, then the thread's. */
function bouncedEmail(match: EmailMatch, sentEmails: SentEmailByMessageId[], email: ReceivedEmail): SentEmailByMessageId | null {
  if (match.kind !== 'matched' || match.matchedBy !== 'thread') return null;
  const ofRequest = sentEmails.filter((sent) => sent.requestId === match.requestId);
  return ofRequest.find((sent) => email.reportedMessageIds.includes(sent.messageId)) ?? ofRequest[0] ?? null;
}

async function suggestionFor(deps: Pick<Deps, 'db' | 'clock'>, email: ReceivedEmail, requestId: string): Promise<OutcomeSuggestion | null> {
  const request = await findRequest(deps.db, requestId);
  if (!request) return null;
  return suggestOutcome(email.visibleText, { today: isoDay(deps.clock.now()), requestedOn: isoDay(new Date(request.created_at)) });
}

/**
 * A message the parser refused (nesting too deep, headers past its limits) is still someone's mail:
 * kept unmatched, its bytes read as text for support, with a note saying why nothing more was read.
 */
function unreadable(raw: Uint8Array, stored: StoredFields, why: string): NewEmailReplyRow {
  const { maxTextChars } = RECEIVED_EMAIL_LIMITS;
  // Four bytes per character at most: no more needs decoding to fill the text limit (bad bytes read as U+FFFD).
  const text = cleanMultiline(new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(raw.subarray(0, 4 * maxTextChars)));
  const notes: EmailReplyNote[] = [{ unreadable: why }, ...(text.length > maxTextChars ? [{ cut: 'text' as const, limit: maxTextChars }] : [])];
  return {
    ...stored,
    kind: 'reply',
    request_id: null,
    matched_by: null,
    from_address: null,
    from_name: null,
    sent_at: null,
    message_id: null,
    full_text: text.slice(0, maxTextChars),
    notes: JSON.stringify(notes),
    ...UNTRIAGED,
  };
}

/** What a door answers about a reply, from its stored row. */
export function summaryOf(row: SummarisedRow): EmailReplySummary {
  return { id: row.id, requestId: row.request_id ?? null, matchedBy: row.matched_by ?? null, kind: row.kind, suggestion: suggestionOf(row) };
}

type SummarisedRow = Pick<EmailReplyRow, 'id' | 'kind'> & Partial<Pick<EmailReplyRow, 'request_id' | 'matched_by' | 'suggested_outcome' | 'suggested_date'>>;

function suggestionOf(row: SummarisedRow): OutcomeSuggestion | null {
  const outcome = row.suggested_outcome;
  if (outcome === 'not_found') return { outcome };
  if (outcome === 'cancelled' || outcome === 'already_cancelled' || outcome === 'binding_contract') {
    return row.suggested_date ? { outcome, date: row.suggested_date } : null;
  }
  return null;
}
