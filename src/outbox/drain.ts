import type { CompiledQuery } from 'kysely';
import { claimDueEmails, countQueuedEmails, markEmailFailed, markEmailSent, scheduleRetry } from '../db/outbox.ts';
import { appendHistory, moveStatus } from '../db/requests.ts';
import type { OutboxRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { SendResult } from '../mail/mailer.ts';

export interface DrainReport {
  sent: number;
  failed: number;
  /** Attempts that will be retried later (rate limit, outage, network). */
  retrying: number;
  /** Emails still queued after this run, not yet due or waiting for a retry. */
  waiting: number;
}

/** A sender holds an email this long; if it dies mid-send, the email is taken again after that. */
const LEASE_MS = 60_000;
const BATCH = 10;
/** After this many attempts an email is given up on and its request marked `delivery_failed`. */
export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 3_600_000;

/**
 * Sends what is due. Each email is claimed, sent with no transaction open, and its result written in
 * one atomic unit. A crash anywhere leaves the email queued (claimed emails come back when their lease
 * lapses), and the idempotency key it always carries keeps a re-send from reaching the provider twice.
 */
export async function drainOutbox(deps: Pick<Deps, 'db' | 'atomic' | 'mailer' | 'clock' | 'ids' | 'config'>, maxEmails = 500): Promise<DrainReport> {
  const report: DrainReport = { sent: 0, failed: 0, retrying: 0, waiting: 0 };
  let handled = 0;
  while (handled < maxEmails) {
    const now = deps.clock.now();
    const claimed = await claimDueEmails(
      deps.db,
      now.toISOString(),
      new Date(now.getTime() + LEASE_MS).toISOString(),
      Math.min(BATCH, maxEmails - handled),
    );
    if (claimed.length === 0) break;
    handled += claimed.length;
    await Promise.all(
      claimed.map(async (email) => {
        const result = await attempt(deps, email);
        report[result.status === 'sent' ? 'sent' : result.status === 'retry' && email.attempts < MAX_ATTEMPTS ? 'retrying' : 'failed']++;
        await deps.atomic(recordResult(deps, email, result));
      }),
    );
  }
  report.waiting = await countQueuedEmails(deps.db);
  return report;
}

async function attempt(deps: Pick<Deps, 'mailer' | 'config'>, email: OutboxRow): Promise<SendResult> {
  try {
    return await deps.mailer.send({
      from: deps.config.mailFrom,
      to: JSON.parse(email.recipients),
      replyTo: email.reply_to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      idempotencyKey: email.idempotency_key,
    });
  } catch (error) {
    // A mailer that throws is treated like a network failure: the email stays queued for a retry.
    return { status: 'retry', error: `mailer error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function recordResult(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, email: OutboxRow, result: SendResult): CompiledQuery[] {
  const now = deps.clock.now();
  const at = now.toISOString();
  const history = (event: string, detail: object | null) =>
    email.request_id
      ? [appendHistory(deps.db, { id: deps.ids.id('ev'), request_id: email.request_id, at, actor: 'system', event, detail: detail && JSON.stringify(detail) })]
      : [];
  const request = (from: Parameters<typeof moveStatus>[2], to: Parameters<typeof moveStatus>[3]) =>
    email.request_id ? [moveStatus(deps.db, email.request_id, from, to, at)] : [];

  if (result.status === 'sent') {
    return [
      markEmailSent(deps.db, email.id, result.messageId, at),
      ...request(['queued'], 'sent'),
      ...history('email_sent', { kind: email.kind, attempt: email.attempts }),
    ];
  }
  if (result.status === 'retry' && email.attempts < MAX_ATTEMPTS) {
    const delayMs = result.retryAfterSeconds !== undefined ? result.retryAfterSeconds * 1000 : backoff(email.attempts);
    return [scheduleRetry(deps.db, email.id, new Date(now.getTime() + delayMs).toISOString(), result.error)];
  }
  const reason = result.status === 'retry' ? `gave up after ${email.attempts} attempts: ${result.error}` : result.error;
  return [
    markEmailFailed(deps.db, email.id, reason),
    ...request(['queued', 'sent'], 'delivery_failed'),
    ...history('delivery_failed', { kind: email.kind, reason }),
  ];
}

/** Exponential backoff with jitter (half fixed, half random), so failed emails do not all return at once. */
function backoff(attempts: number): number {
  const cap = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempts - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}
