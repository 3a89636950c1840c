import { describe, expect, it } from 'vitest';
import { ZEN_YOGA, seedRequestsForLists, setStatus, supportApi, supportWorld } from '../support/console-session.ts';
import { answersOf, historyCount, historyOf } from '../support/request-state.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';

// The support JSON API as support tooling uses it (SPEC §6): a session token from POST /sessions,
// then the console's list, request view and actions as JSON.

const MINUTE = 60_000;

interface Summary {
  id: string;
  caseReference: string;
  status: string;
  provider: string;
  clientId: string;
  outcome: string | null;
  closed: boolean;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  data: Summary[];
  nextCursor: string | null;
}

describe('POST /api/v1/support/sessions', async () => {
  const w = await supportWorld();

  it('answers 201 with a token that opens the support API', async () => {
    const res = await w.app.request('/api/v1/support/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: w.agent.email, password: w.agent.password }),
    });
    expect(res.status).toBe(201);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(new Date(w.clock.now().getTime() + 12 * 60 * MINUTE).toISOString());
    expect((await supportApi(w.app, token).get('/requests')).status).toBe(200);
  });
});

describe('GET /api/v1/support/requests', async () => {
  const w = await supportWorld();
  const { deps } = w;
  const { oldest, middle, zen, cancelled, other, bounced } = await seedRequestsForLists(w);
  const api = supportApi(w.app, await w.apiToken());

  const list = async (query = '') => {
    const res = await api.get(`/requests${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };
  const ids = async (query = '') => (await list(query)).data.map((r) => r.id);

  it('lists every request newest first, each as a summary without free text', async () => {
    const page = await list();
    expect(page.data.map((r) => r.id)).toEqual([bounced, other, cancelled, zen, middle, oldest]);
    expect(page.nextCursor).toBeNull();
    expect(page.data[1]).toEqual({
      id: other,
      caseReference: expect.stringMatching(/^CD-[0-9A-Z]{8}$/),
      status: 'answered',
      provider: ACME_GYM.id,
      clientId: w.client.id,
      outcome: 'other',
      closed: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // `other` holds the provider's free text ("Company contract: ask HR.", "Private note."): no summary carries it.
    expect(JSON.stringify(page)).not.toMatch(/Company contract|Private note/);
  });

  it.each([
    ['status=answered', () => [other, cancelled]],
    ['status=delivery_failed', () => [bounced]],
    ['status=expired', () => []],
    [`provider=${ZEN_YOGA.id}`, () => [zen]],
    ['outcome=cancelled', () => [cancelled]],
    ['outcome=other', () => [other]],
    ['olderThanDays=3', () => [middle, oldest]],
    ['olderThanDays=7', () => [oldest]],
    [`status=queued&provider=${ACME_GYM.id}`, () => [middle, oldest]],
  ])('narrows the list with %s', async (query, expected) => {
    expect(await ids(`?${query}`)).toEqual(expected());
  });

  it('pages with limit and cursor: pages do not overlap and cover every request', async () => {
    const seen: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(page.data.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen.map((p) => p.length)).toEqual([2, 2, 2]);
    expect(seen.flat()).toEqual(await ids());
  });

  it('keeps the filters across pages', async () => {
    const first = await list(`?provider=${ACME_GYM.id}&limit=3`);
    expect(first.data.map((r) => r.id)).toEqual([bounced, other, cancelled]);
    const second = await list(`?provider=${ACME_GYM.id}&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.data.map((r) => r.id)).toEqual([middle, oldest]);
    expect(second.nextCursor).toBeNull();
  });

  it('never writes to the history', async () => {
    const before = await historyCount(deps);
    await list();
    await list('?outcome=other');
    expect(await historyCount(deps)).toBe(before);
  });
});

describe('GET /api/v1/support/requests/:id', async () => {
  const w = await supportWorld();
  const { clock, deps } = w;
  const api = supportApi(w.app, await w.apiToken());

  const { id, replyPath } = await w.createRequest();
  clock.advance(MINUTE);
  expect((await w.sendForm(replyPath, { outcome: 'other', message: 'Company contract: ask HR.', note: 'Call on Monday.' })).status).toBe(200);
  clock.advance(MINUTE);
  expect((await api.post(`/requests/${id}/answers`, { outcome: 'binding_contract', date: '2027-06-30', note: 'Confirmed by phone.' })).status).toBe(200);
  clock.advance(MINUTE);
  const plain = await w.createRequest();

  it('answers the whole request: identifiers with labels, every answer with its free text, emails and history', async () => {
    const res = await api.get(`/requests/${id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({
      id,
      caseReference: expect.stringMatching(/^CD-/),
      reference: null,
      status: 'answered',
      provider: { id: ACME_GYM.id, name: ACME_GYM.name },
      clientId: w.client.id,
      outcome: { type: 'binding_contract', contractEndsOn: '2027-06-30' },
      closedAt: null,
    });
    expect(body.identifiers).toContainEqual({ key: 'first_name', label: 'First name', value: JANE.first_name });
    expect(body.identifiers).toContainEqual({ key: 'member_number', label: 'Member number', value: JANE.member_number });
    expect(body.answers).toEqual([
      { number: 1, at: expect.any(String), by: 'provider', outcome: 'other', date: null, message: 'Company contract: ask HR.', note: 'Call on Monday.' },
      { number: 2, at: expect.any(String), by: w.actor, outcome: 'binding_contract', date: '2027-06-30', message: null, note: 'Confirmed by phone.' },
    ]);
    expect(body.emails).toHaveLength(1);
    expect(body.emails[0]).toMatchObject({ status: 'queued', to: ACME_GYM.emails, attempts: 0 });
    expect(body.history.map((h: { actor: string; event: string }) => [h.actor, h.event])).toEqual([
      [`app:${w.client.id}`, 'created'],
      ['provider', 'answered'],
      [w.actor, 'answered'],
      [w.actor, 'free_text_viewed'],
    ]);
  });

  it('writes one free_text_viewed entry per read, naming the support account and the answers read', async () => {
    const count = () => historyOf(deps, id, 'free_text_viewed');
    const before = (await count()).length;
    expect((await api.get(`/requests/${id}`)).status).toBe(200);
    expect((await api.get(`/requests/${id}`)).status).toBe(200);
    const views = await count();
    expect(views).toHaveLength(before + 2);
    expect(views.at(-1)).toMatchObject({ actor: w.actor, detail: JSON.stringify({ answers: [1, 2] }) });
  });

  it('writes nothing when the request holds no free text', async () => {
    const before = await historyOf(deps, plain.id);
    const res = await api.get(`/requests/${plain.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { answers: unknown[] }).answers).toEqual([]);
    expect(await historyOf(deps, plain.id)).toEqual(before);
  });

  it("names ours (CD-…) caseReference and the app's own id reference, the same words as the app API", async () => {
    const created = await (await w.api.post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE, reference: 'app-order-9' })).json();
    const shown = (await (await api.get(`/requests/${created.id}`)).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ caseReference: created.caseReference, reference: 'app-order-9' });
    expect(shown.caseReference).toMatch(/^CD-[0-9A-Z]{8}$/);
    expect(shown).not.toHaveProperty('clientReference');
    const listed = (await (await api.get('/requests?limit=200')).json()) as { data: Record<string, unknown>[] };
    const row = listed.data.find((r) => r.id === created.id)!;
    expect(row).toMatchObject({ caseReference: created.caseReference });
    expect(row).not.toHaveProperty('reference');
  });
});

describe('support actions through the API', async () => {
  const w = await supportWorld();
  const { clock, deps } = w;
  const api = supportApi(w.app, await w.apiToken());

  it('POST …/resend queues a second email with a working link; the first link keeps working', async () => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    const res = await api.post(`/requests/${id}/resend`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const paths = await w.replyPathsOf(id);
    expect(paths).toHaveLength(2);
    expect((await w.emailsOf(id))[1]!.recipients).toEqual(ACME_GYM.emails);
    expect((await w.open(paths[1]!)).status).toBe(200);
    expect((await w.open(replyPath)).status).toBe(200);
    expect((await historyOf(deps, id, 'email_resent')).map((h) => h.actor)).toEqual([w.actor]);
  });

  it('POST …/resend on a request whose delivery failed makes it queued again', async () => {
    const { id } = await w.createRequest();
    await setStatus(deps, id, 'delivery_failed');
    expect((await api.post(`/requests/${id}/resend`)).status).toBe(200);
    expect((await w.appView(id)).status).toBe('queued');
  });

  it('POST …/reissue-link replaces the link: the old one answers 410, the new email carries a working one', async () => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    const res = await api.post(`/requests/${id}/reissue-link`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const [, fresh] = await w.replyPathsOf(id);
    expect((await w.open(replyPath)).status).toBe(410);
    expect((await w.sendForm(replyPath, { outcome: 'not_found' })).status).toBe(410);
    expect((await w.open(fresh!)).status).toBe(200);
    expect((await historyOf(deps, id, 'link_reissued')).map((h) => h.actor)).toEqual([w.actor]);
  });

  it.each([
    [{ outcome: 'cancelled', date: '2026-12-31' }, { type: 'cancelled', accessUntil: '2026-12-31' }],
    [{ outcome: 'already_cancelled', date: '2026-11-01', note: 'Done last month.' }, { type: 'already_cancelled', cancelledOn: '2026-11-01' }],
    [{ outcome: 'binding_contract', date: '2027-06-30' }, { type: 'binding_contract', contractEndsOn: '2027-06-30' }],
    [{ outcome: 'not_found' }, { type: 'not_found' }],
    [{ outcome: 'other', message: 'Company contract.', note: 'Ask HR.' }, { type: 'other' }],
  ])("POST …/answers records %o on the provider's behalf", async (body, clientOutcome) => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    const res = await api.post(`/requests/${id}/answers`, body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });

    const app = await w.appView(id);
    expect(app.status).toBe('answered');
    expect(app.outcome).toEqual(clientOutcome);
    expect(JSON.stringify(app)).not.toMatch(/Company contract|Ask HR|Done last month/);

    const answers = await answersOf(deps, id);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({
      actor: w.actor,
      outcome: body.outcome,
      message: 'message' in body ? body.message : null,
      note: 'note' in body ? body.note : null,
    });
    expect(await (await w.open(replyPath)).text()).toContain('Entered by our support team');
  });

  it('POST …/close stops answers: the link answers 410, a provider POST stores nothing, the request shows when it closed', async () => {
    const { id, replyPath } = await w.createRequest();
    const res = await api.post(`/requests/${id}/close`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await historyOf(deps, id, 'closed')).map((h) => h.actor)).toEqual([w.actor]);

    expect((await w.open(replyPath)).status).toBe(410);
    expect((await w.sendForm(replyPath, { outcome: 'not_found' })).status).toBe(410);
    const detail = (await (await api.get(`/requests/${id}`)).json()) as { closedAt: string | null; answers: unknown[] };
    expect(detail.closedAt).toBe(clock.now().toISOString());
    expect(detail.answers).toEqual([]);
  });
});
