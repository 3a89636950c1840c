import type { Write } from './atomic.ts';
import { type HeldEmail, markEmailSent, stillHeldAs } from './outbox.ts';
import { preparedStatements } from './prepared.ts';
import { appendHistory, markRequestSent, moveStatus } from './requests.ts';
import type { Db } from './schema.ts';
import { announced } from './webhook-messages.ts';

/** What the request of an email writes about the email's result, besides its status. */
export type EmailResultForRequest = {
  requestId: string;
  at: string;
  webhookMessageId: string;
  historyId: string;
  /** History detail, as JSON. */
  detail: string;
};

/**
 * A request's writes about its email's result: its status write with the app's webhook about it, and
 * history. All wait for this sender still holding the email at that result, so they come after the
 * email's own write of it; a sender whose lease lapsed writes none of them.
 */
export function requestResultWrites(db: Db, email: HeldEmail, result: 'sent' | 'failed', request: EmailResultForRequest): Write[] {
  const onlyIf = stillHeldAs(email, result);
  const change =
    result === 'sent'
      ? markRequestSent(db, request.requestId, request.at, onlyIf)
      : // Only a request still waiting on mail fails with it: when an earlier email already reached the
        // provider (a support re-send failing, say), the provider has a working link and the request stands.
        moveStatus(db, request.requestId, ['queued'], 'delivery_failed', request.at, onlyIf);
  return [
    ...announced(db, change, { id: request.webhookMessageId, event: result === 'sent' ? 'cancellation_request.sent' : 'cancellation_request.delivery_failed', at: request.at }),
    appendHistory(
      db,
      { id: request.historyId, request_id: request.requestId, at: request.at, actor: 'system', event: result === 'sent' ? 'email_sent' : 'delivery_failed', detail: request.detail },
      onlyIf,
    ),
  ];
}

/** An email of a request that reached the mail API under this id. */
export type SentEmail = EmailResultForRequest & { emailId: string; claimId: string; messageId: string };

/** The email marked sent and its request's writes about it: the writes of nearly every email, prepared once. */
export const emailSentWrites = preparedStatements((db, sent: SentEmail) => {
  const email = { id: sent.emailId, claimId: sent.claimId };
  return [markEmailSent(db, email, sent.messageId, sent.at), ...requestResultWrites(db, email, 'sent', sent)];
});
