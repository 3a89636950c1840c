/** One email as it leaves us. The same idempotency key goes with every attempt to send it. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  replyTo: string | null;
  /** The Message-ID header we set, without brackets (not the mail API's own id), so replies can name it; null on older emails. */
  messageId: string | null;
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string;
}

/**
 * What a send attempt came to. `retry` covers rate limits, outages and network errors (try again
 * later with the same key); a `retryAfterSeconds` marks it as a rate limit, which is not a failure.
 * `rejected` is a permanent refusal such as a validation error (do not retry).
 */
export type SendResult =
  | { status: 'sent'; messageId: string }
  | { status: 'retry'; error: string; retryAfterSeconds?: number }
  | { status: 'rejected'; error: string };

/** An email of a batch: the batch's one idempotency key covers it. */
export type BatchEmail = Omit<OutgoingEmail, 'idempotencyKey'>;

/** Resend's batch endpoint takes at most this many emails per call. */
export const MAX_BATCH = 100;

/**
 * What a batch call came to. `answered`: the mail API looked at each email, and `results` says, in the
 * batch's order, which it accepted and which it refused (an invalid address, say) without holding the
 * others back. `retry` and `rejected` are about the call as a whole, as for one email: after `retry`
 * the same batch is sent again under the same key (it may have been accepted); after `rejected`
 * nothing was sent.
 */
export type BatchResult =
  | { status: 'answered'; results: Exclude<SendResult, { status: 'retry' }>[] }
  | Exclude<SendResult, { status: 'sent' }>;

export interface Mailer {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
  /** Up to MAX_BATCH emails in one call under one idempotency key; a mailer without it sends one by one. */
  sendBatch?(emails: BatchEmail[], idempotencyKey: string): Promise<BatchResult>;
}

/**
 * The development mailer: the outbox row already holds exactly what would be sent, so "sending" is
 * marking it sent. Nothing leaves the machine; the dev outbox page and `outbox list` show the mail.
 */
export const localOutboxMailer: Mailer = {
  name: 'local-outbox',
  send: async (email) => ({ status: 'sent', messageId: `local:${email.idempotencyKey}` }),
};
