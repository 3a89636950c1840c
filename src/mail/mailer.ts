/** One email as it leaves us. The same idempotency key goes with every attempt to send it. */
export interface OutgoingEmail {
  from: string;
  to: string[];
  replyTo: string | null;
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

export interface Mailer {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}

/**
 * The development mailer: the outbox row already holds exactly what would be sent, so "sending" is
 * marking it sent. Nothing leaves the machine; the dev outbox page and `outbox list` show the mail.
 */
export const localOutboxMailer: Mailer = {
  name: 'local-outbox',
  send: async (email) => ({ status: 'sent', messageId: `local:${email.idempotencyKey}` }),
};
