import { afterAll, expect } from 'vitest';
import { createApiClient } from '../../src/clients/api-clients.ts';
import { startFakeApp } from './fake-app.ts';
import { replyWorld } from './reply-world.ts';
import { ACME_GYM, apiAs, JANE } from './test-deps.ts';

/**
 * A reply world whose app also has a webhook endpoint (the fake app, verifying at the test clock) beside
 * the polling-only one. Call it while vitest collects, like replyWorld.
 */
export async function webhookWorld(overrides: Parameters<typeof replyWorld>[1] = {}, env: Record<string, string> = {}) {
  const world = await replyWorld(env, overrides);
  const endpoint = await startFakeApp({ now: () => world.clock.now() });
  afterAll(() => endpoint.close());
  const created = await createApiClient(world.deps, { name: 'App with webhooks', webhookUrl: endpoint.url });
  if (created.kind === 'invalid') throw new Error(JSON.stringify(created.fields));
  endpoint.useSecret(created.client.webhookSecret!);
  /** The API as the app with the endpoint calls it. */
  const endpointApi = apiAs(world.app, created.client.apiKey);
  const create = async () => {
    const response = await endpointApi.post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    return { id, replyPath: await world.replyPathOf(id) };
  };
  const appView = async (id: string) => (await endpointApi.get(`/cancellation-requests/${id}`)).json();
  const eventsFor = (id: string) => endpoint.processed().filter((r) => r.payload!.data.id === id).map((r) => r.payload!.type);
  return { ...world, endpoint, client: created.client, endpointApi, create, appView, eventsFor };
}
