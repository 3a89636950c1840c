import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import worker from '../../../src/worker.ts';
import { JANE, SPEC_EXAMPLE_PROVIDER } from '../../support/fixtures.ts';

/**
 * Helpers for the tests inside workerd: every call goes through the real Workers entry
 * (`src/worker.ts`) with the bindings of wrangler.toml and vitest.config.ts, on a D1 database the
 * setup file migrated from the same .sql files. D1 is fresh for each test file (the setup file empties
 * it) and shared by the tests of one file, so every test seeds its own provider and client.
 */
export const ORIGIN = 'https://canceldesk.test';

/** A provider as SPEC §9 shows it, under an id of the caller's choosing. */
export const provider = (id: string, emails = [`cancellations@${id}.example`]) => ({
  ...SPEC_EXAMPLE_PROVIDER,
  id,
  name: `Provider ${id}`,
  emails,
});

export { JANE };

/** A request as the runtime dispatches it: `exports.default.fetch`, with the runtime's own context. */
export const dispatch = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${ORIGIN}${path}`, init));

/**
 * A request through `worker.fetch` with a context the test holds, waiting for everything the worker
 * handed to `ctx.waitUntil` (the drain after a create) before returning.
 */
export async function fetchAndSettle(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

const json = (token: string, body: unknown) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The operator seeds a deployment through the admin API, as `canceldesk --url` does. */
export const admin = {
  post: (path: string, body: unknown) => dispatch(`/api/v1/admin${path}`, json(env.ADMIN_TOKEN, body)),
  get: (path: string) => dispatch(`/api/v1/admin${path}`, { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } }),
};

/** A provider and an API client, created through the admin API; returns the client's key. */
export async function seedProviderAndClient(providerId: string, emails?: string[], webhookUrl?: string): Promise<{ clientId: string; apiKey: string }> {
  const imported = await admin.post('/providers', [provider(providerId, emails)]);
  expect(imported.status, await imported.clone().text()).toBe(200);
  expect(await imported.json()).toEqual({ imported: [providerId] });

  const created = await admin.post('/clients', { name: `App for ${providerId}`, ...(webhookUrl ? { webhookUrl } : {}) });
  expect(created.status, await created.clone().text()).toBe(201);
  const client = (await created.json()) as { id: string; name: string; apiKey: string };
  expect(client).toMatchObject({ id: expect.any(String), name: `App for ${providerId}`, apiKey: expect.any(String) });
  return { clientId: client.id, apiKey: client.apiKey };
}

/** The app-facing API as an app calls it; a create waits for the drain the worker queued after it. */
export function appApi(apiKey: string) {
  const auth = { authorization: `Bearer ${apiKey}` };
  return {
    create: (providerId: string, extraHeaders: Record<string, string> = {}, customer = JANE) =>
      fetchAndSettle('/api/v1/cancellation-requests', {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', ...extraHeaders },
        body: JSON.stringify({ provider: providerId, customer }),
      }),
    get: (id: string) => dispatch(`/api/v1/cancellation-requests/${id}`, { headers: auth }),
  };
}

/** Rows straight from D1, as the worker left them. */
export const d1 = {
  request: (id: string) =>
    env.DB.prepare('SELECT id, status, provider_id FROM cancellation_requests WHERE id = ?').bind(id).first<{ id: string; status: string; provider_id: string }>(),
  requestsFor: async (providerId: string) =>
    (await env.DB.prepare('SELECT id, status FROM cancellation_requests WHERE provider_id = ?').bind(providerId).all<{ id: string; status: string }>()).results,
  emailsFor: async (requestId: string) =>
    (
      await env.DB.prepare('SELECT id, status, sent_at, provider_message_id FROM outbox WHERE request_id = ?')
        .bind(requestId)
        .all<{ id: string; status: string; sent_at: string | null; provider_message_id: string | null }>()
    ).results,
  historyOf: async (requestId: string) =>
    (await env.DB.prepare('SELECT event FROM request_history WHERE request_id = ? ORDER BY at, rowid').bind(requestId).all<{ event: string }>()).results.map(
      (r) => r.event,
    ),
};

/** The path of the reply link in an email's plain-text part. */
export function replyPathIn(text: string): string {
  const link = /https:\/\/canceldesk\.test(\/reply\/[\w.-]+)/.exec(text);
  expect(link, text).not.toBeNull();
  return link![1]!;
}

/** A day `days` from today, as the form takes it (YYYY-MM-DD). */
export const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
