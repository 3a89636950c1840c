import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Canceldesk } from '../../packages/client/src/index.ts';
import { createCancellationRequest } from '../../src/requests/create.ts';
import { FAILURES_ALLOWED, WINDOW_MS, forgetStaleLoginFailures } from '../../src/support/login-throttle.ts';
import worker from '../../src/worker.ts';
import { d1Deps, oneByOne } from './support/d1-deps.ts';
import { JANE, ORIGIN, admin, appApi, d1, dayFromToday, dispatch, provider, replyPathIn, seedProviderAndClient } from './support/worker-world.ts';

describe('the Workers entry inside workerd', () => {
  it('answers the health check', async () => {
    const response = await dispatch('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('runs the whole flow on D1: create → email in the outbox → form → answer → the app sees the outcome', async () => {
    const { apiKey } = await seedProviderAndClient('flow-gym');
    const app = appApi(apiKey);

    const created = await app.create('flow-gym');
    expect(created.status, await created.clone().text()).toBe(201);
    const request = (await created.json()) as { id: string; status: string; outcome: unknown };
    expect(request).toMatchObject({ status: 'queued', provider: 'flow-gym', outcome: null });

    // The drain the worker handed to ctx.waitUntil after the response has sent it (local outbox mailer).
    const outbox = await admin.get(`/outbox?request=${request.id}`);
    expect(outbox.status).toBe(200);
    const emails = (await outbox.json()) as { requestId: string; status: string; to: string[]; subject: string; text: string }[];
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ requestId: request.id, status: 'sent', to: ['cancellations@flow-gym.example'] });
    expect((await d1.request(request.id))?.status).toBe('sent');

    const link = replyPathIn(emails[0]!.text);
    const form = await dispatch(link);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('<form');
    expect(page).toContain('Member number');

    const accessUntil = dayFromToday(30);
    const answered = await dispatch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ outcome: 'cancelled', date: accessUntil }),
    });
    expect(answered.status, await answered.clone().text()).toBe(200);

    const seen = await app.get(request.id);
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ id: request.id, status: 'answered', outcome: { type: 'cancelled', accessUntil } });
    expect(await d1.historyOf(request.id)).toEqual(['created', 'email_sent', 'answered']);
  });

  it('stores one request and one email when the same Idempotency-Key arrives twice at once', async () => {
    const { apiKey } = await seedProviderAndClient('idem-gym');
    const app = appApi(apiKey);
    const key = { 'idempotency-key': 'order-4711' };

    const [first, second] = await Promise.all([app.create('idem-gym', key), app.create('idem-gym', key)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    const [a, b] = (await Promise.all([first.json(), second.json()])) as { id: string }[];
    expect(a!.id).toBe(b!.id);

    const requests = await d1.requestsFor('idem-gym');
    expect(requests.map((r) => r.id)).toEqual([a!.id]);
    expect(await d1.emailsFor(a!.id)).toHaveLength(1);
  });

  it('checks custom patterns in the isolate at import: a linear one passes (above), catastrophic backtracking and back-references are refused by field', async () => {
    const withPattern = (pattern: string) => ({ ...provider('pattern-gym'), identifiers: ['email', { key: 'member_number', label: 'Member number', pattern }] });
    for (const [pattern, message] of [['^(a+)+$', /exponential/], ['^(a|\\1a)*$', /back-reference/]] as const) {
      const res = await admin.post('/providers', [withPattern(pattern)]);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ '[0].identifiers[1].pattern': expect.stringMatching(message) });
    }
  });

  it("polls by sealed cursor and keyed ETag (node:crypto's HMAC inside workerd): a 304 for the same version, the same cursor while nothing changes", async () => {
    const { apiKey } = await seedProviderAndClient('poll-gym');
    const auth = { authorization: `Bearer ${apiKey}` };
    const { id } = (await (await appApi(apiKey).create('poll-gym')).json()) as { id: string };
    const etag = (await appApi(apiKey).get(id)).headers.get('etag')!;
    expect(etag).toMatch(/^"1\.[A-Za-z0-9_-]{16}"$/);
    expect((await dispatch(`/api/v1/cancellation-requests/${id}`, { headers: { ...auth, 'if-none-match': etag } })).status).toBe(304);

    const page = (await (await dispatch('/api/v1/cancellation-requests?updatedSince=2020-01-01T00:00:00Z', { headers: auth })).json()) as { data: { id: string }[]; nextCursor: string };
    expect(page.data.map((r) => r.id)).toEqual([id]);
    const quiet = await dispatch(`/api/v1/cancellation-requests?cursor=${page.nextCursor}`, { headers: auth });
    expect(await quiet.json()).toEqual({ data: [], nextCursor: page.nextCursor, hasMore: false });
  });

  it("answers bad input in our words inside workerd (the error map is the shared core's, not the Node entry's), a date alone as updatedSince, a wrong method with 405 and Allow", async () => {
    const { apiKey } = await seedProviderAndClient('wording-gym');
    const auth = { authorization: `Bearer ${apiKey}` };
    const refused = await dispatch('/api/v1/cancellation-requests?limit=0&updatedSince=yesterday', { headers: auth });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      'query.limit': 'must be at least 1',
      'query.updatedSince': 'must be a date (YYYY-MM-DD) or a date and time such as 2026-12-01T10:00:00Z',
    });
    expect((await dispatch('/api/v1/cancellation-requests?updatedSince=2020-01-01', { headers: auth })).status).toBe(200);
    const wrongMethod = await dispatch('/api/v1/cancellation-requests', { method: 'PUT', headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('drains the outbox from the cron trigger: an email no request drained is sent by scheduled()', async () => {
    const { clientId } = await seedProviderAndClient('cron-gym');
    // A create whose drain after the response never ran (the isolate went away first).
    const result = await createCancellationRequest(d1Deps(), clientId, { provider: 'cron-gym', customer: JANE }, null);
    expect(result.kind).toBe('created');
    const id = result.kind === 'created' ? result.request.id : '';
    expect(await d1.emailsFor(id)).toMatchObject([{ status: 'queued', sent_at: null }]);
    expect((await d1.request(id))?.status).toBe('queued');

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);

    expect(await d1.emailsFor(id)).toMatchObject([{ status: 'sent', sent_at: expect.any(String), provider_message_id: expect.stringMatching(/^local:/) }]);
    expect((await d1.request(id))?.status).toBe('sent');
    expect(await d1.historyOf(id)).toEqual(['created', 'email_sent']);
  });
});

/**
 * A create writes the request, its 'created' history entry and the email, in that order, as one D1
 * batch. A trigger makes the LAST of the three fail (the outbox refuses mail to refused.example), so
 * the first two have already run inside the batch when it fails: only atomicity takes them back.
 */
// The app's package runs on Workers too: no Node API in it (issue 18). Here it calls the worker itself.
describe('@canceldesk/client inside workerd', () => {
  it('creates, reads (a 304 answered from what it remembered) and pages the changes, with { data, error } and no throw', async () => {
    const { apiKey } = await seedProviderAndClient('client-gym');
    const statuses: number[] = [];
    const fetch = async (request: Request) => {
      const url = new URL(request.url);
      const response = await dispatch(url.pathname + url.search, request);
      statuses.push(response.status);
      return response;
    };
    const cd = new Canceldesk({ apiKey, baseUrl: ORIGIN, fetch });
    expect((await cd.providers.get('client-gym')).data).toMatchObject({ id: 'client-gym' });
    const created = await cd.requests.create({ provider: 'client-gym', customer: JANE });
    expect(created.error).toBeNull();
    const id = created.data!.id;
    // The create's drain (waitUntil) sends the email meanwhile: read until the request is sent, then once more.
    for (let read = 0; read < 50 && (await cd.requests.get(id)).data?.status !== 'sent'; read++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await cd.requests.get(id)).data).toMatchObject({ id, status: 'sent' });
    expect(statuses.at(-1)).toBe(304);
    const feed = cd.requests.changes();
    const seen: string[] = [];
    for await (const change of feed) seen.push(change.id);
    expect(seen).toContain(id);
    expect(feed.error).toBeNull();
    expect(feed.cursor).toEqual(expect.any(String));
    expect((await cd.requests.get('cr_nobody')).error).toMatchObject({ code: 'not_found', status: 404 });
  }, 60_000);
});

describe('a create on D1 is one atomic batch', () => {
  beforeAll(async () => {
    await env.DB.exec(
      `CREATE TRIGGER outbox_refuses_test_inbox BEFORE INSERT ON outbox WHEN NEW.recipients LIKE '%@refused.example%' BEGIN SELECT RAISE(ABORT, 'outbox refused by the test'); END;`,
    );
  });
  afterAll(async () => {
    await env.DB.exec('DROP TRIGGER IF EXISTS outbox_refuses_test_inbox;');
  });

  /** History without its request, requests without their email: what a half-applied create leaves. */
  const halfWritten = () =>
    env.DB.prepare(
      `SELECT (SELECT count(*) FROM request_history WHERE request_id NOT IN (SELECT id FROM cancellation_requests)) AS history,
              (SELECT count(*) FROM cancellation_requests r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.request_id = r.id)) AS requests`,
    ).first<{ history: number; requests: number }>();

  it('leaves nothing behind when its last statement (the email) fails: no request, no history', async () => {
    const { apiKey } = await seedProviderAndClient('refused-gym', ['cancellations@refused.example']);
    const response = await appApi(apiKey).create('refused-gym');

    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: 'internal_error', message: expect.any(String) } });
    expect(body).not.toMatch(/at .*\.ts|refused by the test|D1_ERROR/);

    expect(await d1.requestsFor('refused-gym')).toEqual([]);
    expect(await halfWritten()).toEqual({ history: 0, requests: 0 });
  });

  it('the same create goes through for a provider the trigger lets by (what failed above was the email insert)', async () => {
    const { apiKey } = await seedProviderAndClient('accepted-gym');
    const response = await appApi(apiKey).create('accepted-gym');
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(await d1.historyOf(id)).toEqual(['created', 'email_sent']);
    expect(await d1.emailsFor(id)).toHaveLength(1);
  });

  it('control: the same three statements run one by one would leave the request and its history behind', async () => {
    const { clientId } = await seedProviderAndClient('control-gym', ['control@refused.example']);
    const deps = d1Deps({ atomic: oneByOne(env.DB) });
    const create = createCancellationRequest(deps, clientId, { provider: 'control-gym', customer: JANE }, null);
    await expect(create).rejects.toThrow(/outbox refused by the test/);

    const [left] = await d1.requestsFor('control-gym');
    expect(left).toBeDefined();
    expect(await d1.historyOf(left!.id)).toEqual(['created']);
    expect(await halfWritten()).toEqual({ history: 0, requests: 1 });
    // Tidy up the half-written create, so the file's database stays as the service would leave it.
    await env.DB.batch([
      env.DB.prepare('DELETE FROM request_history WHERE request_id = ?').bind(left!.id),
      env.DB.prepare('DELETE FROM cancellation_requests WHERE id = ?').bind(left!.id),
    ]);
  });
});

describe('support logins on D1', () => {
  const logInFrom = (address: string, email: string, password: string) =>
    dispatch('/api/v1/support/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
      body: JSON.stringify({ email, password }),
    });

  it('counts wrong tries per CF-Connecting-IP: a guessing address waits, the supporter elsewhere gets in', async () => {
    const created = await admin.post('/support-accounts', { email: 'd1-agent@example.com' });
    expect(created.status, await created.clone().text()).toBe(201);
    const agent = (await created.json()) as { email: string; password: string };

    for (let i = 0; i < FAILURES_ALLOWED; i++) expect((await logInFrom('203.0.113.66', agent.email, 'wrong')).status).toBe(401);
    expect((await logInFrom('203.0.113.66', agent.email, agent.password)).status).toBe(429);
    expect((await logInFrom('192.0.2.10', agent.email, agent.password)).status).toBe(201);

    const rows = await env.DB.prepare('SELECT * FROM support_login_failures').all();
    expect(rows.results).toHaveLength(FAILURES_ALLOWED);
    expect(JSON.stringify(rows.results)).not.toMatch(/d1-agent|203\.0\.113/);
    // The scheduler's purge, once the window has passed, on D1's SQL.
    await forgetStaleLoginFailures(d1Deps({ clock: { now: () => new Date(Date.now() + WINDOW_MS + 1_000) } }));
    expect((await env.DB.prepare('SELECT * FROM support_login_failures').all()).results).toEqual([]);
  });
});
