import { describe, expect, it } from 'vitest';
import { Canceldesk } from '../../packages/client/src/index.ts';
import { DEFAULT_RETRY_POLICY, retryAfterMs, retryingFetch } from '../../packages/client/src/retrying-fetch.ts';
import { ACME_GYM, JANE, addClient, addProviders, testDeps } from '../support/test-deps.ts';
import { SERVICE_URL, appFetch, recordedSleep } from './support.ts';

// @canceldesk/client against the real app in process: each method, and what it does for the app on top
// of the HTTP calls (ETag caching, idempotency keys, retries, paging).

const { deps, app } = await testDeps();
await addProviders(deps, ACME_GYM);

/** A fresh API client (so its requests are its own) and a Canceldesk for it over `fetch`. */
async function canceldesk(fetch = appFetch(app).fetch, sleep = recordedSleep().sleep) {
  const { id, apiKey } = await addClient(deps);
  const requestsMade = async () => (await deps.db.selectFrom('cancellation_requests').select('id').where('client_id', '=', id).execute()).length;
  return { cd: new Canceldesk({ apiKey, baseUrl: SERVICE_URL, fetch, retry: { sleep } }), requestsMade };
}

const unavailable = () => Response.json({ error: { code: 'busy', message: 'Too busy right now' } }, { status: 503 });

describe('each method answers { data, error }', () => {
  it('providers.get gives the identifiers a provider asks for', async () => {
    const { cd } = await canceldesk();
    const { data, error } = await cd.providers.get('acme-gym');
    expect(error).toBeNull();
    expect(data!.name).toBe('Acme Gym');
    expect(data!.identifiers.map((identifier) => identifier.key)).toContain('member_number');
  });

  it('requests.create makes a request and requests.get reads it back', async () => {
    const { cd } = await canceldesk();
    const created = await cd.requests.create({ provider: 'acme-gym', customer: JANE, reference: 'app-7' });
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ status: 'queued', provider: 'acme-gym', reference: 'app-7' });
    const read = await cd.requests.get(created.data!.id);
    expect(read).toEqual({ data: created.data, error: null });
  });

  it('requests.list gives a page of the requests changed since a time', async () => {
    const { cd } = await canceldesk();
    const { data: made } = await cd.requests.create({ provider: 'acme-gym', customer: JANE });
    const { data, error } = await cd.requests.list({ updatedSince: new Date('2026-11-01T00:00:00Z'), limit: 10 });
    expect(error).toBeNull();
    expect(data!.data.map((request) => request.id)).toEqual([made!.id]);
    expect(data!.hasMore).toBe(false);
  });

  it('an API error is a value with its code, status and fields, not a throw', async () => {
    const { cd } = await canceldesk();
    expect(await cd.providers.get('no-such-gym')).toEqual({ data: null, error: { code: 'not_found', message: expect.any(String), status: 404 } });
    const invalid = await cd.requests.create({ provider: 'acme-gym', customer: { ...JANE, card_last4: '12' } });
    expect(invalid.data).toBeNull();
    expect(invalid.error).toMatchObject({ code: 'invalid_request', status: 400, fields: { 'customer.card_last4': expect.any(String) } });
    const stranger = new Canceldesk({ apiKey: 'not-a-key', baseUrl: SERVICE_URL, fetch: appFetch(app).fetch });
    expect((await stranger.requests.list()).error).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('a network failure that outlasts the retries is a network_error, not a throw', async () => {
    const { cd } = await canceldesk(appFetch(app, () => Promise.reject(new TypeError('fetch failed'))).fetch);
    expect(await cd.providers.get('acme-gym')).toEqual({ data: null, error: { code: 'network_error', message: 'fetch failed', status: null } });
  });
});

describe('requests.get and the ETag', () => {
  it('reads an unchanged request again with If-None-Match, and a 304 answers with the request it remembered', async () => {
    const { fetch, calls } = appFetch(app);
    const { cd } = await canceldesk(fetch);
    const { data: made } = await cd.requests.create({ provider: 'acme-gym', customer: JANE });
    const first = await cd.requests.get(made!.id);
    const second = await cd.requests.get(made!.id);
    expect(calls.filter((call) => call.method === 'GET').map((call) => call.status)).toEqual([200, 304]);
    expect(second).toEqual(first);
    expect(second.data!.id).toBe(made!.id);
  });
});

describe('requests.create and idempotency', () => {
  it('retries a create whose answer was lost with the same key, so the service makes one request', async () => {
    // The first try reaches the service, which makes the request; its answer is lost behind a 503.
    const { fetch, calls } = appFetch(app, (call, _request, toApp) => (call === 0 ? toApp().then(unavailable) : undefined));
    const { cd, requestsMade } = await canceldesk(fetch);
    const { data, error } = await cd.requests.create({ provider: 'acme-gym', customer: JANE });
    expect(error).toBeNull();
    expect(calls.map((call) => call.status)).toEqual([503, 201]);
    expect(await requestsMade()).toBe(1);
    expect((await cd.requests.get(data!.id)).data!.id).toBe(data!.id);
  });

  it('sends the key the app gives, so the app can retry the call itself', async () => {
    const { cd, requestsMade } = await canceldesk();
    const first = await cd.requests.create({ provider: 'acme-gym', customer: JANE }, { idempotencyKey: 'order-1234-cancel' });
    const again = await cd.requests.create({ provider: 'acme-gym', customer: JANE }, { idempotencyKey: 'order-1234-cancel' });
    expect(again.data!.id).toBe(first.data!.id);
    expect(await requestsMade()).toBe(1);
  });

  it('makes a new request for each call without a key', async () => {
    const { cd, requestsMade } = await canceldesk();
    await cd.requests.create({ provider: 'acme-gym', customer: JANE });
    await cd.requests.create({ provider: 'acme-gym', customer: JANE });
    expect(await requestsMade()).toBe(2);
  });
});

describe('retries', () => {
  it('waits as long as Retry-After says before trying again', async () => {
    const rateLimited = () => Promise.resolve(Response.json({ error: { code: 'rate_limited', message: 'Slow down' } }, { status: 429, headers: { 'retry-after': '7' } }));
    const { fetch, calls } = appFetch(app, (call) => (call === 0 ? rateLimited() : undefined));
    const { waits, sleep } = recordedSleep();
    const { cd } = await canceldesk(fetch, sleep);
    const { error } = await cd.providers.get('acme-gym');
    expect(error).toBeNull();
    expect(calls.map((call) => call.status)).toEqual([429, 200]);
    expect(waits).toEqual([7000]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });

  it('backs off longer after each failure, then gives the last error', async () => {
    const { fetch, calls } = appFetch(app, () => Promise.resolve(unavailable()));
    const { waits, sleep } = recordedSleep();
    const { cd } = await canceldesk(fetch, sleep);
    expect((await cd.requests.list()).error).toMatchObject({ code: 'busy', status: 503 });
    expect(calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
    // 500 ms doubled each time, each somewhere in its upper half (jitter).
    waits.forEach((wait, attempt) => expect(wait).toBeGreaterThanOrEqual(250 * 2 ** attempt));
    waits.forEach((wait, attempt) => expect(wait).toBeLessThanOrEqual(500 * 2 ** attempt));
  });

  it('retries a GET after a network error', async () => {
    const { fetch, calls } = appFetch(app, (call) => (call === 0 ? Promise.reject(new TypeError('fetch failed')) : undefined));
    const { cd } = await canceldesk(fetch);
    expect((await cd.providers.get('acme-gym')).error).toBeNull();
    expect(calls.map((call) => call.status)).toEqual(['network error', 200]);
  });

  it('never repeats a POST without an Idempotency-Key: the service could make the request twice', async () => {
    const { fetch, calls } = appFetch(app, () => Promise.resolve(unavailable()));
    const send = retryingFetch(fetch, { ...DEFAULT_RETRY_POLICY, sleep: recordedSleep().sleep });
    const response = await send(new Request(`${SERVICE_URL}/api/v1/cancellation-requests`, { method: 'POST', body: '{}' }));
    expect(response.status).toBe(503);
    expect(calls).toHaveLength(1);
  });

  it('does not wait out a Retry-After longer than a minute: the app hears rate_limited now', async () => {
    const { fetch, calls } = appFetch(app, () => Promise.resolve(Response.json({ error: { code: 'rate_limited', message: 'Slow down' } }, { status: 429, headers: { 'retry-after': '3600' } })));
    const { waits, sleep } = recordedSleep();
    const { cd } = await canceldesk(fetch, sleep);
    expect((await cd.providers.get('acme-gym')).error).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('requests.changes', () => {
  it('pages through every change by itself and keeps the cursor to continue from', async () => {
    const { fetch, calls } = appFetch(app);
    const { cd } = await canceldesk(fetch);
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await cd.requests.create({ provider: 'acme-gym', customer: JANE })).data!.id);

    const feed = cd.requests.changes({ limit: 2 });
    const seen: string[] = [];
    for await (const request of feed) seen.push(request.id);
    expect(seen).toEqual(made);
    expect(feed.error).toBeNull();
    expect(calls.filter((call) => call.method === 'GET')).toHaveLength(3);

    // A later run from the persisted cursor sees only what changed since.
    const sixth = (await cd.requests.create({ provider: 'acme-gym', customer: JANE })).data!.id;
    const next = cd.requests.changes({ cursor: feed.cursor, limit: 2 });
    const later: string[] = [];
    for await (const request of next) later.push(request.id);
    expect(later).toEqual([sixth]);
    expect(next.cursor).not.toBe(feed.cursor);
  });

  it('stops at an API error and says why, keeping the cursor of what was done', async () => {
    const { cd } = await canceldesk();
    const feed = cd.requests.changes({ cursor: 'not-a-cursor' });
    for await (const request of feed) expect.unreachable(`no request expected, got ${request.id}`);
    expect(feed.error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(feed.cursor).toBe('not-a-cursor');
  });
});
