import { describe, expect, it } from 'vitest';
import { historyOf } from '../support/request-state.ts';
import { ACME_GYM, JANE, SPEC_EXAMPLE_PROVIDER, apiAs, testDeps } from '../support/test-deps.ts';

// The operator's API (/api/v1/admin): what the CLI does beside the database, for a deployment with no
// Node process next to it.

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';
const { app, deps } = await testDeps({ ADMIN_TOKEN });
const off = await testDeps();
const production = await testDeps({
  NODE_ENV: 'production',
  ADMIN_TOKEN,
  TOKEN_SECRETS: `k1:${'p'.repeat(40)}`,
  RESEND_API_KEY: 're_test',
});

const admin = (target = app, token = ADMIN_TOKEN) => ({
  get: (path: string) => target.request(`/api/v1/admin${path}`, { headers: { authorization: `Bearer ${token}` } }),
  post: (path: string, body: unknown, headers: Record<string, string> = {}) =>
    target.request(`/api/v1/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
});

describe('access', () => {
  it('does not exist without ADMIN_TOKEN', async () => {
    const res = await admin(off.app).get('/providers');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint' } });
  });

  it('refuses a missing or wrong token, and an app key, with 401 JSON', async () => {
    expect((await app.request('/api/v1/admin/providers')).status).toBe(401);
    expect((await admin(app, 'wrong-token').get('/providers')).status).toBe(401);
    const client = await admin().post('/clients', { name: 'An app' });
    const { apiKey } = (await client.json()) as { apiKey: string };
    const res = await admin(app, apiKey).get('/providers');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('refuses an ADMIN_TOKEN shorter than 32 characters at start', async () => {
    await expect(testDeps({ ADMIN_TOKEN: 'short' })).rejects.toThrow(/ADMIN_TOKEN: must be at least 32 characters/);
  });
});

describe('what it does', () => {
  it('imports providers whole or not at all, naming each bad field by index', async () => {
    const bad = await admin().post('/providers', [SPEC_EXAMPLE_PROVIDER, { ...SPEC_EXAMPLE_PROVIDER, id: 'Bad Id', emails: [] }]);
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(['[1].id', '[1].emails']));
    expect(await (await admin().get('/providers')).json()).toEqual([]);

    const good = await admin().post('/providers', [ACME_GYM]);
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ imported: ['acme-gym'] });
    const listed = (await (await admin().get('/providers')).json()) as { id: string }[];
    expect(listed.map((p) => p.id)).toEqual(['acme-gym']);
  });

  it('refuses a provider whose pattern has a back-reference, and the server keeps answering', async () => {
    // `^(a|\1a)*$` used to kill the pattern checker's agent inside a synchronous call that never
    // returned: /healthz and the app API hung until the process was killed.
    const withBackReference = { ...ACME_GYM, id: 'backref-gym', identifiers: ['email', { key: 'member_number', label: 'Member number', pattern: '^(a|\\1a)*$' }] };
    const res = await admin().post('/providers', [withBackReference]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({
      '[0].identifiers[1].pattern': expect.stringMatching(/back-reference/),
    });
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('answers a body that is not JSON with 400 invalid_json or 415, never 500', async () => {
    expect((await admin().post('/providers', '{not json')).status).toBe(400);
    expect((await admin().post('/providers', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await admin().post('/clients', '[1,2]')).status).toBe(400);
  });

  it('creates an API client that works on the app API, and a support account', async () => {
    const res = await admin().post('/clients', { name: 'Budget app' });
    expect(res.status).toBe(201);
    const client = (await res.json()) as { id: string; name: string; apiKey: string };
    expect(client).toEqual({ id: expect.stringMatching(/^cli_/), name: 'Budget app', apiKey: expect.stringMatching(/^cdk_/) });
    expect((await apiAs(app, client.apiKey).get('/providers/acme-gym')).status).toBe(200);
    expect((await admin().post('/clients', { name: '' })).status).toBe(400);

    const account = await admin().post('/support-accounts', { email: 'Ops@Example.com' });
    expect(account.status).toBe(201);
    expect(await account.json()).toEqual({ id: expect.stringMatching(/^sa_/), email: 'ops@example.com', password: expect.any(String) });
    expect((await admin().post('/support-accounts', { email: 'ops@example.com' })).status).toBe(400);
  });

  it('lists the outbox and drains it in development, shows a request and records the read of its free text', async () => {
    const client = (await (await admin().post('/clients', { name: 'Flow app' })).json()) as { apiKey: string };
    const created = await apiAs(app, client.apiKey).post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
    const { id } = (await created.json()) as { id: string };
    const outbox = (await (await admin().get(`/outbox?request=${id}`)).json()) as { requestId: string; status: string; text: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ requestId: id, status: 'queued' });
    expect(await (await admin().post('/outbox/drain', {})).json()).toMatchObject({ sent: 1 });

    const path = /https:\/\/canceldesk\.test(\/reply\/\S+)/.exec(outbox[0]!.text)![1]!;
    await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: 'outcome=other&message=Ask+their+HR',
    });
    const shown = await admin().get(`/requests/${id}`);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ id, status: 'answered', answers: [{ outcome: 'other', message: 'Ask their HR' }] });
    expect((await historyOf(deps, id, 'free_text_viewed')).map((h) => h.actor)).toEqual(['operator']);
    expect((await admin().get('/requests/cr_missing')).status).toBe(404);
  });

  it('keeps the outbox (live reply links) to itself in production', async () => {
    expect((await admin(production.app).get('/outbox')).status).toBe(404);
    expect((await admin(production.app).get('/providers')).status).toBe(200);
  });
});
