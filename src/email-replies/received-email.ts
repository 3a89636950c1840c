/**
 * A received email as we keep it (issue 15): who wrote to whom, the thread headers the matcher needs,
 * the text as plain text only, and what the attachments were called. HTML, attachment bodies and all
 * other headers are dropped on reading: inbound mail is hostile input (THREATS 20).
 */
export interface Mailbox {
  address: string;
  name: string;
}

export interface AttachmentSummary {
  filename: string | null;
  mimeType: string;
  size: number;
}

/** The few headers that tell a person's reply from a machine's (RFC 3834, delivery reports). */
export interface AutomationHeaders {
  autoSubmitted: string | null;
  precedence: string | null;
  xAutoreply: string | null;
  xAutorespond: string | null;
  /** The top-level Content-Type with its parameters, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string | null;
}

/** What a limit cut, so the reply can say so instead of silently showing less. */
export interface LimitNote {
  cut: 'text' | 'html' | 'subject' | 'attachments' | 'recipients' | 'references';
  limit: number;
}

export interface ReceivedEmail {
  /** Null when the message names no single sender: it can still match by address or thread. */
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  /** Delivered-To / X-Original-To: the envelope recipient, which carries our reply address when To does not. */
  deliveredTo: string[];
  /** ISO 8601 when the Date header parses, else null. */
  date: string | null;
  subject: string;
  /** Message-IDs without their angle brackets, the form they are compared in. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Message-IDs of the original message a delivery report returns (its attached headers). */
  reportedMessageIds: string[];
  /** What the sender wrote this time: quoted history, signature and phone sign-offs removed. */
  visibleText: string;
  /** The whole text, HTML converted to plain text. */
  fullText: string;
  attachments: AttachmentSummary[];
  headers: AutomationHeaders;
  notes: LimitNote[];
}

export interface ReceivedEmailLimits {
  /** Larger messages are refused before parsing. */
  maxRawBytes: number;
  /** The full text is cut here; the visible text is read from what is kept. */
  maxTextChars: number;
  maxSubjectChars: number;
  maxAttachmentsListed: number;
  maxRecipients: number;
  maxReferences: number;
}

export const RECEIVED_EMAIL_LIMITS: ReceivedEmailLimits = {
  maxRawBytes: 10 * 1024 * 1024,
  maxTextChars: 100 * 1024,
  maxSubjectChars: 1000,
  maxAttachmentsListed: 50,
  maxRecipients: 50,
  maxReferences: 100,
};

/** How a message over the size limit is refused, by the reader and by the doors that stop reading at it. */
export const tooLargeMessage = (maxRawBytes: number) => `The message is larger than ${maxRawBytes} bytes.`;

export type RefusalReason = 'empty' | 'too_large' | 'unreadable';

export type ReadResult =
  | { kind: 'read'; email: ReceivedEmail }
  | { kind: 'refused'; reason: RefusalReason; message: string };
