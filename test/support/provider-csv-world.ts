import { expect } from 'vitest';
import { issueInboxLink } from '../../src/provider-inbox/inbox-link.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { createApiClient } from '../../src/clients/api-clients.ts';
import { ACME_GYM, JANE, addProviders, apiAs, testDeps } from './test-deps.ts';

/** A second provider, for isolation: its requests are never the first one's. */
export const OTHER_GYM: ProviderInput = { ...ACME_GYM, id: 'other-gym', name: 'Other Gym' };

/**
 * A world for the provider's CSV routes, through the whole app: each provider has a real inbox link, and
 * the CSV export and upload answer under its path (`/provider/<token>/…`) after the link's own checks.
 * A test creates requests through the API and reads their outcome there.
 * Call it while vitest collects (top-level await), like testDeps.
 */
export async function providerCsvWorld() {
  const { deps, clock, app } = await testDeps();
  await addProviders(deps, ACME_GYM, OTHER_GYM);
  // An app with a webhook endpoint (nobody listens there), so each answer's announcement is stored.
  const created = await createApiClient(deps, { name: 'App with webhooks', webhookUrl: 'https://app.example/hooks' });
  if (created.kind === 'invalid') throw new Error(JSON.stringify(created.fields));
  const api = apiAs(app, created.client.apiKey);

  const inboxPaths = new Map<string, string>();
  for (const { id } of [ACME_GYM, OTHER_GYM]) {
    const link = await issueInboxLink(deps, id);
    if (link.kind !== 'issued') throw new Error(`no inbox link for ${id}`);
    inboxPaths.set(id, new URL(link.url).pathname);
  }
  /** The provider's inbox page, `/provider/<token>`: the CSV routes answer under it. */
  const inboxPath = (providerId: string) => inboxPaths.get(providerId) ?? `/provider/no-link-for-${providerId}`;

  return {
    deps,
    clock,
    app,
    inboxPath,
    api,
    /** Requests for `providerId`, emailed (so waiting for an answer); their ids and references, oldest first. */
    async openRequests(providerId: string, customers: Record<string, string>[]): Promise<{ id: string; reference: string }[]> {
      const created = [];
      for (const customer of customers) {
        const response = await api.post('/cancellation-requests', { provider: providerId, customer });
        expect(response.status).toBe(201);
        const { id, caseReference } = (await response.json()) as { id: string; caseReference: string };
        created.push({ id, reference: caseReference });
        // Each request a second apart, so "oldest first" has one answer.
        clock.advance(1000);
      }
      while ((await drainOutbox(deps)).sent > 0);
      return created;
    },
    /** The open requests' CSV, as the provider downloads it. */
    download: (providerId: string) => app.request(`${inboxPath(providerId)}/open.csv`),
    /** The answers file posted from the inbox page (multipart, same origin). */
    upload(providerId: string, file: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) {
      const body = new FormData();
      body.append('file', new File([file], 'answers.csv', { type: 'text/csv' }));
      return app.request(`${inboxPath(providerId)}/answers.csv`, { method: 'POST', body, headers });
    },
    /** Confirm or Cancel on the preview page: the path its form posts to. */
    press: (path: string, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) => app.request(path, { method: 'POST', headers }),
    /** The request as the app sees it. */
    async appView(id: string) {
      const response = await api.get(`/cancellation-requests/${id}`);
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    },
  };
}

/** The form actions of a preview page: where Confirm and Cancel post. */
export function previewActions(page: string): { confirm: string; cancel: string } {
  const confirm = /action="([^"]+\/confirm)"/.exec(page)?.[1];
  const cancel = /action="([^"]+\/cancel)"/.exec(page)?.[1];
  expect(confirm, page).toBeDefined();
  return { confirm: confirm!, cancel: cancel! };
}

export { JANE };
