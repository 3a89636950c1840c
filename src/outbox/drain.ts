import type { Write } from '../db/atomic.ts';
import { type EmailResultForRequest, emailSentWrites, requestResultWrites, type SentResult, sentBatchWrites } from '../db/email-results.ts';
import { countQueuedEmails, markEmailFailed, markEmailSent, type OutboxEmail, scheduleRetry, sendOnItsOwn } from '../db/outbox.ts';
import type { Deps } from '../deps.ts';
import type { SendResult } from '../mail/mailer.ts';
import { claimNext, type EmailOutcome, outgoing, sendBatch } from './batches.ts';

export interface DrainReport {
  sent: number;
  failed: number;
  /** Attempts that will be retried later (rate limit, outage, network). */
  retrying: number;
  /** Emails still queued after this run, not yet due or waiting for a retry. */
  waiting: number;
}

/** How many emails one run takes on; the scheduler runs again at once when a run used it all. */
export const DRAIN_BUDGET = 500;
const BATCHES_IN_FLIGHT = 2;
/** After this many attempts an email is given up on and its request marked `delivery_failed`. */
export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MIN_RATE_LIMIT_WAIT_MS = 1_000;
const MAX_BACKOFF_MS = 3_600_000;

/** What becomes of an email after one attempt. */
type Decision =
  | { kind: 'sent'; messageId: string }
  | { kind: 'retrying'; at: Date; error: string; rateLimited: boolean }
  | { kind: 'failed'; reason: string };

/**
 * Sends what is due. Each email is claimed, sent with no transaction open, and its result written in
 * one atomic unit. A crash anywhere leaves the email queued (claimed emails come back when their lease
 * lapses), and the idempotency key it always carries keeps a re-send from reaching the provider twice.
 * With a mailer that sends batches, emails go up to 100 per call and the key is the batch's: a batch is
 * claimed, and taken again after a crash, only as a whole (batches.ts).
 */
export async function drainOutbox(deps: Pick<Deps, 'db' | 'atomic' | 'mailer' | 'clock' | 'ids' | 'config'>, maxEmails = DRAIN_BUDGET): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, failed: 0, retrying: 0, waiting: 0 };
  // Only what was due when the run began: a retry scheduled during this run waits for a later one,
  // so a `retry-after: 0` cannot spin through every attempt in one go.
  const dueBy = deps.clock.now().toISOString();
  let handled = 0;
  let rateLimited = false;
  // The results of one send (an email, or a whole batch) in one atomic unit.
  const record = async (emails: OutboxEmail[], outcomes: EmailOutcome[]) => {
    const sent: SentResult[] = [];
    const writes = emails.flatMap((email, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'alone') {
        report.retrying++;
        return [sendOnItsOwn(deps.db, { id: email.id, claimId: email.claim_id ?? '' }, outcome.error)];
      }
      const decision = decide(email, outcome, deps.clock.now());
      report[decision.kind]++;
      // The mail API is asking us to slow down: the rest of the outbox can wait for the next run.
      if (decision.kind === 'retrying' && decision.rateLimited) rateLimited = true;
      if (decision.kind === 'sent' && emails.length > 1) {
        sent.push(sentResultOf(deps, email, decision.messageId));
        return [];
      }
      return recordDecision(deps, email, decision);
    });
    // Nearly every email of a batch is sent: theirs are a few statements for the whole batch, written
    // first, so a request with one email sent and another refused in the batch stays sent (one reached
    // the provider; a failure moves only a request still queued).
    const claimId = emails[0]?.claim_id ?? '';
    await deps.atomic(sent.length > 0 ? [...sentBatchWrites(deps.db, { claimId, at: deps.clock.now().toISOString(), emails: sent }), ...writes] : writes);
  };
  const sendWhileDue = async () => {
    while (handled < maxEmails && !rateLimited) {
      // Each step of a batch (the last one's results, this claim, the send) is synchronous work of
      // milliseconds: between them the server answers the requests waiting meanwhile (figures: docs/benchmarks.md).
      await nextTurn();
      const claim = { id: deps.ids.id('clm'), dueBy, leaseUntil: new Date(deps.clock.now().getTime() + deps.config.senderLeaseSeconds * 1000).toISOString() };
      const claimed = await claimNext(deps, claim, maxEmails - handled);
      if (claimed.emails.length === 0) break;
      handled += claimed.emails.length;
      await nextTurn();
      if (claimed.kind === 'batch') await record(claimed.emails, await sendBatch(deps, claimed));
      else await Promise.all(claimed.emails.map(async (email) => record([email], [await attempt(deps, email)])));
    }
  };
  // Two batches in flight: one is claimed and written while the other is out with the mail API.
  await Promise.all(Array.from({ length: deps.mailer.sendBatch ? BATCHES_IN_FLIGHT : 1 }, sendWhileDue));
  report.waiting = await countQueuedEmails(deps.db);
  return report;
}

/**
 * After the I/O waiting meanwhile has been handled. On Node, two setImmediate hops: one alone, taken
 * from an I/O callback (a batch's answer), runs before the event loop polls again. Workers have no
 * setImmediate and give each drain an invocation of its own: no yield there (a zero timeout stalled
 * the drain in workerd's tests).
 */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => void };
    if (setImmediate) setImmediate(() => setImmediate(resolve));
    else resolve();
  });

async function attempt(deps: Pick<Deps, 'mailer' | 'config'>, email: OutboxEmail): Promise<SendResult> {
  try {
    return await deps.mailer.send({ ...outgoing(deps.config.mailFrom, email), idempotencyKey: email.idempotency_key });
  } catch (error) {
    // A mailer that throws is treated like a network failure: the email stays queued for a retry.
    return { status: 'retry', error: `mailer error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function decide(email: OutboxEmail, result: SendResult, now: Date): Decision {
  if (result.status === 'sent') return { kind: 'sent', messageId: result.messageId };
  if (result.status === 'rejected') return { kind: 'failed', reason: result.error };
  // A rate limit is the mail API asking us to wait, not a failed attempt: it never uses up the
  // attempts, and it waits at least a second however small the retry-after.
  if (result.retryAfterSeconds !== undefined) {
    const delayMs = Math.max(MIN_RATE_LIMIT_WAIT_MS, result.retryAfterSeconds * 1000);
    return { kind: 'retrying', at: new Date(now.getTime() + delayMs), error: result.error, rateLimited: true };
  }
  if (email.attempts >= MAX_ATTEMPTS) return { kind: 'failed', reason: `gave up after ${email.attempts} attempts: ${result.error}` };
  return { kind: 'retrying', at: new Date(now.getTime() + backoff(email.attempts)), error: result.error, rateLimited: false };
}

/**
 * What an email's being sent records about it: the ids of its webhook message and history entry, and
 * the history's detail. One email's own writes take it (`emailSentWrites`), as does its part of a
 * whole batch's (`sentBatchWrites`).
 */
export function sentResultOf(deps: Pick<Deps, 'ids'>, email: OutboxEmail, messageId: string): SentResult {
  return {
    emailId: email.id,
    requestId: email.request_id,
    messageId,
    webhookMessageId: deps.ids.id('msg'),
    historyId: deps.ids.id('ev'),
    detail: JSON.stringify({ kind: email.kind, attempt: email.attempts }),
  };
}

/**
 * The result's writes. Each is guarded by this sender's claim: if the lease lapsed while the mail API
 * was slow and another sender took the email, these writes change nothing, so a stale result can
 * never overwrite a newer one (a late "failed" after another sender's "sent", say).
 */
function recordDecision(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, email: OutboxEmail, decision: Decision): Write[] {
  const at = deps.clock.now().toISOString();
  const held = { id: email.id, claimId: email.claim_id ?? '' };
  const requestId = email.request_id;
  const forRequest = (requestId: string, detail: object): EmailResultForRequest => ({
    requestId,
    at,
    webhookMessageId: deps.ids.id('msg'),
    historyId: deps.ids.id('ev'),
    detail: JSON.stringify(detail),
  });

  switch (decision.kind) {
    case 'sent': {
      if (!requestId) return [markEmailSent(deps.db, held, decision.messageId, at)];
      return emailSentWrites(deps.db, { ...sentResultOf(deps, email, decision.messageId), requestId, claimId: held.claimId, at });
    }
    case 'retrying':
      return [scheduleRetry(deps.db, held, decision.at.toISOString(), decision.error, { countAttempt: !decision.rateLimited })];
    case 'failed':
      return [
        markEmailFailed(deps.db, held, decision.reason),
        ...(requestId ? requestResultWrites(deps.db, held, 'failed', forRequest(requestId, { kind: email.kind, reason: decision.reason })) : []),
      ];
  }
}

/** Exponential backoff with jitter (half fixed, half random), so failed emails do not all return at once. */
function backoff(attempts: number): number {
  const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempts - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}
