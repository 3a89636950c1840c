import { createApiClient, updateApiClient } from '../clients/api-clients.ts';
import { listProviders } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { receiveEmail } from '../email-replies/receive.ts';
import { runScheduledWork, runScheduledWorkAt } from '../lifecycle/scheduler.ts';
import { listOutboxEmails } from '../outbox/browse.ts';
import { drainOutbox } from '../outbox/drain.ts';
import { openRequestForSupport } from '../support/request-view.ts';
import { createSupportAccount } from '../support/accounts.ts';
import { importProviders } from './import-providers.ts';
import type { Operator } from './operator.ts';

/** The operator's actions run on this process's database: the CLI on Node, and the admin API anywhere. */
export function localOperator(deps: Deps): Operator {
  return {
    async importProviders(file) {
      const result = await importProviders(deps, file);
      return result.kind === 'done' ? { kind: 'done', imported: result.providers.map((p) => p.id) } : result;
    },
    listProviders: () => listProviders(deps.db),
    async createClient(input) {
      const result = await createApiClient(deps, input);
      return result.kind === 'done' ? { kind: 'done', client: result.client } : result;
    },
    async updateClient(id, input) {
      const result = await updateApiClient(deps, id, input);
      if (result.kind === 'done') return { kind: 'done', client: result.client };
      return result.kind === 'not_found' ? null : result;
    },
    async createSupportAccount(input) {
      const result = await createSupportAccount(deps, input);
      return result.kind === 'done' ? { kind: 'done', account: result.account } : result;
    },
    async listOutbox(filter) {
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
    drainOutbox: () => drainOutbox(deps),
    runLifecycle: ({ at } = {}) => (at ? runScheduledWorkAt(deps, at) : runScheduledWork(deps)),
    showRequest: (id) => openRequestForSupport(deps, id, 'operator'),
    receiveEmail: (raw) => receiveEmail(deps, { raw, source: 'cli' }),
  };
}
