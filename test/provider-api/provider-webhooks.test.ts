import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { deliverQueued, runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { setProviderWebhook } from '../../src/providers/provider-access.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { OTHER_GYM, providerApiWorld, providerEndpoint, QUIET_GYM } from './world.ts';

describe('provider webhooks', async () => {
  const world = await providerApiWorld();
  const endpoint = await providerEndpoint(() => world.clock.now());
  const set = await setProviderWebhook(world.deps, QUIET_GYM.id, endpoint.url);
  if (set.kind !== 'done') throw new Error(set.kind);
  const secret = set.endpoint.webhookSecret!;
  endpoint.useSecret(secret);
  const acme = world.providerApi((await world.keyOf(QUIET_GYM.id)).apiKey);

  it('sends created and then reminder, signed (Standard Webhooks), with the request as the provider API shows it', async () => {
    const request = await world.create(QUIET_GYM.id);
    await deliverQueued(world.deps);
    world.clock.advance(3 * DAY_MS + 1000);
    await runScheduledWork(world.deps);

    const received = endpoint.processed().filter((r) => r.payload!.data.id === request.id);
    expect(received.map((r) => r.payload!.type)).toEqual(['cancellation_request.created', 'cancellation_request.reminder']);
    const shown = await (await acme.get(`/provider/cancellation-requests/${request.id}`)).json();
    expect(received[1]!.payload!.data).toEqual(shown);
    expect(received[0]!.payload!.data).toMatchObject({ caseReference: request.caseReference, status: 'open' });
    expect(JSON.stringify(received[0]!.payload!.data)).toContain(JANE.member_number);
    // Every delivery verified: the endpoint checks each with the `standardwebhooks` library under the secret printed once.
    expect(endpoint.received.filter((r) => r.payload === null)).toEqual([]);
    // No email went to the provider, which asked for none.
    expect(await listOutbox(world.deps.db, { requestId: request.id })).toEqual([]);
  });

  it("sends nothing to a provider without an endpoint, and nothing of one provider's to another's endpoint", async () => {
    const before = endpoint.received.length;
    await world.create(OTHER_GYM.id);
    await world.create(ACME_GYM.id);
    await deliverQueued(world.deps);
    expect(endpoint.received.length).toBe(before);
  });

  it('disables the endpoint after a 410 Gone, until its URL is set again', async () => {
    await world.create(QUIET_GYM.id);
    endpoint.answerNext(410);
    await deliverQueued(world.deps);
    const before = endpoint.received.length;
    await world.create(QUIET_GYM.id);
    await deliverQueued(world.deps);
    expect(endpoint.received.length).toBe(before);
    const again = await setProviderWebhook(world.deps, QUIET_GYM.id, endpoint.url);
    endpoint.useSecret(again.kind === 'done' ? again.endpoint.webhookSecret! : '');
    await world.create(QUIET_GYM.id);
    await deliverQueued(world.deps);
    expect(endpoint.received.length).toBe(before + 1);
  });

  it('stops once the endpoint is removed', async () => {
    await setProviderWebhook(world.deps, QUIET_GYM.id, null);
    const before = endpoint.received.length;
    await world.create(QUIET_GYM.id);
    await deliverQueued(world.deps);
    expect(endpoint.received.length).toBe(before);
  });
});

describe('provider webhook endpoints under the app webhooks rules (SSRF)', async () => {
  const world = await providerApiWorld();
  const production = { ...world.deps, config: { ...world.deps.config, environment: 'production' as const } };

  it.each([
    ['http://hooks.example.com/in', 'must use https in production'],
    ['https://127.0.0.1/in', 'must not point at a private, loopback or link-local address'],
    ['https://169.254.169.254/latest', 'must not point at a private, loopback or link-local address'],
    ['https://[::1]/in', 'must not point at a private, loopback or link-local address'],
    ['https://localhost/in', 'must not point at this machine'],
    ['https://user:pw@hooks.example.com/in', 'must not carry a user name or password'],
  ])('refuses %s in production', async (url, problem) => {
    expect(await setProviderWebhook(production, QUIET_GYM.id, url)).toEqual({ kind: 'invalid', fields: { webhookUrl: problem } });
  });

  it('takes a public https endpoint in production', async () => {
    expect(await setProviderWebhook(production, QUIET_GYM.id, 'https://hooks.example.com/in')).toMatchObject({ kind: 'done' });
  });
});
