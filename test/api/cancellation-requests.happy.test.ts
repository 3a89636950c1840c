import { beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { randomIds } from '../../src/ids.ts';
import { verifyReplyToken } from '../../src/links/reply-token.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

const { deps, app, clock } = await testDeps();
// Empty worlds, so each sees only the requests it makes: paging through many, cursors in commit order,
// and references that clash (its ids hand out chosen references first).
const pagingWorld = await testDeps();
const commitOrderWorld = await testDeps();
const nextReferences: string[] = [];
const referenceClashWorld = await testDeps({}, { ids: { ...randomIds, reference: () => nextReferences.shift() ?? randomIds.reference() } });
const collisions = (async () => {
  await addProviders(referenceClashWorld.deps, ACME_GYM);
  return { deps: referenceClashWorld.deps, nextReferences, api: apiAs(referenceClashWorld.app, (await addClient(referenceClashWorld.deps)).apiKey) };
})();
const fresh = (async () => {
  await addProviders(commitOrderWorld.deps, ACME_GYM);
  return { clock: commitOrderWorld.clock, api: apiAs(commitOrderWorld.app, (await addClient(commitOrderWorld.deps)).apiKey) };
})();
let api: ReturnType<typeof apiAs>;

beforeAll(async () => {
  await addProviders(deps, ACME_GYM);
  api = apiAs(app, (await addClient(deps)).apiKey);
});

describe('creating a cancellation request', () => {
  it('answers 201 with the request as the app sees it', async () => {
    const res = await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE, reference: 'app-42' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^cr_/),
      status: 'queued',
      provider: 'acme-gym',
      reference: 'app-42',
      caseReference: expect.stringMatching(/^CD-[0-9A-Z]{8}$/),
      outcome: null,
      answeredAt: null,
      followUpOf: null,
      firstOpenedAt: null,
      createdAt: '2026-11-21T10:00:00.000Z',
      updatedAt: '2026-11-21T10:00:00.000Z',
    });
  });

  it('queues one email to every inbox of the provider, in the same unit as the request', async () => {
    const res = await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    const { id } = await res.json();
    const emails = await listOutbox(deps.db, { requestId: id });
    expect(emails).toHaveLength(1);
    expect(emails[0]!.recipients).toEqual(['cancellations@acme.example', 'support@acme.example']);
    expect(emails[0]!.status).toBe('queued');
    expect(emails[0]!.subject).toContain('Jane Doe');
    expect(emails[0]!.text).toContain('https://canceldesk.test/reply/');
  });

  it("puts a reply link in the email whose token names this request and its current link", async () => {
    const { id } = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const [email] = await listOutbox(deps.db, { requestId: id });
    const token = email!.text.match(/https:\/\/canceldesk\.test\/reply\/([\w.-]+)/)?.[1];
    expect(email!.html).toContain(`href="https://canceldesk.test/reply/${token}"`);
    const check = await verifyReplyToken(deps.config.tokenKeys, token!, clock.now());
    const row = await deps.db.selectFrom('cancellation_requests').select('link_id').where('id', '=', id).executeTakeFirstOrThrow();
    expect(check).toEqual({ ok: true, requestId: id, linkId: row.link_id });
    // Valid through the reply window and its grace, not after.
    const windowEnd = clock.now().getTime() + (30 + deps.config.linkGraceDays) * 86_400_000;
    expect((await verifyReplyToken(deps.config.tokenKeys, token!, new Date(windowEnd - 1000))).ok).toBe(true);
    expect(await verifyReplyToken(deps.config.tokenKeys, token!, new Date(windowEnd + 1000))).toEqual({ ok: false, reason: 'expired', requestId: id });
  });

  it('stores only the identifiers the provider asks for, trimmed', async () => {
    const res = await api.post('/cancellation-requests', {
      provider: 'acme-gym',
      customer: { ...JANE, first_name: '  Jane  ', phone: '+46 70 123 45 67' },
    });
    const { id } = await res.json();
    const row = await deps.db.selectFrom('cancellation_requests').select('customer').where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.customer!)).toEqual({ ...JANE, first_name: 'Jane', phone: '+46 70 123 45 67' });
  });

  it('writes a first history entry naming the app', async () => {
    const { id } = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const history = await deps.db.selectFrom('request_history').selectAll().where('request_id', '=', id).execute();
    expect(history.map((h) => [h.event, h.actor.split(':')[0]])).toEqual([['created', 'app']]);
  });
});

describe('our short reference', () => {
  it('is drawn again when it collides with an earlier one, so the create still succeeds', async () => {
    const drawn = ['CD-SAME0000', 'CD-SAME0000', 'CD-OTHER000'];
    const world = await collisions;
    world.nextReferences.push(...drawn);
    const first = await world.api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    const second = await world.api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    expect([first.status, second.status]).toEqual([201, 201]);
    const refs = await world.deps.db.selectFrom('cancellation_requests').select('reference').orderBy('reference').execute();
    expect(refs.map((r) => r.reference)).toEqual(['CD-OTHER000', 'CD-SAME0000']);
    const subjects = (await listOutbox(world.deps.db)).map((e) => e.subject);
    expect(subjects.some((s) => s.includes('CD-OTHER000'))).toBe(true);
  });

  it("gives the app our case reference, the one in the provider's email subject, on create, read and list", async () => {
    const created = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE, reference: 'app-7' })).json();
    const [email] = await listOutbox(deps.db, { requestId: created.id });
    const inSubject = email!.subject.match(/CD-[0-9A-Z]{8}/)?.[0];
    expect(inSubject).toBeTruthy();
    expect(created).toMatchObject({ reference: 'app-7', caseReference: inSubject });
    expect((await (await api.get(`/cancellation-requests/${created.id}`)).json()).caseReference).toBe(inSubject);
    const listed = (await (await api.get('/cancellation-requests?limit=100')).json()).data.find((r: { id: string }) => r.id === created.id);
    expect(listed).toMatchObject({ reference: 'app-7', caseReference: inSubject });
  });
});

describe('Idempotency-Key', () => {
  it('gives the same request back for the same key and body, with no second email', async () => {
    const body = { provider: 'acme-gym', customer: JANE, reference: 'idem-1' };
    const first = await api.post('/cancellation-requests', body, { 'idempotency-key': 'key-1' });
    // The same body with its keys in another order is the same request.
    const reordered = { reference: 'idem-1', customer: Object.fromEntries(Object.entries(JANE).reverse()), provider: 'acme-gym' };
    const second = await api.post('/cancellation-requests', reordered, { 'idempotency-key': 'key-1' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [await first.json(), await second.json()];
    expect(b.id).toBe(a.id);
    expect(await listOutbox(deps.db, { requestId: a.id })).toHaveLength(1);
  });

  it('answers 409 when the key is reused with a different body, and stores nothing', async () => {
    await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE }, { 'idempotency-key': 'key-2' });
    const before = await listOutbox(deps.db);
    const res = await api.post(
      '/cancellation-requests',
      { provider: 'acme-gym', customer: { ...JANE, card_last4: '1111' } },
      { 'idempotency-key': 'key-2' },
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('idempotency_conflict');
    expect(await listOutbox(deps.db)).toHaveLength(before.length);
  });

  it('keeps one request when the same key arrives twice at the same moment', async () => {
    const body = { provider: 'acme-gym', customer: JANE };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => api.post('/cancellation-requests', body, { 'idempotency-key': 'key-race' })),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(await listOutbox(deps.db, { requestId: [...ids][0] })).toHaveLength(1);
  });
});

describe('reading a request', () => {
  it('returns the same shape as the create, with an ETag that turns a repeat poll into a 304', async () => {
    const created = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const res = await api.get(`/cancellation-requests/${created.id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(created);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await api.get(`/cancellation-requests/${created.id}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toBeNull();
    expect(await again.text()).toBe('');
  });

  it('answers 304 to the tag however a client or cache sends it back: weak, or in a list; 200 to any other tag', async () => {
    const created = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const etag = (await api.get(`/cancellation-requests/${created.id}`)).headers.get('etag')!;
    const statusFor = async (ifNoneMatch: string) => (await api.get(`/cancellation-requests/${created.id}`, { 'if-none-match': ifNoneMatch })).status;
    for (const same of [`W/${etag}`, `"1.other", ${etag}`, `W/"1.other",W/${etag}`, '*']) expect(await statusFor(same)).toBe(304);
    for (const other of ['"1.other"', etag.slice(0, -2) + '"', `${etag.slice(1, -1)}`]) expect(await statusFor(other)).toBe(200);
  });

  it('changes the ETag when the request changes', async () => {
    const created = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const etag = (await api.get(`/cancellation-requests/${created.id}`)).headers.get('etag')!;
    // The email goes out (the local outbox mailer): the request moves to `sent`.
    await drainOutbox(deps);
    const res = await api.get(`/cancellation-requests/${created.id}`, { 'if-none-match': etag });
    expect(res.status).toBe(200);
    expect((await res.json()).status).toBe('sent');
  });
});

describe('polling many requests with updatedSince', () => {
  it('lists the changed requests oldest first, one page after another, without repeats or gaps', async () => {
    await addProviders(pagingWorld.deps, ACME_GYM);
    const poller = apiAs(pagingWorld.app, (await addClient(pagingWorld.deps)).apiKey);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      // Two requests share each timestamp, so the keyset's tie-break on id is exercised.
      if (i % 2 === 0) pagingWorld.clock.advance(1000);
      ids.push((await (await poller.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json()).id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const query = cursor ? `cursor=${cursor}&limit=3` : `updatedSince=2026-11-21T10:00:00Z&limit=3`;
      const page = await (await poller.get(`/cancellation-requests?${query}`)).json();
      pages++;
      seen.push(...page.data.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids].sort());
    const order = (await (await poller.get('/cancellation-requests?limit=50')).json()).data.map((r: { updatedAt: string }) => r.updatedAt);
    expect(order).toEqual([...order].sort());

    // Polling again from the last cursor returns nothing until something changes.
    const quiet = await (await poller.get(`/cancellation-requests?cursor=${cursor}`)).json();
    expect(quiet).toEqual({ data: [], nextCursor: cursor, hasMore: false });
    pagingWorld.clock.advance(60_000);
    const later = await (await poller.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const next = await (await poller.get(`/cancellation-requests?cursor=${cursor}`)).json();
    expect(next.data.map((r: { id: string }) => r.id)).toEqual([later.id]);
  });

  it('does not skip a request that commits after a later-stamped one (the cursor follows commit order)', async () => {
    const world = await fresh;
    world.clock.set('2026-11-21T12:00:02.000Z');
    const first = await (await world.api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const page = await (await world.api.get('/cancellation-requests')).json();
    expect(page.data.map((r: { id: string }) => r.id)).toContain(first.id);
    // A slower write stamped earlier (it read the clock first) but committed after the poll above.
    world.clock.set('2026-11-21T12:00:01.000Z');
    const late = await (await world.api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const next = await (await world.api.get(`/cancellation-requests?cursor=${page.nextCursor}`)).json();
    expect(next.data.map((r: { id: string }) => r.id)).toEqual([late.id]);
  });

  it('gives a cursor even when a poll by time finds nothing, and the cursor then finds what comes next', async () => {
    const world = await fresh;
    const empty = await (await world.api.get('/cancellation-requests?updatedSince=2099-01-01T00:00:00Z')).json();
    expect(empty.data).toEqual([]);
    expect(empty.nextCursor).toEqual(expect.any(String));
    const created = await (await world.api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const next = await (await world.api.get(`/cancellation-requests?cursor=${empty.nextCursor}`)).json();
    expect(next.data.map((r: { id: string }) => r.id)).toEqual([created.id]);
  });

  it('leaves out requests changed before updatedSince', async () => {
    clock.set('2030-01-01T00:00:00.000Z');
    const fresh = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const page = await (await api.get('/cancellation-requests?updatedSince=2029-12-31T23:59:59%2B01:00')).json();
    expect(page.data.map((r: { id: string }) => r.id)).toEqual([fresh.id]);
  });

  it('takes a date alone as midnight UTC', async () => {
    clock.set('2031-02-28T23:59:59.999Z');
    await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    clock.set('2031-03-01T00:00:00.000Z');
    const atMidnight = await (await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE })).json();
    const res = await api.get('/cancellation-requests?updatedSince=2031-03-01');
    expect(res.status).toBe(200);
    expect((await res.json()).data.map((r: { id: string }) => r.id)).toEqual([atMidnight.id]);
  });
});

describe('the API description', () => {
  it('serves an OpenAPI 3.1 document describing the endpoints, without a key', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/cancellation-requests', '/cancellation-requests/{id}', '/providers/{id}']));
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
