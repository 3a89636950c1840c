import type { Config } from '../../src/config.ts';
import { claimNewBatch } from '../../src/db/outbox.ts';
import { randomIds } from '../../src/ids.ts';
import { MAX_BATCH, type Mailer } from '../../src/mail/mailer.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { outgoing } from '../../src/outbox/batches.ts';
import { nextTurn } from '../../src/outbox/drain.ts';
import type { FloorStore } from './store.ts';

/** Two batches in flight, as the service's sender: one is claimed and written while the other is out. */
const IN_FLIGHT = 2;
const IDLE_POLL_MS = 25;

/**
 * The sender's floor: the least a sender on this stack can do per batch. The service's own claim (one
 * UPDATE … RETURNING of up to 100 due emails, then their bodies), the service's Resend mailer (the same
 * SDK call and payload), the same yields between the steps, and then the batch's results written as
 * **one statement per kind of row for the whole batch** (the emails marked sent, the apps' webhook
 * messages, the requests moved to `sent` with a change number each, their history) in one transaction,
 * where the service writes four statements per email. Each statement waits for the email to still be
 * this claim's, as the service's do. Only the path where Resend takes the batch: the fake Resend takes
 * everything, and a batch that failed here would simply lapse and be claimed again.
 */
export function floorSender(store: FloorStore, config: Config): { start(): void } {
  const { sqlite } = store;
  // Each email of the batch as one JSON element: e (email), r (request), m (Resend's id), w and h (the
  // webhook message's and the history entry's ids).
  const sent = sqlite.prepare(
    `UPDATE outbox SET status = 'sent', sent_at = :at, provider_message_id = s.value ->> 'm', lease_until = NULL, last_error = NULL
       FROM json_each(:batch) AS s
      WHERE outbox.id = s.value ->> 'e' AND outbox.claim_id = :claim AND outbox.status = 'queued'`,
  );
  const held = `JOIN outbox AS o ON o.id = s.value ->> 'e' AND o.claim_id = :claim AND o.status = 'sent'`;
  const announced = sqlite.prepare(
    `INSERT INTO webhook_messages (id, client_id, request_id, event, status, outcome, answered_at, follow_up, first_opened_at, updated_at, created_at, next_attempt_at)
     SELECT s.value ->> 'w', r.client_id, r.id, 'cancellation_request.sent', 'sent', r.outcome, r.answered_at, r.follow_up, r.first_opened_at, :at, :at, :at
       FROM json_each(:batch) AS s ${held}
       JOIN cancellation_requests AS r ON r.id = s.value ->> 'r' AND r.status = 'queued'
       JOIN api_clients AS c ON c.id = r.client_id AND c.webhook_url IS NOT NULL AND c.webhook_disabled_at IS NULL`,
  );
  // The change numbers follow the batch's order, each past the highest before the statement.
  const requestsSent = sqlite.prepare(
    `UPDATE cancellation_requests
        SET status = 'sent', updated_at = :at, waiting_since = :at, reminders_sent = 0, lifecycle_due_at = :at,
            change_seq = (SELECT coalesce(max(latest.change_seq), 0) FROM cancellation_requests AS latest) + s.n
       FROM (SELECT s.value ->> 'r' AS request_id, s.key + 1 AS n FROM json_each(:batch) AS s ${held}) AS s
      WHERE cancellation_requests.id = s.request_id AND cancellation_requests.status = 'queued'`,
  );
  const history = sqlite.prepare(
    `INSERT INTO request_history (id, request_id, at, actor, event, detail)
     SELECT s.value ->> 'h', s.value ->> 'r', :at, 'system', 'email_sent', json_object('kind', o.kind, 'attempt', o.attempts)
       FROM json_each(:batch) AS s ${held}`,
  );
  const record = sqlite.transaction((values: { at: string; claim: string; batch: string }) => {
    sent.run(values);
    announced.run(values);
    requestsSent.run(values);
    history.run(values);
  });

  const sendWhileDue = async (mailer: Mailer): Promise<never> => {
    for (;;) {
      await nextTurn();
      const now = Date.now();
      const claim = { id: randomIds.id('clm'), dueBy: new Date(now).toISOString(), leaseUntil: new Date(now + config.senderLeaseSeconds * 1000).toISOString() };
      const batchId = randomIds.id('bat');
      const emails = await claimNewBatch(store.db, claim, batchId, MAX_BATCH);
      if (emails.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
        continue;
      }
      await nextTurn();
      const result = await mailer.sendBatch!(
        emails.map((email) => outgoing(config.mailFrom, email)),
        `batch/${batchId}`,
      );
      if (result.status !== 'answered') continue;
      const batch = emails.flatMap((email, i) => {
        const outcome = result.results[i]!;
        return outcome.status === 'sent' ? [{ e: email.id, r: email.request_id, m: outcome.messageId, w: randomIds.id('msg'), h: randomIds.id('ev') }] : [];
      });
      record({ at: new Date().toISOString(), claim: claim.id, batch: JSON.stringify(batch) });
    }
  };
  let started = false;
  return {
    start: () => {
      if (started) return;
      started = true;
      const mailer = resendMailer(config.resend!);
      for (let i = 0; i < IN_FLIGHT; i++) void sendWhileDue(mailer);
    },
  };
}
