import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Request } from 'autocannon';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, replyPaths } from '../../bench/endpoints.ts';
import { littleMeanMs, load } from '../../bench/load.ts';
import { startProcess } from '../../bench/processes.ts';
import { type BenchReport, type EndpointFigures, reportTable } from '../../bench/report.ts';
import { prepareDatabase, requestId, seedRequests } from '../../bench/seed.ts';
import { createApp } from '../../src/app.ts';
import { resendMailer } from '../../src/mail/resend.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { type FakeResend, startFakeResend } from '../support/fake-resend.ts';
import { freePort } from '../support/processes.ts';

// The benchmark's building blocks, kept from rotting by `npm test`: the data it seeds is what the app
// reads, every endpoint it loads answers as the bench expects, the load run counts what went wrong, and
// the report checks each target. No timing is asserted here: speed lives in `npm run bench`.

const SEEDED = 40;
const dir = mkdtempSync(join(tmpdir(), 'canceldesk-bench-test-'));
const env = {
  NODE_ENV: 'test',
  DATABASE_URL: `file:${join(dir, 'bench.db')}`,
  PUBLIC_URL: 'http://127.0.0.1:1',
  TOKEN_SECRETS: 'bench:0123456789abcdef0123456789abcdef01',
};
const now = new Date();
const { clientId, apiKey } = await prepareDatabase(env);
seedRequests(join(dir, 'bench.db'), { clientId, from: 0, count: SEEDED, status: 'sent', now });
const runtime = openNodeRuntime(env, () => {});
const app = createApp(runtime.deps);
afterAll(async () => {
  await runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

const replies = await replyPaths(runtime.deps.config.tokenKeys, SEEDED, now);
const targets = endpoints({ url: 'http://bench.invalid', apiKey, publicUrl: env.PUBLIC_URL }, SEEDED, replies, now);
const targetOf = (name: string) => targets.find((t) => t.name === name)!.target;

/** One request as autocannon would send it for this endpoint (its next path and body included). */
async function requestAs(name: string) {
  const target = targetOf(name);
  const base: Request = { method: target.method ?? 'GET', path: new URL(target.url).pathname + new URL(target.url).search, headers: target.headers ?? {} };
  const request = target.next ? target.next(base) : base;
  const response = await app.request(request.path!, { method: request.method, headers: request.headers, body: request.body });
  return { response, expected: target.expectStatus ?? 200 };
}

describe('the bench data and endpoints', () => {
  it('seeds requests the app API reads as its own', async () => {
    const response = await app.request(`/api/v1/cancellation-requests/${requestId(SEEDED - 1)}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: requestId(SEEDED - 1), status: 'sent', provider: 'acme-gym' });
  });

  it.each(['status poll', 'list poll', 'create', 'form GET', 'answer POST'])('loads %s with requests the app answers as expected', async (name) => {
    const { response, expected } = await requestAs(name);
    expect(response.status).toBe(expected);
  });

  it("queues the tails' backlog into a running service's database not due until it is all on disk, then due at once", () => {
    const ids = [0, 1, 2].map((i) => requestId(1_000 + i));
    const email = { subject: 'Cancellation request', html: '<p>hi</p>', text: 'hi' };
    seedRequests(join(dir, 'bench.db'), { clientId, from: 1_000, count: ids.length, status: 'queued', email, now, intoRunningService: true });
    const sqlite = new SQLite(join(dir, 'bench.db'), { readonly: true });
    const due = sqlite.prepare(`SELECT status, next_attempt_at FROM outbox WHERE request_id IN (${ids.map(() => '?').join(', ')})`).all(...ids);
    sqlite.close();
    expect(due).toEqual(ids.map(() => ({ status: 'queued', next_attempt_at: now.toISOString() })));
  });

  it('lists the newest changes in the list poll', async () => {
    const { response } = await requestAs('list poll');
    expect(((await response.json()) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });
});

describe('the floors', () => {
  const headers = { authorization: `Bearer ${apiKey}` };
  let floor: Awaited<ReturnType<typeof startProcess>>;
  let resend: FakeResend;
  let withLayers: string;
  beforeAll(async () => {
    resend = await startFakeResend({ recordContent: false });
    const layeredPort = await freePort();
    withLayers = `http://127.0.0.1:${layeredPort}`;
    floor = await startProcess(['--import', 'tsx', 'bench/floor-server.ts'], {
      ...env,
      DATABASE_FILE: join(dir, 'bench.db'),
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: resend.baseUrl,
      LAYERED_PORT: String(layeredPort),
    });
  });
  afterAll(async () => {
    await floor?.stop();
    await resend?.close();
  });
  const floorTargets = () => endpoints({ url: floor.url, apiKey, publicUrl: env.PUBLIC_URL }, SEEDED, replies, now);
  /** The floor's answer to the request the bench would send it for this endpoint. */
  const fromFloor = (name: string) => {
    const target = floorTargets().find((t) => t.name === name)!.target;
    const url = new URL(target.url);
    const request = target.next ? target.next({ path: url.pathname + url.search, body: undefined }) : { path: url.pathname + url.search };
    return fetch(`${url.origin}${request.path}`, { method: target.method ?? 'GET', headers: target.headers, body: request.body });
  };

  it('answers the status poll with the same body as the service, from the same database', async () => {
    const path = `/api/v1/cancellation-requests/${requestId(3)}`;
    const response = await fetch(`${floor.url}${path}`, { headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(await (await app.request(path, { headers })).json());
    expect((await fetch(`${floor.url}${path}`, { headers: { authorization: 'Bearer cdk_wrong' } })).status).toBe(401);
  });

  it("answers the status poll on its floor with the service's layers as the service does: the same body and ETag, 304, 401, 400, 404, a log line", async () => {
    const path = `/api/v1/cancellation-requests/${requestId(4)}`;
    const [layered, service] = [await fetch(`${withLayers}${path}`, { headers }), await app.request(path, { headers })];
    expect(layered.status).toBe(200);
    expect(layered.headers.get('etag')).toBe(service.headers.get('etag'));
    expect(await layered.json()).toEqual(await service.json());
    const again = await fetch(`${withLayers}${path}`, { headers: { ...headers, 'if-none-match': service.headers.get('etag')! } });
    expect(again.status).toBe(304);
    // The refusals, each answered as the service answers it.
    for (const [refused, init] of [
      ['/api/v1/cancellation-requests/cr_nope', { headers: { authorization: 'Bearer cdk_wrong' } }],
      ['/api/v1/cancellation-requests/cr_nope', {}],
      [`/api/v1/cancellation-requests/${'x'.repeat(65)}`, { headers }],
      ['/api/v1/cancellation-requests/cr_nope', { headers }],
    ] as const) {
      const [fromLayered, fromService] = [await fetch(`${withLayers}${refused}`, init), await app.request(refused, init)];
      expect([fromLayered.status, await fromLayered.json()]).toEqual([fromService.status, await fromService.json()]);
    }
    // The service's request log, written as `canceldesk serve` writes it (stderr, by turns of the event loop).
    await expect.poll(() => floor.output(), { timeout: 10_000 }).toContain(`--> GET ${path} 304 `);
  });

  it('lists the same page of changes as the service', async () => {
    const response = await fromFloor('list poll');
    const { response: service } = await requestAs('list poll');
    expect(((await response.json()) as { data: unknown[] }).data).toEqual(((await service.json()) as { data: unknown[] }).data);
  });

  it('creates a request the service reads as its own, with its email queued', async () => {
    const response = await fromFloor('create');
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string };
    const read = await app.request(`/api/v1/cancellation-requests/${created.id}`, { headers });
    expect(await read.json()).toMatchObject({ id: created.id, status: 'queued', provider: 'acme-gym' });
    const sqlite = new SQLite(join(dir, 'bench.db'), { readonly: true });
    const email = sqlite.prepare('SELECT subject, html FROM outbox JOIN outbox_bodies ON outbox_id = outbox.id WHERE request_id = ?').get(created.id);
    sqlite.close();
    expect(email).toMatchObject({ subject: expect.stringContaining('Jane Doe'), html: expect.stringContaining('/reply/ey') });
  });

  /** Every fetch of a reply link the floor recorded, as the service records them. */
  const fetchesRecorded = () => {
    const sqlite = new SQLite(join(dir, 'bench.db'), { readonly: true });
    const rows = sqlite.prepare("SELECT link_kind, method, kind FROM link_activity WHERE link_kind = 'reply' ORDER BY id").all();
    sqlite.close();
    return rows;
  };

  it('shows the reply form with the request on it, the fetch recorded as the service records it', async () => {
    const before = fetchesRecorded().length;
    const response = await fromFloor('form GET');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('CD-');
    expect(fetchesRecorded().slice(before)).toEqual([{ link_kind: 'reply', method: 'GET', kind: expect.any(String) }]);
  });

  it('records an answer the service then reports to the app', async () => {
    const answers = () => {
      const sqlite = new SQLite(join(dir, 'bench.db'), { readonly: true });
      const { n } = sqlite.prepare('SELECT count(*) AS n FROM request_answers WHERE request_id = ?').get(requestId(0)) as { n: number };
      sqlite.close();
      return n;
    };
    const before = answers();
    const fetchesBefore = fetchesRecorded().length;
    const response = await fromFloor('answer POST');
    expect(response.status).toBe(200);
    expect(answers()).toBe(before + 1);
    expect(fetchesRecorded().slice(fetchesBefore)).toEqual([{ link_kind: 'reply', method: 'POST', kind: expect.any(String) }]);
    const read = await app.request(`/api/v1/cancellation-requests/${requestId(0)}`, { headers });
    expect(await read.json()).toMatchObject({ status: 'answered', outcome: { type: 'cancelled' } });
  });

  // Last: once started, the sender's floor sends whatever is queued in the database from then on.
  it("sends a batch with the sender's floor and writes the same rows as the service's sender, each request its own change number", async () => {
    const email = { subject: 'Cancellation request', html: '<p>hi</p>', text: 'hi' };
    const sqlite = new SQLite(join(dir, 'bench.db'));
    // With a webhook endpoint, so the apps' webhook messages are written too.
    sqlite.prepare('UPDATE api_clients SET webhook_url = ? WHERE id = ?').run('https://app.test/hooks', clientId);
    try {
      const [byService, byFloor] = [2_000, 2_100].map((from) => [0, 1, 2].map((i) => requestId(from + i)));
      seedRequests(join(dir, 'bench.db'), { clientId, from: 2_000, count: 3, status: 'queued', email, now, intoRunningService: true });
      await drainOutbox({ ...runtime.deps, mailer: resendMailer({ apiKey: 're_test', baseUrl: resend.baseUrl }) });
      const seqBefore = (sqlite.prepare('SELECT max(change_seq) AS n FROM cancellation_requests').get() as { n: number }).n;
      seedRequests(join(dir, 'bench.db'), { clientId, from: 2_100, count: 3, status: 'queued', email, now, intoRunningService: true });
      expect((await fetch(`${floor.url}/bench/start-sender`, { method: 'POST' })).status).toBe(204);
      const unsent = sqlite.prepare(`SELECT count(*) AS n FROM outbox WHERE status <> 'sent' AND request_id IN (?, ?, ?)`);
      await expect.poll(() => (unsent.get(...byFloor!) as { n: number }).n, { timeout: 10_000 }).toBe(0);

      // Every row the two senders wrote, without its ids and times.
      const written = (ids: string[]) =>
        ids.map((id) => ({
          email: sqlite.prepare("SELECT status, attempts, lease_until, last_error, provider_message_id IS NOT NULL AS has_message_id, sent_at IS NOT NULL AS has_sent_at FROM outbox WHERE request_id = ?").get(id),
          request: sqlite.prepare('SELECT status, reminders_sent, waiting_since = updated_at AS waits_since, lifecycle_due_at = updated_at AS due FROM cancellation_requests WHERE id = ?').get(id),
          history: sqlite.prepare("SELECT actor, event, detail FROM request_history WHERE request_id = ? AND event <> 'created'").all(id),
          webhooks: sqlite.prepare('SELECT client_id, event, status, outcome, answered_at, follow_up, first_opened_at, updated_at = created_at AS now FROM webhook_messages WHERE request_id = ?').all(id),
        }));
      expect(written(byFloor!)).toEqual(written(byService!));
      expect(written(byFloor!)[0]).toMatchObject({ request: { status: 'sent' }, history: [{ event: 'email_sent' }], webhooks: [{ event: 'cancellation_request.sent' }] });
      const seqs = byFloor!.map((id) => (sqlite.prepare('SELECT change_seq FROM cancellation_requests WHERE id = ?').get(id) as { change_seq: number }).change_seq);
      expect(new Set(seqs).size).toBe(3);
      expect(Math.min(...seqs)).toBeGreaterThan(seqBefore);
      const read = await app.request(`/api/v1/cancellation-requests/${byFloor![0]}`, { headers });
      expect(await read.json()).toMatchObject({ status: 'sent' });
    } finally {
      sqlite.prepare('UPDATE api_clients SET webhook_url = NULL WHERE id = ?').run(clientId);
      sqlite.close();
    }
  });
});

describe('a load run', () => {
  it('counts an unexpected status as an error', async () => {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      // Node's own Request and Response stay global: test files share a worker's globals (isolate: false).
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await load({ url: `${url}/healthz` }, 1);
      expect(ok.errors).toBe(0);
      expect(ok.reqPerSec).toBeGreaterThan(0);
      const missing = await load({ url: `${url}/no-such-page` }, 1);
      expect(missing.errors).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });
});

describe('the report', () => {
  const figures = { reqPerSec: 1000, p50Ms: 1, p99Ms: 4, meanMs: 1.2, errors: 0 };
  const report: BenchReport = {
    date: '2026-11-22T00:00:00.000Z',
    quick: false,
    machine: { cpu: 'test', cores: 2, node: 'v20', loadBefore: [0, 0, 0] },
    http: [
      { name: 'status poll', ...figures, bareReqPerSec: 1250, ratio: 0.8, floor: { ...figures, reqPerSec: 1100, p99Ms: 3, ratio: 0.88 }, floorShare: 0.91, minFloorShare: 0.8 },
      { name: 'create', ...figures, errors: 3, bareReqPerSec: 2000, ratio: 0.5, floor: { ...figures, ratio: 0.6 }, floorShare: 0.83, minFloorShare: 0.6 },
    ],
    render: { emailsPerSecond: 1500 },
    dispatch: { emails: 100_000, seconds: 40, emailsPerSecond: 2500, serverCpuSeconds: 31.5, peakRssMb: 90 },
    scale: { smallRows: 10_000, largeRows: 1_000_000, small: figures, large: { ...figures, meanMs: 1.5 }, meanMs: { small: 1.2, large: 1.5 }, meanLatencyRatio: 1.25, seedSeconds: 10 },
    peakRssMb: 120,
  };
  /** Each row's verdict (the last column) by its measure (the first). */
  const verdicts = (r: BenchReport) =>
    Object.fromEntries(reportTable(r).split('\n').slice(2).map((line) => [line.split(' | ')[0]!.slice(2), line.trim().split(' | ').at(-1)!.replace(/ \|$/, '')]));
  const rows = verdicts(report);

  it('marks each target met or not, errors included', () => {
    expect(rows['status poll']).toBe('yes (0.91× floor)');
    expect(rows.create).toBe('NO (0.83× floor)');
    expect(rows['email render (HTML + text, 7 identifiers)']).toBe('NO');
    expect(rows['dispatch 100,000 emails (batches of 100)']).toBe('yes');
    expect(rows['status poll at 1,000,000 vs 10,000 requests']).toBe('yes (1.25)');
    expect(rows['peak RSS of the service']).toBe('yes');
  });

  it("takes the scale's mean latency from the rate over 50 connections, not from autocannon's whole milliseconds", () => {
    // autocannon cuts each latency down to the millisecond: polls answered in 2 ms on average can read 1.29 ms there.
    expect(littleMeanMs({ ...figures, reqPerSec: 25_000, meanMs: 1.29 })).toBe(2);
  });

  it('tells a target missed from one its floor misses too', () => {
    const tail = (p99Ms: number) => ({ ...figures, p50Ms: 20, p99Ms, backlog: 20_000, stillQueued: 5_000 });
    const [statusPoll, create] = report.http as [EndpointFigures, EndpointFigures];
    const missed = {
      ...report,
      http: [
        { ...statusPoll, whileDispatching: tail(80), floor: { ...statusPoll.floor, whileDispatching: tail(70) } },
        { ...create, whileDispatching: tail(80), floor: { ...create.floor, whileDispatching: tail(40) } },
      ],
      peakRssMb: 200,
      floorPeakRssMb: 180,
    };
    const rowsOf = verdicts(missed);
    expect(rowsOf['status poll while dispatching 20,000 emails']).toBe('NO; its floor neither');
    expect(rowsOf['create while dispatching 20,000 emails']).toBe('NO');
    expect(rowsOf['peak RSS of the service']).toBe('NO; its floor neither');
    expect(reportTable(missed)).toContain('(floor server, the same loads and dispatching: 180 MB)');
  });

  it('tells a share missed from one its floor with the layers the service keeps misses too', () => {
    const [statusPoll] = report.http as [EndpointFigures];
    const layered = (floorShare: number) => ({ ...figures, ratio: 0.7, floorShare, floorCpuShare: floorShare - 0.01 });
    const below = verdicts({ ...report, http: [{ ...statusPoll, floorShare: 0.67, floorWithLayers: layered(0.74) }] });
    expect(below['status poll']).toBe('NO; its floor with the layers neither (0.67× floor)');
    expect(below["status poll's floor with the layers the service keeps (log line, key, id check, ETag)"]).toBe('NO (0.74× floor; by CPU 0.73×)');
    const above = verdicts({ ...report, http: [{ ...statusPoll, floorShare: 0.67, floorWithLayers: layered(0.85) }] });
    expect(above['status poll']).toBe('NO (0.67× floor)');
    expect(above["status poll's floor with the layers the service keeps (log line, key, id check, ETag)"]).toBe('yes (0.85× floor; by CPU 0.84×)');
    // A floor that answered with errors proves nothing; nor does it speak for errors where the share was reached.
    const failing = verdicts({ ...report, http: [{ ...statusPoll, floorShare: 0.67, floorWithLayers: { ...layered(0.74), errors: 5 } }] });
    expect(failing['status poll']).toBe('NO (0.67× floor)');
    const erring = verdicts({ ...report, http: [{ ...statusPoll, floorShare: 0.91, errors: 2, floorWithLayers: layered(0.74) }] });
    expect(erring['status poll']).toBe('NO (0.91× floor)');
  });

  it('shows the server\'s CPU time beside the dispatch\'s wall time', () => {
    expect(reportTable(report)).toContain('40.0 s, 2,500 emails/s, server CPU 31.5 s');
  });

  it('shows each endpoint\'s floor beside its ratio to bare Hono', () => {
    expect(reportTable(report)).toContain('0.80× of 1,250 (floor 0.88×: 1,100 req/s, p99 3 ms)');
  });
});
