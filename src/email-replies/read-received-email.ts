import type { Address, Email, Header } from 'postal-mime';
import { cleanLine, mailText } from './mail-text.ts';
import { messageIdsIn, returnedMessageIds } from './message-ids.ts';
import {
  type AutomationHeaders,
  type LimitNote,
  type Mailbox,
  type ReadResult,
  RECEIVED_EMAIL_LIMITS,
  tooLargeMessage,
  type ReceivedEmail,
  type ReceivedEmailLimits,
} from './received-email.ts';
import { visibleReplyText } from './visible-text.ts';

const NAME_CHARS = 200;
const ADDRESS_CHARS = 320;

/**
 * Reads one received message (raw RFC 822) into the shape we keep. Never throws: an empty or
 * over-size message is refused before parsing, one the parser rejects is refused as unreadable, and
 * anything it reads (no From, mangled 8-bit headers, broken parts) becomes a reply to triage.
 */
export async function readReceivedEmail(
  raw: ArrayBuffer | Uint8Array | string,
  limits: ReceivedEmailLimits = RECEIVED_EMAIL_LIMITS,
): Promise<ReadResult> {
  const size = byteSize(raw, limits.maxRawBytes);
  if (size === 0) return { kind: 'refused', reason: 'empty', message: 'The message is empty.' };
  if (size > limits.maxRawBytes) {
    return { kind: 'refused', reason: 'too_large', message: tooLargeMessage(limits.maxRawBytes) };
  }
  // Loaded with the first email received, not by every server start (a few MB resident).
  const { default: PostalMime } = await import('postal-mime');
  let parsed: Email;
  try {
    // attachmentEncoding stays arraybuffer: only sizes are kept, and a delivery report's returned headers are read.
    parsed = await PostalMime.parse(raw);
  } catch {
    return { kind: 'refused', reason: 'unreadable', message: 'The message could not be read as an email (RFC 822).' };
  }
  return { kind: 'read', email: receivedEmail(parsed, limits) };
}

function receivedEmail(parsed: Email, limits: ReceivedEmailLimits): ReceivedEmail {
  const notes: LimitNote[] = [];
  const capped = <T>(values: T[], cut: LimitNote['cut'], limit: number): T[] => {
    if (values.length > limit) notes.push({ cut, limit });
    return values.slice(0, limit);
  };
  const subject = cleanLine(parsed.subject, Infinity);
  if (subject.length > limits.maxSubjectChars) notes.push({ cut: 'subject', limit: limits.maxSubjectChars });
  const text = mailText(parsed, limits.maxTextChars);
  notes.push(...text.notes);
  const inReplyTo = messageIdsIn(parsed.inReplyTo)[0] ?? null;
  return {
    from: singleMailbox(parsed.from),
    to: capped(mailboxes(parsed.to), 'recipients', limits.maxRecipients),
    cc: capped(mailboxes(parsed.cc), 'recipients', limits.maxRecipients),
    deliveredTo: capped(headerValues(parsed.headers, ['delivered-to', 'x-original-to']), 'recipients', limits.maxRecipients),
    date: isoDate(parsed.date),
    subject: subject.slice(0, limits.maxSubjectChars),
    messageId: messageIdsIn(parsed.messageId)[0] ?? null,
    inReplyTo,
    // The newest references are the last ones, and the ones that name our email.
    references: capped(messageIdsIn(parsed.references).toReversed(), 'references', limits.maxReferences).toReversed(),
    reportedMessageIds: returnedMessageIds(parsed.attachments).slice(0, limits.maxReferences),
    visibleText: visibleReplyText(text.text),
    fullText: text.text,
    attachments: capped(parsed.attachments, 'attachments', limits.maxAttachmentsListed).map((attachment) => ({
      filename: attachment.filename === null ? null : cleanLine(attachment.filename, NAME_CHARS),
      mimeType: cleanLine(attachment.mimeType, NAME_CHARS),
      size: typeof attachment.content === 'string' ? attachment.content.length : attachment.content.byteLength,
    })),
    headers: automationHeaders(parsed.headers),
    notes,
  };
}

function automationHeaders(headers: Header[]): AutomationHeaders {
  const first = (key: string) => headerValues(headers, [key])[0] ?? null;
  return {
    autoSubmitted: first('auto-submitted'),
    precedence: first('precedence'),
    xAutoreply: first('x-autoreply'),
    xAutorespond: first('x-autorespond'),
    contentType: first('content-type'),
  };
}

const headerValues = (headers: Header[], keys: string[]): string[] =>
  headers.filter((header) => keys.includes(header.key)).map((header) => cleanLine(header.value, ADDRESS_CHARS));

/** A group in From (`Team: a@x, b@y;`) names no single sender: treated as none. */
function singleMailbox(address: Address | undefined): Mailbox | null {
  if (!address || address.group || !address.address) return null;
  return mailbox(address);
}

/** Groups are flattened: each member is a recipient. */
const mailboxes = (addresses: Address[] | undefined): Mailbox[] =>
  (addresses ?? []).flatMap((address) => (address.group ? address.group : [address])).filter((m) => m.address).map(mailbox);

const mailbox = (m: { address: string; name: string }): Mailbox => ({
  address: cleanLine(m.address, ADDRESS_CHARS),
  name: cleanLine(m.name, NAME_CHARS),
});

/** postal-mime gives an ISO string when the Date header parses and the raw value when it does not. */
const isoDate = (date: string | undefined): string | null =>
  date && /^\d{4}-\d{2}-\d{2}T/.test(date) && !Number.isNaN(Date.parse(date)) ? date : null;

/** Bytes of the raw message; a string longer than the limit is over it whatever its encoding. */
function byteSize(raw: ArrayBuffer | Uint8Array | string, limit: number): number {
  if (typeof raw !== 'string') return raw.byteLength;
  return raw.length > limit ? raw.length : new TextEncoder().encode(raw).byteLength;
}
