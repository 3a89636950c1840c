import { listOutbox } from '../../src/db/outbox.ts';
import { findRequest } from '../../src/db/requests.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { webhookWorld } from '../support/webhook-world.ts';
import { rawMessage } from './messages.ts';

/** Where the replies to our emails go in these tests: `reply+<key>@INBOUND_DOMAIN`. */
export const INBOUND_DOMAIN = 'reply.canceldesk.test';
export const ADMIN_TOKEN = 'inbound-admin-token-0123456789abcdefgh';
/** One of ACME_GYM's own addresses, and someone who is not the provider. */
export const PROVIDER_ADDRESS = 'cancellations@acme.example';
export const STRANGER = 'someone@elsewhere.example';
/** What a provider writes back, with the outcome the reader suggests from it. */
export const CANCELLED_TEXT = 'Hi,\n\nThe membership has been cancelled, access until 31 January 2027.\n\nBest regards\nMark';
export const CANCELLED_SUGGESTION = { outcome: 'cancelled', date: '2027-01-31' };

/**
 * A webhook world whose emails carry reply addresses (INBOUND_DOMAIN) and an admin API, with requests
 * whose email went out, and the messages a provider's mail system sends back about them.
 * Call it while vitest collects, like replyWorld.
 */
export async function inboundWorld(overrides: Parameters<typeof webhookWorld>[0] = {}) {
  const world = await webhookWorld(overrides, { INBOUND_DOMAIN, ADMIN_TOKEN });
  let messages = 0;
  const nextMessageId = () => `<m${++messages}.${Date.now()}@mail.acme.example>`;

  /** A request of the app with the webhook endpoint whose email was sent, with what a reply can find it by. */
  async function sentRequest() {
    const { id } = await world.create();
    await runScheduledWork(world.deps);
    const request = (await findRequest(world.deps.db, id))!;
    const [email] = await listOutbox(world.deps.db, { requestId: id });
    return { id, reference: request.reference, replyKey: request.reply_key!, messageId: email!.message_id! };
  }

  const replyHeaders = (fields: Record<string, string>) => ({
    From: `Mark Jensen <${PROVIDER_ADDRESS}>`,
    To: 'Canceldesk <cancellations@localhost>',
    Subject: 'Re: Cancellation request',
    Date: 'Mon, 23 Nov 2026 09:41:07 +0000',
    'Message-ID': nextMessageId(),
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    ...fields,
  });

  return {
    ...world,
    sentRequest,
    /** A provider's reply to the request's reply address, as Reply in a mail client writes it. */
    replyToAddress: (replyKey: string, text = CANCELLED_TEXT, fields: Record<string, string> = {}) =>
      rawMessage(replyHeaders({ To: `reply+${replyKey}@${INBOUND_DOMAIN}`, ...fields }), text),
    /** A reply in the thread of our email (to another address than ours, e.g. forwarded to MAIL_REPLY_TO). */
    replyInThread: (messageId: string, text = CANCELLED_TEXT) =>
      rawMessage(replyHeaders({ 'In-Reply-To': `<${messageId}>`, References: `<${messageId}>` }), text),
    /** A new email quoting our reference, from `from`. */
    mailQuoting: (reference: string, from: string, text = CANCELLED_TEXT) =>
      rawMessage(replyHeaders({ From: from, Subject: `Cancellation ${reference}` }), text),
    /** An out-of-office answer to the request's reply address. */
    autoReply: (replyKey: string) =>
      rawMessage(
        replyHeaders({ To: `reply+${replyKey}@${INBOUND_DOMAIN}`, Subject: 'Out of office: Cancellation request', 'Auto-Submitted': 'auto-replied' }),
        'I am away this week. The membership has been cancelled, access until 31 January 2027.',
      ),
    /** A delivery status report returning the headers of our email `messageId`. */
    bounce: (messageId: string) =>
      rawMessage(
        {
          From: 'Mail Delivery System <MAILER-DAEMON@mx.acme.example>',
          To: 'cancellations@localhost',
          Subject: 'Undelivered Mail Returned to Sender',
          'Message-ID': nextMessageId(),
          'Auto-Submitted': 'auto-replied',
          'MIME-Version': '1.0',
          'Content-Type': 'multipart/report; report-type=delivery-status; boundary="r"',
        },
        [
          '--r', 'Content-Type: text/plain', '', 'The mail system could not deliver your message to cancellations@acme.example.',
          '--r', 'Content-Type: message/delivery-status', '', 'Reporting-MTA: dns; mx.acme.example', '', 'Final-Recipient: rfc822; cancellations@acme.example', 'Action: failed', 'Status: 5.1.1',
          '--r', 'Content-Type: text/rfc822-headers', '', 'From: cancellations@localhost', `Message-ID: <${messageId}>`, 'Subject: Cancellation request',
          '--r--', '',
        ].join('\n'),
      ),
    /** Every stored email reply, oldest first. */
    replies: () => world.deps.db.selectFrom('email_replies').selectAll().orderBy('received_at').orderBy('id').execute(),
  };
}

export const bytes = (raw: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(raw);
