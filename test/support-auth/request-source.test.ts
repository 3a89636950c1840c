import { once } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { UNKNOWN_SOURCE, requestSource, sourceOf } from '../../src/http/request-source.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { FAILURES_ALLOWED } from '../../src/support/login-throttle.ts';
import { addSupporter } from '../support/support-accounts.ts';
import { testDeps } from '../support/test-deps.ts';

// Where a login comes from: the unit its failures are counted under and its share of the gate is held by.

describe('the source of an address', () => {
  it.each([
    ['an IPv4 address', '203.0.113.7', '203.0.113.7'],
    ['an IPv4-mapped IPv6 address (Node on a dual-stack socket)', '::ffff:203.0.113.7', '203.0.113.7'],
    ['an IPv6 address: its /64', '2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['another address in the same /64', '2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['no address', undefined, UNKNOWN_SOURCE],
    ['something that is not an address', 'not-an-address', UNKNOWN_SOURCE],
  ])('%s', (_, address, source) => {
    expect(sourceOf(address)).toBe(source);
  });
});

/** The source the app would see for a request with these headers, the runtime reporting `socket`. */
async function sourceSeen(config: Config, headers: Record<string, string>, socket?: string) {
  const app = new Hono().get('/', (c) => c.text(requestSource(c, { config, clientAddress: () => socket })));
  return (await app.request('/', { headers })).text();
}

describe('the source of a request', () => {
  const direct = loadConfig({});
  const proxied = loadConfig({ TRUSTED_CLIENT_IP_HEADER: 'X-Forwarded-For' });

  it('without a trusted header, is the runtime’s address, whatever headers the client sends', async () => {
    expect(await sourceSeen(direct, { 'x-forwarded-for': '198.51.100.1', 'cf-connecting-ip': '198.51.100.2' }, '203.0.113.7')).toBe('203.0.113.7');
  });

  it('behind the trusted proxy, is the last address of its header (the one the proxy added)', async () => {
    expect(await sourceSeen(proxied, { 'x-forwarded-for': '198.51.100.1, 203.0.113.8' }, '10.0.0.2')).toBe('203.0.113.8');
  });

  it('falls back to the runtime’s address when the trusted header is missing', async () => {
    expect(await sourceSeen(proxied, {}, '10.0.0.2')).toBe('10.0.0.2');
  });

  it('on Node is the socket’s peer address, and none for a request made in process', async () => {
    const { deps } = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: 'file::memory:' }, () => {});
    expect(deps.clientAddress({ env: undefined } as never)).toBeUndefined();
    await deps.db.destroy();
  });
});

describe('the Node server', async () => {
  const { deps } = await testDeps();
  const agent = await addSupporter(deps, 'socket@example.com');
  const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
  await once(server, 'listening');
  afterAll(() => void server.close());

  /** A JSON login over a real connection whose local end is `from` (any 127/8 address reaches loopback). */
  const logInFrom = (from: string, password: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: (server.address() as AddressInfo).port, localAddress: from, method: 'POST', path: '/api/v1/support/sessions', headers: { 'content-type': 'application/json' } },
        (res) => res.resume().on('end', () => resolve(res.statusCode!)),
      );
      req.on('error', reject).end(JSON.stringify({ email: agent.email, password }));
    });

  it('counts wrong tries per socket address', async () => {
    for (let i = 0; i < FAILURES_ALLOWED; i++) expect(await logInFrom('127.0.0.2', 'wrong')).toBe(401);
    expect(await logInFrom('127.0.0.2', agent.password)).toBe(429);
    expect(await logInFrom('127.0.0.3', agent.password)).toBe(201);
  });
});
