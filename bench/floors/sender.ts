import type { Config } from '../../src/config.ts';
import { sentBatchWrites } from '../../src/db/email-results.ts';
import { claimNewBatch } from '../../src/db/outbox.ts';
import { randomIds } from '../../src/ids.ts';
import { MAX_BATCH, type Mailer } from '../../src/mail/mailer.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { outgoing } from '../../src/outbox/batches.ts';
import { nextTurn, sentResultOf } from '../../src/outbox/drain.ts';
import type { FloorStore } from './store.ts';

/** Two batches in flight, as the service's sender: one is claimed and written while the other is out. */
const IN_FLIGHT = 2;
const IDLE_POLL_MS = 25;

/**
 * The sender's floor: the least a sender on this stack can do per batch, out of the service's own
 * pieces. Its claim (one UPDATE … RETURNING of up to 100 due emails, then their bodies), its Resend
 * mailer (the same SDK call and payload), the same yields between the steps, and its batch writes
 * (`sentBatchWrites`: one statement per kind of row for the whole batch) in one transaction. Nothing
 * else: no decisions, retries or report. Only the path where Resend takes the batch, as the fake
 * Resend takes every email: an email it refused, or a call that failed, would stay queued (nothing
 * here takes a lapsed batch again), and the bench would stop on a backlog that never finished. An
 * error in a step ends the process (an unhandled rejection), as a bench should.
 */
export function floorSender(store: FloorStore, config: Config): { start(): void } {
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
      const sent = emails.flatMap((email, i) => {
        const outcome = result.results[i]!;
        return outcome.status === 'sent' ? [sentResultOf({ ids: randomIds }, email, outcome.messageId)] : [];
      });
      store.transaction(sentBatchWrites(store.db, { claimId: claim.id, at: new Date().toISOString(), emails: sent }));
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
