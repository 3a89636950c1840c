import { afterAll, expect } from 'vitest';
import { createProviderKey } from '../../src/providers/provider-access.ts';
import { startFakeApp } from '../support/fake-app.ts';
import { ACME_GYM, addClient, addProviders, apiAs, JANE, testDeps } from '../support/test-deps.ts';

/** ACME_GYM's twin, another provider: what one provider's key must never reach. */
export const OTHER_GYM = { ...ACME_GYM, id: 'other-gym', name: 'Other Gym', emails: ['cancel@other.example'] };
/** A provider that takes no email per request. */
export const QUIET_GYM = { ...ACME_GYM, id: 'quiet-gym', name: 'Quiet Gym', emails: ['cancel@quiet.example'], perRequestEmails: false };

/**
 * Three providers, an app, and a provider API client per provider key. Call it while vitest collects,
 * like testDeps.
 */
export async function providerApiWorld() {
  const world = await testDeps();
  const { deps, app } = world;
  await addProviders(deps, ACME_GYM, OTHER_GYM, QUIET_GYM);
  const client = await addClient(deps, 'Budget App Ltd');
  const appApi = apiAs(app, client.apiKey);
  const keyOf = async (providerId: string) => {
    const created = await createProviderKey(deps, providerId);
    if (created.kind !== 'done') throw new Error(created.kind);
    return created.key;
  };
  const create = async (provider = ACME_GYM.id, extra: Record<string, unknown> = {}) => {
    const response = await appApi.post('/cancellation-requests', { provider, customer: JANE, ...extra });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; caseReference: string; status: string };
  };
  return { ...world, client, appApi, keyOf, create, providerApi: (key: string) => apiAs(app, key) };
}

/** A provider's webhook endpoint that verifies each delivery with `standardwebhooks`, at the world's clock. */
export async function providerEndpoint(now: () => Date) {
  const endpoint = await startFakeApp({ now });
  afterAll(() => endpoint.close());
  return endpoint;
}
