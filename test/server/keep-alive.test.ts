import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { serveHttp } from '../../src/node-http.ts';
import { issueInboxLink } from '../../src/provider-inbox/inbox-link.ts';
import { ACME_GYM, addClient, addProviders, testDeps } from '../support/test-deps.ts';

// THREATS 19: an answer sent before the body was read must not leave the client's kept-alive connection half-used.
const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';
const PUBLIC_URL = 'https://canceldesk.test';
const { app, deps } = await testDeps({ ADMIN_TOKEN, RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
const { apiKey } = await addClient(deps);
await addProviders(deps, ACME_GYM);
const inboxLink = await issueInboxLink(deps, ACME_GYM.id);
if (inboxLink.kind !== 'issued') throw new Error('no inbox link');
/** The provider's inbox page: its answers and its CSV upload are posted under it. */
const INBOX = new URL(inboxLink.url).pathname;

const server = serveHttp(app, { port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false });
await new Promise<void>((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
let connectionsOpened = 0;
server.on('connection', () => connectionsOpened++);
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const MB = 1024 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };
const APP = { authorization: `Bearer ${apiKey}`, ...JSON_TYPE };
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}`, ...JSON_TYPE };
const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: PUBLIC_URL };
const UPLOAD = { 'content-type': 'multipart/form-data; boundary=x', origin: PUBLIC_URL };

/** `size` bytes sent whole, with their Content-Length. */
const declared = (size: number) => Buffer.alloc(size, 'a');
/** `size` bytes sent chunked (no length), 64 KB at a time. */
const chunked = (size: number) =>
  Readable.from(async function* () {
    for (let sent = 0; sent < size; sent += 64 * 1024) yield Buffer.alloc(Math.min(64 * 1024, size - sent), 'a');
  }());
const SLOW_PARTS = ['{"provider":', '"acme-gym"}'];
/** A small body, its length declared, whose second half comes late: an answer before it is an answer before the body arrived. */
const slow = () =>
  Readable.from(async function* () {
    yield Buffer.from(SLOW_PARTS[0]!);
    await sleep(200);
    yield Buffer.from(SLOW_PARTS[1]!);
  }());
const SLOW_LENGTH = { 'content-length': String(SLOW_PARTS.join('').length) };

type Refusal = { name: string; path: string; headers: Record<string, string>; body: () => Buffer | Readable; status: number };
const refusals: Refusal[] = [
  { name: 'app API create, 2 MB by Content-Length', path: '/api/v1/cancellation-requests', headers: APP, body: () => declared(2 * MB), status: 413 },
  { name: 'app API create, 2 MB chunked', path: '/api/v1/cancellation-requests', headers: APP, body: () => chunked(2 * MB), status: 413 },
  { name: 'app API create, 415 before the body arrived', path: '/api/v1/cancellation-requests', headers: { ...APP, 'content-type': 'text/plain', ...SLOW_LENGTH }, body: slow, status: 415 },
  { name: 'app API create, 401 before the body arrived', path: '/api/v1/cancellation-requests', headers: { ...JSON_TYPE, ...SLOW_LENGTH }, body: slow, status: 401 },
  { name: 'reply form, 2 MB by Content-Length', path: '/reply/some-token', headers: FORM, body: () => declared(2 * MB), status: 413 },
  { name: 'reply form, 2 MB chunked', path: '/reply/some-token', headers: FORM, body: () => chunked(2 * MB), status: 413 },
  { name: 'provider inbox answer, 2 MB by Content-Length', path: `${INBOX}/requests/cr_x`, headers: FORM, body: () => declared(2 * MB), status: 413 },
  { name: 'provider inbox CSV upload, 3 MB by Content-Length', path: `${INBOX}/answers.csv`, headers: UPLOAD, body: () => declared(3 * MB), status: 413 },
  { name: 'provider inbox CSV upload, 3 MB chunked', path: `${INBOX}/answers.csv`, headers: UPLOAD, body: () => chunked(3 * MB), status: 413 },
  { name: 'support login form, 2 MB by Content-Length', path: '/support/login', headers: FORM, body: () => declared(2 * MB), status: 413 },
  { name: 'support console action, signed out before the body arrived', path: '/support/requests/CD-X/note', headers: { ...FORM, ...SLOW_LENGTH }, body: slow, status: 303 },
  { name: 'support JSON sign-in, 2 MB by Content-Length', path: '/api/v1/support/sessions', headers: JSON_TYPE, body: () => declared(2 * MB), status: 413 },
  { name: 'support JSON sign-in, 2 MB chunked', path: '/api/v1/support/sessions', headers: JSON_TYPE, body: () => chunked(2 * MB), status: 413 },
  { name: 'admin API, 2 MB by Content-Length', path: '/api/v1/admin/providers', headers: ADMIN, body: () => declared(2 * MB), status: 413 },
  { name: 'admin API, 2 MB chunked', path: '/api/v1/admin/providers', headers: ADMIN, body: () => chunked(2 * MB), status: 413 },
  { name: 'admin API, 401 before the body arrived', path: '/api/v1/admin/providers', headers: { ...JSON_TYPE, ...SLOW_LENGTH }, body: slow, status: 401 },
  { name: 'admin inbound mail, 12 MB by Content-Length', path: '/api/v1/admin/inbound', headers: { ...ADMIN, 'content-type': 'message/rfc822' }, body: () => declared(12 * MB), status: 413 },
  { name: 'admin inbound mail, 12 MB chunked', path: '/api/v1/admin/inbound', headers: { ...ADMIN, 'content-type': 'message/rfc822' }, body: () => chunked(12 * MB), status: 413 },
  { name: 'admin inbound mail, 415 before the body arrived', path: '/api/v1/admin/inbound', headers: { ...ADMIN, ...SLOW_LENGTH }, body: slow, status: 415 },
  { name: 'Resend webhook, 2 MB by Content-Length', path: '/webhooks/resend', headers: JSON_TYPE, body: () => declared(2 * MB), status: 413 },
  { name: 'Resend webhook, 2 MB chunked', path: '/webhooks/resend', headers: JSON_TYPE, body: () => chunked(2 * MB), status: 413 },
];

describe('a keep-alive client after a refused body (THREATS 19)', () => {
  it.each(refusals)('$name: the refusal arrives and the next request on the connection succeeds', async ({ path, headers, body, status }) => {
    // One connection at most, kept alive: the next request goes on the refused one unless it was closed.
    const agent = new Agent({ connections: 1, pipelining: 1 });
    try {
      const before = connectionsOpened;
      const refused = await request(`${origin}${path}`, { method: 'POST', headers, body: body(), dispatcher: agent });
      expect(refused.statusCode).toBe(status);
      await refused.body.text();
      const next = await request(`${origin}/api/v1/cancellation-requests`, { method: 'POST', headers: APP, body: '{}', dispatcher: agent });
      expect(next.statusCode).toBe(400);
      expect(((await next.body.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
      // Either the same connection served both, or the refusal said it would close it.
      if (refused.headers.connection !== 'close') expect(connectionsOpened - before).toBe(1);
    } finally {
      await agent.close();
    }
  });

  it('closes the connection, saying so, when a 10 MB message is refused by its declared length', async () => {
    const agent = new Agent({ connections: 1 });
    try {
      const refused = await request(`${origin}/api/v1/admin/inbound`, { method: 'POST', headers: { ...ADMIN, 'content-type': 'message/rfc822' }, body: declared(12 * MB), dispatcher: agent });
      expect(refused.statusCode).toBe(413);
      expect(refused.headers.connection).toBe('close');
      await refused.body.text();
    } finally {
      await agent.close();
    }
  });

  it('keeps the connection when a small body had fully arrived, unread, before a 401', async () => {
    // node:http sends the headers and a small body in one write: the body is in before the answer is.
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const post = (headers: Record<string, string>) =>
      new Promise<{ response: IncomingMessage; reused: boolean; localPort: number | undefined }>((resolve, reject) => {
        const req = httpRequest(`${origin}/api/v1/cancellation-requests`, { method: 'POST', agent, headers: { ...headers, 'content-length': '2' } }, (response) => {
          response.resume();
          response.on('end', () => resolve({ response, reused: req.reusedSocket, localPort: req.socket?.localPort }));
        });
        req.on('error', reject);
        req.end('{}');
      });
    try {
      const refused = await post(JSON_TYPE);
      expect(refused.response.statusCode).toBe(401);
      expect(refused.response.headers.connection).toBe('keep-alive');
      const next = await post(APP);
      expect(next.response.statusCode).toBe(400);
      expect(next.reused).toBe(true);
      expect(next.localPort).toBe(refused.localPort);
    } finally {
      agent.destroy();
    }
  });
});
