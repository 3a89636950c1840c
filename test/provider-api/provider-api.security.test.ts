import { describe, expect, it } from 'vitest';
import { revokeProviderApiKey } from '../../src/providers/provider-access.ts';
import { ACME_GYM } from '../support/test-deps.ts';
import { OTHER_GYM, providerApiWorld } from './world.ts';

describe('provider API keys', async () => {
  const world = await providerApiWorld();
  const acme = await world.keyOf(ACME_GYM.id);
  const other = await world.keyOf(OTHER_GYM.id);
  const acmeApi = world.providerApi(acme.apiKey);

  it("reads another provider's request as absent: a 404 on get and on answer, nothing recorded", async () => {
    const theirs = await world.create(OTHER_GYM.id);
    expect((await acmeApi.get(`/provider/cancellation-requests/${theirs.id}`)).status).toBe(404);
    const answer = await acmeApi.post(`/provider/cancellation-requests/${theirs.id}/answers`, { outcome: 'not_found' });
    expect(answer.status).toBe(404);
    expect(await (await world.appApi.get(`/cancellation-requests/${theirs.id}`)).json()).toMatchObject({ outcome: null });
    const listed = (await (await acmeApi.get('/provider/cancellation-requests')).json()) as { data: { id: string }[] };
    expect(listed.data.map((r) => r.id)).not.toContain(theirs.id);
    // Its own provider's key sees it.
    expect((await world.providerApi(other.apiKey).get(`/provider/cancellation-requests/${theirs.id}`)).status).toBe(200);
  });

  it("refuses an app's key on the provider API, and a provider's key on the app API", async () => {
    const mine = await world.create();
    expect((await world.providerApi(world.client.apiKey).get('/provider/cancellation-requests')).status).toBe(401);
    expect((await world.providerApi(world.client.apiKey).get(`/provider/cancellation-requests/${mine.id}`)).status).toBe(401);
    expect((await acmeApi.get(`/cancellation-requests/${mine.id}`)).status).toBe(401);
    expect((await acmeApi.post('/cancellation-requests', { provider: ACME_GYM.id, customer: {} })).status).toBe(401);
  });

  it('stops a revoked key at once', async () => {
    const key = await world.keyOf(ACME_GYM.id);
    const api = world.providerApi(key.apiKey);
    expect((await api.get('/provider/cancellation-requests')).status).toBe(200);
    await revokeProviderApiKey(world.deps, key.id);
    const refused = await api.get('/provider/cancellation-requests');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'unauthorized' } });
    // Other keys of the same provider keep working.
    expect((await acmeApi.get('/provider/cancellation-requests')).status).toBe(200);
  });

  it("shows the provider nothing of the app and none of the answer's free text, on any of its endpoints", async () => {
    const request = await world.create(ACME_GYM.id, { reference: 'budget-app-ref-77' });
    const answered = await acmeApi.post(`/provider/cancellation-requests/${request.id}/answers`, {
      outcome: 'other',
      message: 'FREE-TEXT-MESSAGE ask their HR',
      note: 'FREE-TEXT-NOTE for support',
    });
    expect(answered.status).toBe(201);
    const bodies = [
      await answered.text(),
      await (await acmeApi.get(`/provider/cancellation-requests/${request.id}`)).text(),
      await (await acmeApi.get('/provider/cancellation-requests?status=answered')).text(),
    ];
    for (const body of bodies) {
      for (const secret of ['FREE-TEXT', 'budget-app-ref-77', 'Budget App', world.client.id]) expect(body).not.toContain(secret);
    }
    expect(JSON.parse(bodies[1]!)).toMatchObject({ status: 'answered', latestAnswer: { outcome: 'other', date: null } });
  });
});
