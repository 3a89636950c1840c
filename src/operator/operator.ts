import type { Provider } from '../providers/provider.ts';
import type { NewClient, UpdatedClient } from '../clients/api-clients.ts';
import type { NewProviderKey, ProviderWebhookEndpoint, RevokedProviderKey } from '../providers/provider-access.ts';
import type { OutboxFilter } from '../db/outbox.ts';
import type { ScheduledReport } from '../lifecycle/scheduler.ts';
import type { Reception } from '../email-replies/receive.ts';
import type { DrainReport } from '../outbox/drain.ts';
import type { SupportRequest } from '../support/request-view.ts';
import type { StatsResult } from '../stats/provider-stats.ts';
import type { NewSupportAccount } from '../support/accounts.ts';
import type { FieldErrors } from '../validation.ts';

/** An email in the outbox as operators see it (CLI `outbox list`, the admin API). */
export interface OutboxListing {
  id: string;
  requestId: string | null;
  kind: string;
  status: string;
  to: string[];
  /** Where a reply goes: the request's `reply+<key>@INBOUND_DOMAIN`, MAIL_REPLY_TO, or null. */
  replyTo: string | null;
  /** The Message-ID header we set, without brackets; null on emails from before it was set. */
  messageId: string | null;
  subject: string;
  html: string;
  text: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

type Checked<T> = ({ kind: 'done' } & T) | { kind: 'invalid'; fields: FieldErrors };

/**
 * What an operator can do, whether next to the database (the CLI on Node) or against a running
 * deployment through the admin API (`canceldesk --url`): one interface, so every command prints the
 * same thing either way.
 */
export interface Operator {
  importProviders(file: unknown): Promise<Checked<{ imported: string[] }>>;
  listProviders(): Promise<Provider[]>;
  createClient(input: { name: string; webhookUrl?: string }): Promise<Checked<{ client: NewClient }>>;
  /** Sets (`webhookUrl`), removes (null) or keeps (absent) the webhook endpoint; null when there is no such client. */
  updateClient(id: string, input: { webhookUrl?: string | null; rotateWebhookSecret?: boolean }): Promise<Checked<{ client: UpdatedClient }> | null>;
  createSupportAccount(input: { email: string }): Promise<Checked<{ account: NewSupportAccount }>>;
  /** A new API key for one provider (shown once); null when there is no such provider. */
  createProviderKey(providerId: string): Promise<NewProviderKey | null>;
  /** Ends a provider API key at once; null when there is no such key. */
  revokeProviderKey(keyId: string): Promise<RevokedProviderKey | null>;
  /** Sets a provider's webhook endpoint with a new secret (shown once), or removes it (null); null when there is no such provider. */
  setProviderWebhook(providerId: string, webhookUrl: string | null): Promise<Checked<{ endpoint: ProviderWebhookEndpoint }> | null>;
  listOutbox(filter: OutboxFilter): Promise<OutboxListing[]>;
  drainOutbox(): Promise<DrainReport>;
  /** One run of the scheduled work: follow-ups, reminders, expiry, retention, then queued mail and webhooks; `at`: as if it were then (local only). */
  runLifecycle(options?: { at?: Date }): Promise<ScheduledReport>;
  /** The support view of a request; the read of any free text is written to its history as `operator`. */
  showRequest(id: string): Promise<SupportRequest | null>;
  /** Stores one received email (raw RFC 822) as an email reply: `canceldesk inbound receive`, a mail server's pipe. */
  receiveEmail(raw: Uint8Array<ArrayBuffer>): Promise<Reception>;
  /** A new inbox link for the provider (`providers inbox-link`); null when there is no such provider. */
  issueInboxLink(providerId: string, options: { days?: number }): Promise<Checked<{ url: string; expiresAt: string }> | null>;
  /** Ends every inbox link of the provider at once (`providers inbox-link --revoke`); false when there is no such provider. */
  revokeInboxLinks(providerId: string): Promise<boolean>;
  /** How providers answered the requests made in the last `days` days (`canceldesk stats`). */
  providerStats(query: { days: number; provider?: string }): Promise<StatsResult>;
}
