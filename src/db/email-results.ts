import { sql } from 'kysely';
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

/** An email the mail API took, as its writes take it: alone (`emailSentWrites`) or with its batch (`sentBatchWrites`). */
export type SentResult = {
  emailId: string;
  /** Null for an email of no request (a support notice, say). */
  requestId: string | null;
  messageId: string;
  webhookMessageId: string;
  historyId: string;
  /** History detail, as JSON. */
  detail: string;
};

/**
 * The writes of a whole batch's sent emails: the same rows as `emailSentWrites` for each email, as one
 * statement per kind of row for the batch instead of four per email (a batch of 100 was 400 statements:
 * 15–23 ms of one event-loop turn, and 400 of a D1 batch's statements). The emails travel as JSON
 * arrays. Each statement waits, per email, for this claim still holding it as sent, as the one-by-one
 * writes do; every held email gets its history entry. A request with more than one email in the batch
 * moves (and its app hears of it) once, by its first: a batch is claimed, and lapses, as a whole.
 * Each request moved takes a change number of its own, in batch order.
 */
export function sentBatchWrites(db: Db, batch: { claimId: string; at: string; emails: SentResult[] }): Write[] {
  const emails = JSON.stringify(batch.emails.map((email) => ({ e: email.emailId, r: email.requestId, m: email.messageId, h: email.historyId, d: email.detail })));
  const firsts = new Map<string, SentResult>();
  for (const email of batch.emails) if (email.requestId !== null && !firsts.has(email.requestId)) firsts.set(email.requestId, email);
  const requests = JSON.stringify([...firsts.values()].map((email) => ({ e: email.emailId, r: email.requestId, w: email.webhookMessageId })));
  const { at, claimId } = batch;
  /** The elements of `list` whose email (`e`) this claim still holds as sent. */
  const held = (list: string) => sql`json_each(${list}) AS s JOIN outbox AS o ON o.id = s.value ->> 'e' AND o.claim_id = ${claimId} AND o.status = 'sent'`;
  const moving = sql`(SELECT s.value ->> 'r' AS request_id, s.value ->> 'w' AS webhook_message_id, s.key + 1 AS n FROM ${held(requests)})`;
  return [
    sql`UPDATE outbox SET status = 'sent', sent_at = ${at}, provider_message_id = s.value ->> 'm', lease_until = NULL, last_error = NULL
      FROM json_each(${emails}) AS s
      WHERE outbox.id = s.value ->> 'e' AND outbox.claim_id = ${claimId} AND outbox.status = 'queued'`.compile(db),
    // Before the requests move: each message keeps the request's app-visible state as the move leaves it.
    sql`INSERT INTO webhook_messages (id, client_id, request_id, event, status, outcome, answered_at, follow_up, first_opened_at, updated_at, created_at, next_attempt_at)
      SELECT moving.webhook_message_id, r.client_id, r.id, 'cancellation_request.sent', 'sent', r.outcome, r.answered_at, r.follow_up, r.first_opened_at, ${at}, ${at}, ${at}
      FROM ${moving} AS moving
      JOIN cancellation_requests AS r ON r.id = moving.request_id AND r.status = 'queued'
      JOIN api_clients AS c ON c.id = r.client_id AND c.webhook_url IS NOT NULL AND c.webhook_disabled_at IS NULL`.compile(db),
    sql`UPDATE cancellation_requests
      SET status = 'sent', updated_at = ${at}, waiting_since = ${at}, reminders_sent = 0, lifecycle_due_at = ${at},
        change_seq = (SELECT coalesce(max(latest.change_seq), 0) FROM cancellation_requests AS latest) + moving.n
      FROM ${moving} AS moving
      WHERE cancellation_requests.id = moving.request_id AND cancellation_requests.status = 'queued'`.compile(db),
    sql`INSERT INTO request_history (id, request_id, at, actor, event, detail)
      SELECT s.value ->> 'h', s.value ->> 'r', ${at}, 'system', 'email_sent', s.value ->> 'd' FROM ${held(emails)} WHERE s.value ->> 'r' IS NOT NULL`.compile(db),
  ];
}
