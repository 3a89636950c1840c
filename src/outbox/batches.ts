import { type Claim, claimDueEmails, claimLapsedBatch, claimNewBatch, inBatchOrder, type OutboxEmail } from '../db/outbox.ts';
import type { Deps } from '../deps.ts';
import { type BatchEmail, MAX_BATCH, type SendResult } from '../mail/mailer.ts';

/** Emails sent one by one at a time (each its own call, side by side). */
const SINGLES = 10;

/** What a sender takes at once: one batch (one call, one key) or a few emails sent one by one. */
export type Claimed = { kind: 'batch'; batchId: string; emails: OutboxEmail[] } | { kind: 'singles'; emails: OutboxEmail[] };

/** What one email's part in a send came to: a result as for a single send, or "send it on its own". */
export type EmailOutcome = SendResult | { status: 'alone'; error: string };

/**
 * The next emails to send. With a mailer that sends batches: first a batch whose sender's lease lapsed
 * (sent again as itself), then a new batch of up to 100; then emails put back to go on their own.
 */
export async function claimNext(deps: Pick<Deps, 'db' | 'ids' | 'mailer'>, claim: Claim, budget: number): Promise<Claimed> {
  if (deps.mailer.sendBatch) {
    const lapsed = await claimLapsedBatch(deps.db, claim);
    if (lapsed.length > 0) return { kind: 'batch', batchId: lapsed[0]!.batch_id!, emails: lapsed };
    const batchId = deps.ids.id('bat');
    const fresh = await claimNewBatch(deps.db, claim, batchId, Math.min(MAX_BATCH, budget));
    if (fresh.length > 0) return { kind: 'batch', batchId, emails: fresh.sort(inBatchOrder) };
  }
  return { kind: 'singles', emails: await claimDueEmails(deps.db, claim, Math.min(SINGLES, budget)) };
}

/** An outbox email as it leaves us, from the configured sender (the key is the email's or its batch's). */
export const outgoing = (mailFrom: string, email: OutboxEmail): BatchEmail => ({
  from: mailFrom,
  to: email.recipients,
  replyTo: email.reply_to,
  messageId: email.message_id,
  subject: email.subject,
  html: email.html,
  text: email.text,
});

/**
 * Sends a batch under `batch/<id>` and says what became of each email, in order. A call that failed
 * (rate limit, outage, network) is a retry for every email, and they stay one batch, since the API may
 * have accepted it; a batch refused as a whole was not sent, so each email goes on its own next time.
 */
export async function sendBatch(deps: Pick<Deps, 'mailer' | 'config'>, batch: Claimed & { kind: 'batch' }): Promise<EmailOutcome[]> {
  const emails = batch.emails.map((email) => outgoing(deps.config.mailFrom, email));
  try {
    const result = await deps.mailer.sendBatch!(emails, `batch/${batch.batchId}`);
    if (result.status === 'answered') return result.results;
    if (result.status === 'rejected') return emails.map(() => ({ status: 'alone', error: result.error }));
    return emails.map(() => result);
  } catch (error) {
    // A mailer that throws is treated like a network failure: the batch stays queued for a retry.
    const retry = { status: 'retry' as const, error: `mailer error: ${error instanceof Error ? error.message : String(error)}` };
    return emails.map(() => retry);
  }
}
