import { listProviders } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import type { Operator } from './operator.ts';

/**
 * The operator's actions run on this process's database: the CLI on Node, and the admin API anywhere.
 * Each loads its use case when called: a CLI command then loads only its own (the email templates, the
 * mail parser and the rest stay unread), and the bundle keeps them in chunks of their own.
 */
export function localOperator(deps: Deps): Operator {
  return {
    async importProviders(file) {
      const { importProviders } = await import('./import-providers.ts');
      const result = await importProviders(deps, file);
      return result.kind === 'done' ? { kind: 'done', imported: result.providers.map((p) => p.id) } : result;
    },
    listProviders: () => listProviders(deps.db),
    async createClient(input) {
      const { createApiClient } = await import('../clients/api-clients.ts');
      const result = await createApiClient(deps, input);
      return result.kind === 'done' ? { kind: 'done', client: result.client } : result;
    },
    async updateClient(id, input) {
      const { updateApiClient } = await import('../clients/api-clients.ts');
      const result = await updateApiClient(deps, id, input);
      if (result.kind === 'done') return { kind: 'done', client: result.client };
      return result.kind === 'not_found' ? null : result;
    },
    async createProviderKey(providerId) {
      const { createProviderKey } = await import('../providers/provider-access.ts');
      const result = await createProviderKey(deps, providerId);
      return result.kind === 'done' ? result.key : null;
    },
    async revokeProviderKey(keyId) {
      const { revokeProviderApiKey } = await import('../providers/provider-access.ts');
      const result = await revokeProviderApiKey(deps, keyId);
      return result.kind === 'done' ? result.key : null;
    },
    async setProviderWebhook(providerId, webhookUrl) {
      const { setProviderWebhook } = await import('../providers/provider-access.ts');
      const result = await setProviderWebhook(deps, providerId, webhookUrl);
      return result.kind === 'not_found' ? null : result;
    },
    async createSupportAccount(input) {
      const { createSupportAccount } = await import('../support/accounts.ts');
      const result = await createSupportAccount(deps, input);
      return result.kind === 'done' ? { kind: 'done', account: result.account } : result;
    },
    async listOutbox(filter) {
      const { listOutboxEmails } = await import('../outbox/browse.ts');
      return (await listOutboxEmails(deps, filter)).map((e) => ({
        id: e.id,
        requestId: e.request_id,
        kind: e.kind,
        status: e.status,
        to: e.recipients,
        replyTo: e.reply_to,
        messageId: e.message_id,
        subject: e.subject,
        html: e.html,
        text: e.text,
        attempts: e.attempts,
        lastError: e.last_error,
        createdAt: e.created_at,
        sentAt: e.sent_at,
      }));
    },
    drainOutbox: async () => (await import('../outbox/drain.ts')).drainOutbox(deps),
    async runLifecycle({ at } = {}) {
      const { runScheduledWork, runScheduledWorkAt } = await import('../lifecycle/scheduler.ts');
      return at ? runScheduledWorkAt(deps, at) : runScheduledWork(deps);
    },
    showRequest: async (id) => (await import('../support/request-view.ts')).openRequestForSupport(deps, id, 'operator'),
    receiveEmail: async (raw) => (await import('../email-replies/receive.ts')).receiveEmail(deps, { raw, source: 'cli' }),
    async issueInboxLink(providerId, { days }) {
      const { issueInboxLink } = await import('../provider-inbox/inbox-link.ts');
      const result = await issueInboxLink(deps, providerId, days);
      if (result.kind === 'not_found') return null;
      return result.kind === 'issued' ? { kind: 'done', url: result.url, expiresAt: result.expiresAt } : result;
    },
    revokeInboxLinks: async (providerId) => (await import('../provider-inbox/inbox-link.ts')).revokeInboxLinks(deps, providerId),
    providerStats: async (query) => (await import('../stats/provider-stats.ts')).providerStats(deps, query),
  };
}
