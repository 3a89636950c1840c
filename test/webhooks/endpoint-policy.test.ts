import type { LookupAddress, lookup } from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/clients/api-clients.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { publicOnlyTransport } from '../../src/node.ts';
import { webhookUrlProblem } from '../../src/webhooks/endpoint-policy.ts';
import { startFakeApp } from '../support/fake-app.ts';
import { replyWorld } from '../support/reply-world.ts';
import { ACME_GYM, apiAs, JANE } from '../support/test-deps.ts';

describe('which webhook URLs an app may give, in production', () => {
  it.each([
    'https://127.0.0.1/hooks',
    'https://127.1/hooks', // the URL parser reads it as 127.0.0.1
    'https://2130706433/hooks',
    'https://localhost/hooks',
    'https://api.localhost/hooks',
    'https://10.0.0.5/hooks',
    'https://172.16.3.4/hooks',
    'https://192.168.1.10/hooks',
    'https://169.254.169.254/latest/meta-data', // the cloud metadata address
    'https://100.64.0.1/hooks',
    'https://0.0.0.0/hooks',
    'https://[::1]/hooks',
    'https://[fe80::1]/hooks',
    'https://[fd00::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
  ])('refuses %s', (url) => {
    expect(webhookUrlProblem(url, 'production')).toMatch(/must not point at/);
  });

  it('refuses plain http, credentials in the URL and things that are not URLs', () => {
    expect(webhookUrlProblem('http://hooks.example.com/x', 'production')).toBe('must use https in production');
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/x', 'production')).toBe('must not carry a user name or password');
    expect(webhookUrlProblem('ftp://hooks.example.com/x', 'production')).toBe('must be an absolute http(s) URL');
    expect(webhookUrlProblem('/hooks', 'production')).toBe('must be an absolute http(s) URL');
  });

  it('takes public https endpoints', () => {
    expect(webhookUrlProblem('https://hooks.example.com/canceldesk', 'production')).toBeNull();
    expect(webhookUrlProblem('https://93.184.215.14:8443/hooks', 'production')).toBeNull();
    expect(webhookUrlProblem('https://[2606:4700::1111]/hooks', 'production')).toBeNull();
  });

  it('lets development and tests use loopback', () => {
    expect(webhookUrlProblem('http://127.0.0.1:9999/hooks', 'development')).toBeNull();
  });
});

describe('delivery in production', async () => {
  const endpoint = await startFakeApp();
  afterAll(() => endpoint.close());

  it('refuses a name that resolves to a loopback address at connection time (DNS rebinding included)', async () => {
    // "hooks.example.com" passed the URL check; at connect time DNS says 127.0.0.1, where the fake app listens.
    const rebinding = ((_host: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
      callback(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as typeof lookup;
    const result = await publicOnlyTransport(rebinding).post(`http://hooks.example.com:${endpoint.port}/hooks`, { headers: {}, body: '{}', timeoutMs: 2_000 });
    expect(result).toEqual({ error: expect.stringContaining('private, loopback or link-local') });
    expect(endpoint.received).toHaveLength(0);
  });

  it('connects when DNS gives a public address (the guard is not just refusing everything)', async () => {
    const publicThenLocal = ((_host: string, _options: unknown, callback: (e: null, a: LookupAddress[]) => void) =>
      callback(null, [{ address: '93.184.215.14', family: 4 }])) as unknown as typeof lookup;
    const result = await publicOnlyTransport(publicThenLocal).post('http://hooks.example.com:9/hooks', { headers: {}, body: '{}', timeoutMs: 500 });
    // It got past the guard and tried the network (unreachable here): a network error, not the guard's.
    expect(result).toEqual({ error: expect.not.stringContaining('private, loopback or link-local') });
  });

  it('never posts to an endpoint stored before the rules tightened: the message fails, the app gets nothing', async () => {
    const world = await replyWorld();
    const created = await createApiClient(world.deps, { name: 'Old app', webhookUrl: endpoint.url });
    if (created.kind === 'invalid') throw new Error('setup');
    Object.assign(world.deps.config, { environment: 'production' });
    const response = await apiAs(world.app, created.client.apiKey).post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE });
    expect(response.status).toBe(201);
    await runScheduledWork(world.deps);
    expect(endpoint.received).toHaveLength(0);
    const [message] = await world.deps.db.selectFrom('webhook_messages').select(['state', 'last_error']).execute();
    expect(message).toEqual({ state: 'failed', last_error: 'refused: the endpoint must not point at a private, loopback or link-local address' });
  });
});

/** A server on 127.0.0.1 that counts what reaches it and answers each request with `respond`'s status and headers. */
async function startServer(respond: (url: URL) => { status: number; headers?: Record<string, string> }) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    hits.push(`${req.method} ${url.pathname}`);
    const { status, headers } = respond(url);
    req.resume();
    res.writeHead(status, headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { port: (server.address() as AddressInfo).port, hits };
}

describe('redirects from a webhook endpoint', async () => {
  // What a redirect would lead to: a service on a private address (this machine's loopback, here).
  const internal = await startServer(() => ({ status: 200 }));
  const internalUrl = `http://127.0.0.1:${internal.port}/internal`;
  // An endpoint that answers every webhook with a 302 to the address in its `to` parameter.
  const redirecting = await startServer((url) => ({ status: 302, headers: { location: url.searchParams.get('to')! } }));
  const endpointPath = (to: string) => `:${redirecting.port}/hooks?to=${encodeURIComponent(to)}`;
  const world = await replyWorld();

  it.each([
    ['a host name', `http://localhost${endpointPath(internalUrl)}`],
    ['an IP literal', `http://127.0.0.1${endpointPath(internalUrl)}`],
  ])('are not followed for an endpoint given as %s: the attempt fails with the 302 and is retried later', async (_, webhookUrl) => {
    const created = await createApiClient(world.deps, { name: `Redirecting app ${webhookUrl}`, webhookUrl });
    if (created.kind === 'invalid') throw new Error('setup');
    const before = redirecting.hits.length;
    const response = await apiAs(world.app, created.client.apiKey).post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE });
    const { id } = (await response.json()) as { id: string };
    await runScheduledWork(world.deps);
    expect(redirecting.hits.length).toBe(before + 1);
    expect(internal.hits).toEqual([]);
    const message = await world.deps.db.selectFrom('webhook_messages').select(['state', 'last_error']).where('request_id', '=', id).executeTakeFirstOrThrow();
    expect(message).toEqual({ state: 'pending', last_error: 'the endpoint answered 302' });
  });

  it.each([
    ['a loopback address', internalUrl],
    // Another spelling of it; not the real metadata address, which a broken test would then contact.
    ['an IPv4-mapped IPv6 loopback address', `http://[::ffff:127.0.0.1]:${internal.port}/internal`],
  ])("are not followed by production's transport to %s, an IP literal its DNS guard would not see", async (_, to) => {
    // The endpoint is an IP literal too, so the guard (which sits in DNS lookup) lets it connect here.
    const resolverNeverAsked = (() => {
      throw new Error('no lookup expected for IP literals');
    }) as unknown as typeof lookup;
    const result = await publicOnlyTransport(resolverNeverAsked).post(`http://127.0.0.1${endpointPath(to)}`, { headers: {}, body: '{}', timeoutMs: 2_000 });
    expect(result).toEqual({ status: 302 });
    expect(internal.hits).toEqual([]);
  });
});
