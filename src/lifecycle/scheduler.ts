import { clockFrom } from '../clock.ts';
import type { Deps } from '../deps.ts';
import { type DrainReport, drainOutbox } from '../outbox/drain.ts';
import { rollUpProviderStats } from '../stats/rollups.ts';
import { forgetStaleLoginFailures } from '../support/login-throttle.ts';
import { followUpBindingContracts } from './contract-follow-ups.ts';
import { deliverWebhooks, type WebhookReport } from './deliver-webhooks.ts';
import { queueDigests } from './digests.ts';
import { eraseAfterRetention } from './retention.ts';
import { type FollowUpReport, followUpWaitingRequests } from './waiting-requests.ts';

export interface ScheduledReport extends FollowUpReport {
  /** Binding contracts that ended and were followed up with the provider. */
  followedUp: number;
  /** Digests queued for providers that asked for one. */
  digests: number;
  erased: number;
  outbox: DrainReport;
  webhooks: WebhookReport;
}

export type SchedulerDeps = Pick<Deps, 'db' | 'atomic' | 'mailer' | 'clock' | 'ids' | 'config' | 'webhookTransport'>;

/**
 * Everything that happens because time passed, in one place: binding contracts followed up, reminders and expiry, providers' digests, retention (requests,
 * and failed logins past their window), the provider stats' rollups, then the mail and webhooks that queued. The Node loop,
 * `canceldesk lifecycle run` and the Workers cron all call this; every part is safe to run twice at once
 * or again after a crash.
 */
export async function runScheduledWork(deps: SchedulerDeps): Promise<ScheduledReport> {
  // Binding contracts first: a request followed up now is `sent` again, and waits from now.
  const followedUp = await followUpBindingContracts(deps);
  const followUps = await followUpWaitingRequests(deps);
  const digests = await queueDigests(deps);
  const erased = await eraseAfterRetention(deps);
  await forgetStaleLoginFailures(deps);
  await rollUpProviderStats(deps);
  const { outbox, webhooks } = await deliverQueued(deps);
  return { ...followUps, followedUp, digests, erased, outbox, webhooks };
}

/**
 * The scheduled work as if it were `at` (time passing from there as it does here): how operators and
 * tests see a reminder, an expiry or a follow-up weeks ahead. Refused in production, where it would
 * remind, follow up and expire real requests early.
 */
export function runScheduledWorkAt(deps: SchedulerDeps, at: Date): Promise<ScheduledReport> {
  if (deps.config.environment === 'production') {
    throw new Error('lifecycle run --at is refused in production (NODE_ENV=production): it would act on real requests before their time');
  }
  return runScheduledWork({ ...deps, clock: clockFrom(at, deps.clock) });
}

/** What a request just queued: the outbox's mail, then the webhooks (a send queues one). */
export async function deliverQueued(deps: SchedulerDeps, max?: number): Promise<{ outbox: DrainReport; webhooks: WebhookReport }> {
  const outbox = await drainOutbox(deps, max);
  const webhooks = await deliverWebhooks(deps, max);
  return { outbox, webhooks };
}
