import type { Write } from '../db/atomic.ts';
import { Webhook } from 'standardwebhooks';
import { disableWebhookEndpoint, findClientById } from '../db/clients.ts';
import { disableProviderWebhookEndpoint, findProviderWebhookEndpoint } from '../db/provider-keys.ts';
import { findProvider } from '../db/providers.ts';
import { findRequest } from '../db/requests.ts';
import type { WebhookMessageRow } from '../db/schema.ts';
import { claimDueMessages, countPendingMessages, markDelivered, markUndeliverable, scheduleRedelivery } from '../db/webhook-messages.ts';
import type { Deps } from '../deps.ts';
import { requestForClient } from '../requests/client-view.ts';
import { requestForProvider } from '../requests/provider-view.ts';
import { privateHostProblem } from '../webhooks/endpoint-policy.ts';

export interface WebhookReport {
  delivered: number;
  /** Given up on: out of attempts, endpoint gone (410) or removed. */
  failed: number;
  retrying: number;
  /** Messages still pending after this run. */
  waiting: number;
}

/**
 * Seconds to wait after each failed attempt (Standard Webhooks' suggested schedule): the eighth failure
 * gives up, a little over a day after the first attempt, so an app that is down for a day loses nothing.
 */
export const REDELIVERY_SCHEDULE_S = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];
const TIMEOUT_MS = 10_000;
const CLAIM_SIZE = 10;

/**
 * Delivers due webhook messages, as the email outbox sends mail: claimed under a lease, posted with no
 * transaction open, the result written guarded by the claim. A crash re-delivers the message later
 * with the same `webhook-id`, which is how the app recognises a repeat.
 */
export async function deliverWebhooks(deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'config' | 'webhookTransport'>, maxMessages = 500): Promise<WebhookReport> {
  const report: WebhookReport = { delivered: 0, failed: 0, retrying: 0, waiting: 0 };
  const dueBy = deps.clock.now().toISOString();
  let handled = 0;
  while (handled < maxMessages) {
    const leaseUntil = new Date(deps.clock.now().getTime() + deps.config.senderLeaseSeconds * 1000).toISOString();
    const claimed = await claimDueMessages(deps.db, { id: deps.ids.id('clm'), dueBy, leaseUntil }, Math.min(CLAIM_SIZE, maxMessages - handled));
    if (claimed.length === 0) break;
    handled += claimed.length;
    await Promise.all(
      claimed.map(async (message) => {
        const writes = await deliverOne(deps, message);
        report[writes.outcome]++;
        await deps.atomic(writes.statements);
      }),
    );
  }
  report.waiting = await countPendingMessages(deps.db);
  return report;
}

/** Where a message goes and what it says: an app's endpoint and its view, or a provider's and the provider API's. */
interface Recipient {
  url: string;
  secret: string;
  data: unknown;
  /** The write that disables this endpoint after a 410 Gone. */
  disable: (at: string) => Write;
}

async function recipientOf(deps: Pick<Deps, 'db'>, message: WebhookMessageRow): Promise<Recipient | null> {
  const request = await findRequest(deps.db, message.request_id);
  if (!request) return null;
  if (message.provider_id !== null) {
    const [endpoint, provider] = await Promise.all([findProviderWebhookEndpoint(deps.db, message.provider_id), findProvider(deps.db, message.provider_id)]);
    if (!endpoint?.webhook_url || !endpoint.webhook_secret || endpoint.webhook_disabled_at || !provider) return null;
    const url = endpoint.webhook_url;
    // The request as the provider API shows it now (identifiers read at delivery, never copied into the message).
    return { url, secret: endpoint.webhook_secret, data: requestForProvider(provider, request), disable: (at) => disableProviderWebhookEndpoint(deps.db, provider.id, url, at) };
  }
  const client = message.client_id === null ? null : await findClientById(deps.db, message.client_id);
  if (!client?.webhook_url || !client.webhook_secret || client.webhook_disabled_at) return null;
  const url = client.webhook_url;
  return {
    url,
    secret: client.webhook_secret,
    // The request as GET /api/v1/cancellation-requests/:id showed it right after this change.
    data: requestForClient({ ...request, status: message.status, outcome: message.outcome, answered_at: message.answered_at, follow_up: message.follow_up, first_opened_at: message.first_opened_at, updated_at: message.updated_at }),
    disable: (at) => disableWebhookEndpoint(deps.db, client.id, url, at),
  };
}

async function deliverOne(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'webhookTransport'>,
  message: WebhookMessageRow,
): Promise<{ outcome: 'delivered' | 'failed' | 'retrying'; statements: Write[] }> {
  const held = { id: message.id, claimId: message.claim_id ?? '' };
  const giveUp = (reason: string, ...more: Write[]) => ({ outcome: 'failed' as const, statements: [markUndeliverable(deps.db, held, reason), ...more] });
  const recipient = await recipientOf(deps, message);
  if (!recipient) return giveUp('the endpoint was removed or disabled');
  const { url } = recipient;
  // Checked again at every delivery: the rules may have tightened since the URL was accepted.
  const refused = deps.config.environment === 'production' ? privateHostProblem(new URL(url).hostname) : null;
  if (refused) return giveUp(`refused: the endpoint ${refused}`);

  const body = JSON.stringify({ type: message.event, timestamp: message.created_at, data: recipient.data });
  const sentAt = deps.clock.now();
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Canceldesk-Webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(recipient.secret).sign(message.id, sentAt, body),
  };
  const result = await deps.webhookTransport.post(url, { headers, body, timeoutMs: TIMEOUT_MS });
  const at = deps.clock.now();
  if ('status' in result && result.status >= 200 && result.status < 300) {
    return { outcome: 'delivered', statements: [markDelivered(deps.db, held, at.toISOString())] };
  }
  // 410 Gone is the endpoint's owner saying "stop": the endpoint is disabled until its URL is set again.
  if ('status' in result && result.status === 410) {
    return giveUp('the endpoint answered 410 Gone and was disabled', recipient.disable(at.toISOString()));
  }
  const error = 'status' in result ? `the endpoint answered ${result.status}` : result.error;
  const wait = REDELIVERY_SCHEDULE_S[message.attempts - 1];
  if (wait === undefined) return giveUp(`gave up after ${message.attempts} attempts: ${error}`);
  // ±10% jitter, so messages that failed together do not all come back at the same second.
  const next = new Date(at.getTime() + wait * 1000 * (0.9 + Math.random() * 0.2));
  return { outcome: 'retrying', statements: [scheduleRedelivery(deps.db, held, next.toISOString(), error)] };
}
