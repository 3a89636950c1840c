import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { DEVELOPMENT_TOKEN_SECRETS } from '../../src/config.ts';
import { redactLine } from '../../src/http/request-log.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

const { deps, app, dbFile } = await testDeps();
let appA: ReturnType<typeof apiAs>;
let appB: ReturnType<typeof apiAs>;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  await addProviders(deps, ACME_GYM);
  keyA = (await addClient(deps, 'App A')).apiKey;
  appA = apiAs(app, keyA);
  keyB = (await addClient(deps, 'App B')).apiKey;
  appB = apiAs(app, keyB);
});

describe('API keys', () => {
  it.each([
    ['no Authorization header', {}],
    ['an unknown key', { authorization: 'Bearer cdk_unknown' }],
    ['a key of the right shape but not ours', { authorization: `Bearer cdk_${'A'.repeat(43)}` }],
    ['another scheme', { authorization: `Basic ${btoa('a:b')}` }],
  ])('refuses %s with a JSON error', async (_, headers) => {
    for (const path of ['/api/v1/cancellation-requests', '/api/v1/cancellation-requests/cr_x', '/api/v1/providers/acme-gym']) {
      const res = await app.request(path, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it('refuses a create without a key before looking at the body', async () => {
    const res = await app.request('/api/v1/cancellation-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'acme-gym', customer: JANE }),
    });
    expect(res.status).toBe(401);
  });

  it('stores only a hash of each key', async () => {
    const rows = await deps.db.selectFrom('api_clients').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(keyA);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.key_hash))).toBe(true);
  });
});

describe('tenant isolation', () => {
  it("answers 404 when one app asks for another app's request, exactly as for a missing one", async () => {
    const { id } = await (await appA.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const res = await appB.get(`/cancellation-requests/${id}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(await (await appB.get('/cancellation-requests/cr_missing')).json());
    expect((await appA.get(`/cancellation-requests/${id}`)).status).toBe(200);
  });

  it("lists only the caller's own requests", async () => {
    await appA.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    const { id: mine } = await (await appB.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const page = await (await appB.get('/cancellation-requests?limit=200')).json();
    expect(page.data.map((r: { id: string }) => r.id)).toEqual([mine]);
  });

  /** Creates requests as app A; returns their ids. */
  const createdByA = async (count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await (await appA.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json()).id);
    return ids;
  };
  /** Every id a poll shows, following nextCursor while hasMore; a refused cursor shows nothing. */
  const polledIds = async (app: ReturnType<typeof apiAs>, query: string) => {
    const ids: string[] = [];
    for (let next: string | null = query; next !== null; ) {
      const res = await app.get(`/cancellation-requests?limit=1&${next}`);
      if (res.status === 400) break;
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: { id: string }[]; nextCursor: string; hasMore: boolean };
      ids.push(...page.data.map((r) => r.id));
      next = page.hasMore ? `cursor=${encodeURIComponent(page.nextCursor)}` : null;
    }
    return ids;
  };

  it("never shows one app's requests to another app polling from the first app's cursor", async () => {
    // A's cursor where its poll caught up, then one in the middle of requests it has not seen.
    let caughtUp = await (await appA.get('/cancellation-requests?limit=200')).json();
    while (caughtUp.hasMore) caughtUp = await (await appA.get(`/cancellation-requests?limit=200&cursor=${encodeURIComponent(caughtUp.nextCursor)}`)).json();
    const ids = await createdByA(3);
    const afterOne = await (await appA.get(`/cancellation-requests?limit=1&cursor=${encodeURIComponent(caughtUp.nextCursor)}`)).json();
    expect(afterOne).toMatchObject({ data: [{ id: ids[0] }], hasMore: true });
    // A's cursors in B's hands: either refused or pages of B's own requests, never A's.
    for (const cursor of [caughtUp.nextCursor, afterOne.nextCursor]) {
      const seenByB = await polledIds(appB, `cursor=${encodeURIComponent(cursor)}`);
      expect(seenByB.filter((id) => ids.includes(id))).toEqual([]);
    }
  });

  it("never shows one app's requests to another polling by updatedSince", async () => {
    const ids = await createdByA(2);
    const seenByB = await polledIds(appB, 'updatedSince=2000-01-01T00:00:00Z');
    expect(seenByB.length).toBeGreaterThan(0); // B's own, from the tests above
    expect(seenByB.filter((id) => ids.includes(id))).toEqual([]);
    expect(await polledIds(appA, 'updatedSince=2000-01-01T00:00:00Z')).toEqual(expect.arrayContaining(ids));
  });

  it("answers 404, not 304, when an app sends the ETag of another app's request", async () => {
    const [id] = await createdByA(1);
    const shownToA = await appA.get(`/cancellation-requests/${id}`);
    const etag = shownToA.headers.get('etag')!;
    expect((await appA.get(`/cancellation-requests/${id}`, { 'if-none-match': etag })).status).toBe(304);
    for (const ifNoneMatch of [etag, '*']) {
      const res = await appB.get(`/cancellation-requests/${id}`, { 'if-none-match': ifNoneMatch });
      expect(res.status).toBe(404);
      expect(res.headers.get('etag')).toBeNull();
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  it("keeps one app's Idempotency-Key apart from another's", async () => {
    const a = await (await appA.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE }, { 'idempotency-key': 'shared' })).json();
    const res = await appB.post('/cancellation-requests', { provider: 'acme-gym', customer: { ...JANE, card_last4: '0000' } }, { 'idempotency-key': 'shared' });
    expect(res.status).toBe(201);
    expect((await res.json()).id).not.toBe(a.id);
  });
});

describe('what an app can read', () => {
  it('never sees the customer identifiers, the reply link or internal fields in a request', async () => {
    const created = await (await appA.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const shown = JSON.stringify([created, await (await appA.get(`/cancellation-requests/${created.id}`)).json()]);
    for (const secret of [JANE.email, JANE.card_last4, JANE.member_number, '/reply/', 'link_id', 'body_hash']) {
      expect(shown).not.toContain(secret);
    }
  });
});

describe('what polling shows of other apps', () => {
  const cursorOf = async (api: ReturnType<typeof apiAs>, query: string) => (await (await api.get(`/cancellation-requests?${query}`)).json()).nextCursor as string;
  const othersCreate = async (count: number) => {
    for (let i = 0; i < count; i++) await appA.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
  };

  it('gives an app with no requests of its own the same cursor while other apps create', async () => {
    const idle = apiAs(app, (await addClient(deps, 'Idle app')).apiKey);
    const first = await cursorOf(idle, 'updatedSince=2026-01-01T00:00:00Z');
    await othersCreate(3);
    expect(await cursorOf(idle, 'updatedSince=2026-01-01T00:00:00Z')).toBe(first);
    expect(await cursorOf(idle, `cursor=${first}`)).toBe(first);
    await othersCreate(2);
    expect(await cursorOf(idle, 'updatedSince=2026-01-01T00:00:00Z')).toBe(first);
  });

  it("gives an ETag that is no change counter: others' changes between two versions of a request cannot be read off it", async () => {
    const { id } = await (await appB.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const before = (await appB.get(`/cancellation-requests/${id}`)).headers.get('etag')!;
    await othersCreate(3);
    await drainOutbox(deps);
    const after = (await appB.get(`/cancellation-requests/${id}`)).headers.get('etag')!;
    expect(after).not.toBe(before);
    for (const etag of [before, after]) expect(etag).toMatch(/^"1\.[A-Za-z0-9_-]{16}"$/);
  });

  it("refuses a cursor that was altered, made up, or given to another app, with a 400 naming cursor", async () => {
    await appB.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    const cursor = await cursorOf(appB, 'updatedSince=2026-01-01T00:00:00Z');
    const altered = cursor.slice(0, 10) + (cursor[10] === 'A' ? 'B' : 'A') + cursor.slice(11);
    const madeUp = btoa(JSON.stringify([1, 0])).replace(/=+$/, '');
    for (const [api, bad] of [[appB, altered], [appB, madeUp], [appA, cursor]] as const) {
      const res = await api.get(`/cancellation-requests?cursor=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(Object.keys((await res.json()).error.fields)).toEqual(['query.cursor']);
    }
  });

  it('keeps cursors and ETags working across a restart and a rotation of TOKEN_SECRETS that keeps the old key', async () => {
    const { id } = await (await appB.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const etag = (await appB.get(`/cancellation-requests/${id}`)).headers.get('etag')!;
    const cursor = await cursorOf(appB, 'updatedSince=2026-01-01T00:00:00Z');
    const restarted = async (env: Record<string, string>) => {
      const runtime = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}`, PUBLIC_URL: 'https://canceldesk.test', ...env }, () => {});
      return { runtime, again: apiAs(createApp(runtime.deps), keyB) };
    };

    const same = await restarted({});
    try {
      expect((await same.again.get(`/cancellation-requests/${id}`, { 'if-none-match': etag })).status).toBe(304);
      expect(await (await same.again.get(`/cancellation-requests?cursor=${cursor}`)).json()).toEqual({ data: [], nextCursor: cursor, hasMore: false });
    } finally {
      await same.runtime.close();
    }
    const rotated = await restarted({ TOKEN_SECRETS: `new:${'n'.repeat(40)},${DEVELOPMENT_TOKEN_SECRETS}` });
    try {
      expect((await rotated.again.get(`/cancellation-requests?cursor=${cursor}`)).status).toBe(200);
    } finally {
      await rotated.runtime.close();
    }
  });
});

describe('failures on our side', () => {
  it('answer a generic JSON 500 without a stack trace or SQL', async () => {
    const logged: string[] = [];
    const broken = createApp({
      ...deps,
      atomic: async () => {
        throw new Error('SQLITE_IOERR: disk I/O error at insert into cancellation_requests');
      },
      log: (line) => logged.push(line),
    });
    const res = await apiAs(broken, keyA).post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('internal_error');
    expect(text).not.toMatch(/SQLITE|insert|\.ts:\d+/);
    // The operator's log has the cause; it does not have the request's data.
    const errors = logged.filter((line) => line.startsWith('[error]'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('SQLITE_IOERR');
    expect(logged.join('\n')).not.toContain(JANE.email);
  });
});

describe('request logs', () => {
  it('never carry a reply token or a query string', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjcl8xIn0.c2lnbmF0dXJl';
    expect(redactLine(`<-- GET /reply/${token}`)).toBe('<-- GET /reply/[token]');
    expect(redactLine(`--> POST /reply/${token}?x=1 200 4ms`)).toBe('--> POST /reply/[token] 200 4ms');
    expect(redactLine('<-- GET /api/v1/cancellation-requests?updatedSince=2026-01-01')).toBe('<-- GET /api/v1/cancellation-requests');
  });

  it('are written through the redaction for every request', async () => {
    const lines: string[] = [];
    const logged = createApp({ ...deps, log: (line) => lines.push(line) });
    await logged.request('/reply/secret.token.value');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('secret.token.value');
  });
});
