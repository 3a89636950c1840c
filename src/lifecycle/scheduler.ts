import type { Deps } from '../deps.ts';
import { type DrainReport, drainOutbox } from '../outbox/drain.ts';
import { forgetStaleLoginFailures } from '../support/login-throttle.ts';
import { deliverWebhooks, type WebhookReport } from './deliver-webhooks.ts';
import { eraseAfterRetention } from './retention.ts';
import { type FollowUpReport, followUpWaitingRequests } from './waiting-requests.ts';

export interface ScheduledReport extends FollowUpReport {
  erased: number;
  outbox: DrainReport;
  webhooks: WebhookReport;
}

export type SchedulerDeps = Pick<Deps, 'db' | 'atomic' | 'mailer' | 'clock' | 'ids' | 'config' | 'webhookTransport'>;

/**
 * Everything that happens because time passed, in one place: reminders and expiry, retention (requests,
 * and failed logins past their window), then the mail and webhooks that queued. The Node loop,
 * `canceldesk lifecycle run` and the Workers cron all call this; every part is safe to run twice at once
 * or again after a crash.
 */
export async function runScheduledWork(deps: SchedulerDeps): Promise<ScheduledReport> {
  const followUps = await followUpWaitingRequests(deps);
  const erased = await eraseAfterRetention(deps);
  await forgetStaleLoginFailures(deps);
  const { outbox, webhooks } = await deliverQueued(deps);
  return { ...followUps, erased, outbox, webhooks };
}

/** What a request just queued: the outbox's mail, then the webhooks (a send queues one). */
export async function deliverQueued(deps: SchedulerDeps, max?: number): Promise<{ outbox: DrainReport; webhooks: WebhookReport }> {
  const outbox = await drainOutbox(deps, max);
  const webhooks = await deliverWebhooks(deps, max);
  return { outbox, webhooks };
}
