import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../src/config.ts';
import { UNKNOWN_SOURCE, requestSource, sourceOf } from '../../src/http/request-source.ts';
import { openNodeRuntime } from '../../src/node.ts';

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
    const overSocket = { env: { incoming: { socket: { remoteAddress: '::ffff:203.0.113.9', remotePort: 50000, remoteFamily: 'IPv6' } } } };
    expect(deps.clientAddress(overSocket as never)).toBe('::ffff:203.0.113.9');
    expect(deps.clientAddress({ env: undefined } as never)).toBeUndefined();
    await deps.db.destroy();
  });
});
