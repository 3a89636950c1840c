import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/node-http.ts';
import { providerCsvWorld } from '../support/provider-csv-world.ts';

// THREATS 19 for the provider's CSV upload, until its routes are mounted in createApp (and so in keep-alive.test.ts's census).
const world = await providerCsvWorld();
const server = serveHttp(world.app, { port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
await new Promise<void>((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
let connectionsOpened = 0;
server.on('connection', () => connectionsOpened++);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const MB = 1024 * 1024;
const UPLOAD = { 'content-type': 'multipart/form-data; boundary=x', 'sec-fetch-site': 'same-origin' };
const chunked = (size: number) =>
  Readable.from(async function* () {
    for (let sent = 0; sent < size; sent += 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, size - sent), 'a');
  }());

describe('a keep-alive client after a refused CSV upload (THREATS 19)', () => {
  it.each([
    ['3 MB by Content-Length', () => Buffer.alloc(3 * MB, 'a')],
    ['3 MB chunked', () => chunked(3 * MB)],
  ])('%s: the 413 page arrives and the next request on the connection succeeds', async (_, body) => {
    const agent = new Agent({ connections: 1, pipelining: 1 });
    try {
      const before = connectionsOpened;
      const refused = await request(`${origin}/provider/acme-gym/answers.csv`, { method: 'POST', headers: UPLOAD, body: body(), dispatcher: agent });
      expect(refused.statusCode).toBe(413);
      expect(await refused.body.text()).toContain('The file is larger than 2 MB.');
      const next = await request(`${origin}/provider/acme-gym/open.csv`, { dispatcher: agent });
      expect(next.statusCode).toBe(200);
      await next.body.text();
      if (refused.headers.connection !== 'close') expect(connectionsOpened - before).toBe(1);
    } finally {
      await agent.close();
    }
  });
});
