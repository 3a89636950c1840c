import { readReceivedEmail } from '../../src/email-replies/read-received-email.ts';
import { RECEIVED_EMAIL_LIMITS, type ReceivedEmail, type ReceivedEmailLimits } from '../../src/email-replies/received-email.ts';

/** A raw message: the headers given (in order), a blank line, the body; CRLF as on the wire. */
export function rawMessage(headers: Record<string, string>, body: string): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\r?\n/g, '\r\n')}`;
}

export const REPLY_HEADERS = {
  From: 'Mark Jensen <cancel@fithub.example>',
  To: 'reply+k7d2m9x4q1@reply.canceldesk.example',
  Subject: 'Re: Cancellation request: Jane Doe (CD-7K3M9QX2)',
  Date: 'Thu, 03 Dec 2026 09:41:07 +0000',
  'Message-ID': '<reply-1@fithub.example>',
  'MIME-Version': '1.0',
  'Content-Type': 'text/plain; charset=utf-8',
};

/** Reads a message that must be read (not refused). */
export async function read(raw: string | Uint8Array, limits: ReceivedEmailLimits = RECEIVED_EMAIL_LIMITS): Promise<ReceivedEmail> {
  const result = await readReceivedEmail(raw, limits);
  if (result.kind !== 'read') throw new Error(`refused: ${result.message}`);
  return result.email;
}

/** A read email with only the given fields set, for the rules that read the stored shape. */
export function receivedEmail(fields: Partial<ReceivedEmail> = {}): ReceivedEmail {
  return {
    from: { address: 'cancel@fithub.example', name: 'Mark Jensen' },
    to: [],
    cc: [],
    deliveredTo: [],
    date: null,
    subject: '',
    messageId: null,
    inReplyTo: null,
    references: [],
    reportedMessageIds: [],
    visibleText: '',
    fullText: '',
    attachments: [],
    headers: { autoSubmitted: null, precedence: null, xAutoreply: null, xAutorespond: null, contentType: null },
    notes: [],
    ...fields,
  };
}
