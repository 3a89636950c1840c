import { z } from '@hono/zod-openapi';
import { clientUpdateInput, newClientInput } from '../../clients/api-clients.ts';
import { copies } from '../../copy/index.ts';
import { providersFile } from '../../operator/import-providers.ts';
import { LabelsByLocaleSchema } from '../api/schemas.ts';
import { newSupportAccountInput } from '../../support/accounts.ts';
import { DEFAULT_INBOX_LINK_DAYS, MAX_INBOX_LINK_DAYS } from '../../provider-inbox/inbox-link.ts';
import { DIGESTS } from '../../providers/provider.ts';

/**
 * The admin API's shapes for the OpenAPI document. The bodies are the use cases' own input schemas,
 * so a route refuses exactly what its use case would, with the same field errors. They are named with
 * zod's `.meta()`: `.openapi()` exists only on schemas made after @hono/zod-openapi was first imported.
 */

export const ProvidersFileSchema = providersFile.meta({ id: 'ProvidersFile', description: 'The providers file (SPEC §9): every provider in it, or none' });
export const NewApiClientSchema = newClientInput.meta({ id: 'NewApiClient' });
export const ApiClientChangeSchema = clientUpdateInput.meta({
  id: 'ApiClientChange',
  description: '`webhookUrl` sets the endpoint (re-enabling one a 410 disabled), null removes it, absent keeps it',
});
export const NewSupportAccountSchema = newSupportAccountInput.meta({ id: 'NewSupportAccount' });

export const ImportedProvidersSchema = z.object({ imported: z.array(z.string()) }).openapi('ImportedProviders');

export const InboxLinkRequestSchema = z
  .object({ days: z.number().int().min(1).max(MAX_INBOX_LINK_DAYS).optional().openapi({ description: `How long the link works, in days (default ${DEFAULT_INBOX_LINK_DAYS})` }) })
  .openapi('InboxLinkRequest');
export const InboxLinkSchema = z.object({ url: z.string(), expiresAt: z.string() }).openapi('InboxLink');
export const InboxLinksRevokedSchema = z.object({ revoked: z.literal(true) }).openapi('InboxLinksRevoked');

export const ProviderConfigSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    emails: z.array(z.string()),
    locale: z.enum(Object.keys(copies) as [keyof typeof copies, ...(keyof typeof copies)[]]),
    identifiers: z.array(z.object({ key: z.string(), required: z.boolean(), label: z.union([z.string(), LabelsByLocaleSchema]).optional(), pattern: z.string().optional() })),
    replyWindowDays: z.number().int(),
    reminderDays: z.array(z.number().int()),
    perRequestEmails: z.boolean().openapi({ description: 'false: no email per request; the provider answers through its API, webhook or inbox' }),
    digest: z.enum(DIGESTS),
  })
  .openapi('ProviderConfig', { description: 'A provider as stored from the providers file' });

export const CreatedApiClientSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    apiKey: z.string().openapi({ description: 'Shown once; only its hash is kept' }),
    webhookUrl: z.string().optional(),
    webhookSecret: z.string().optional().openapi({ description: 'Shown once; the app verifies our webhooks with it' }),
  })
  .openapi('CreatedApiClient');

export const ChangedApiClientSchema = z
  .object({
    id: z.string(),
    webhookUrl: z.string().nullable(),
    webhookSecret: z.string().nullable().openapi({ description: 'Only when this change created or rotated it' }),
  })
  .openapi('ChangedApiClient');

export const CreatedSupportAccountSchema = z
  .object({ id: z.string(), email: z.string(), password: z.string().openapi({ description: 'One-time: shown once, only its hash is kept' }) })
  .openapi('CreatedSupportAccount');

export const DrainReportSchema = z
  .object({ sent: z.number().int(), failed: z.number().int(), retrying: z.number().int(), waiting: z.number().int() })
  .openapi('DrainReport');

export const LifecycleReportSchema = z
  .object({
    reminded: z.number().int(),
    expired: z.number().int(),
    followedUp: z.number().int().openapi({ description: 'Binding contracts that ended and were followed up with the provider' }),
    digests: z.number().int().openapi({ description: 'Digests queued for providers that asked for one' }),
    erased: z.number().int(),
    outbox: DrainReportSchema,
    webhooks: z.object({ delivered: z.number().int(), failed: z.number().int(), retrying: z.number().int(), waiting: z.number().int() }),
  })
  .openapi('LifecycleReport');

export const OutboxEmailSchema = z
  .object({
    id: z.string(),
    requestId: z.string().nullable(),
    kind: z.string(),
    status: z.string(),
    to: z.array(z.string()),
    replyTo: z.string().nullable().openapi({ description: "Where a reply goes: the request's reply+<key>@INBOUND_DOMAIN address, MAIL_REPLY_TO, or null" }),
    messageId: z.string().nullable().openapi({ description: 'The Message-ID header we set, without brackets' }),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('OutboxEmail');

export const EmailReplySummarySchema = z
  .object({
    id: z.string(),
    requestId: z.string().nullable().openapi({ description: 'The request it was matched to; null when it matched none (kept for support to assign)' }),
    matchedBy: z.enum(['address', 'thread', 'reference', 'support']).nullable(),
    kind: z.enum(['reply', 'auto_reply', 'bounce']),
    suggestion: z
      .object({ outcome: z.enum(['cancelled', 'already_cancelled', 'binding_contract', 'not_found']), date: z.string().optional() })
      .nullable()
      .openapi({ description: 'The outcome the reply reads as, for support to accept; null when its text is not clear enough' }),
  })
  .openapi('ReceivedEmailOutcome', { description: 'What became of a received email; never its text or addresses' });

export const CreatedProviderKeySchema = z
  .object({ id: z.string(), providerId: z.string(), apiKey: z.string().openapi({ description: 'Shown once; only its hash is kept' }) })
  .openapi('CreatedProviderKey');

export const RevokedProviderKeySchema = z.object({ id: z.string(), providerId: z.string(), revokedAt: z.string() }).openapi('RevokedProviderKey');

export const ProviderWebhookChangeSchema = z
  .strictObject({ webhookUrl: z.string().max(2000).nullable().openapi({ description: 'The endpoint (a new secret with it), or null to remove it' }) })
  .openapi('ProviderWebhookChange');

export const ProviderWebhookEndpointSchema = z
  .object({
    providerId: z.string(),
    webhookUrl: z.string().nullable(),
    webhookSecret: z.string().nullable().openapi({ description: 'Shown once, when an endpoint was set: the provider verifies our webhooks with it' }),
  })
  .openapi('ProviderWebhookEndpoint');
