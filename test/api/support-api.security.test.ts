import { describe, expect, it } from 'vitest';
import { supportApi, supportWorld } from '../support/console-session.ts';
import { expectNoStackTrace } from '../support/html.ts';
import { requestState } from '../support/request-state.ts';
import { apiAs } from '../support/test-deps.ts';

// The support API serves free text, so only a support session token opens it: not an app's API key,
// not a provider's reply token, not the console's cookie, not an expired or ended session (THREATS 10, 16).

const HOUR = 60 * 60 * 1000;
const w = await supportWorld();
const { deps, clock } = w;

/** A request with free text, so an unguarded read would both leak it and write to its history. */
const { id, replyPath } = await w.createRequest();
expect((await w.sendForm(replyPath, { outcome: 'other', message: 'Company contract: ask HR.', note: 'Private.' })).status).toBe(200);
const replyToken = replyPath.slice('/reply/'.length);

/** Every support API endpoint that needs a session, on the request above (or one that does not exist). */
const ENDPOINTS: [method: 'GET' | 'POST', path: string, body?: unknown][] = [
  ['GET', '/requests'],
  ['GET', '/requests?status=answered'],
  ['GET', `/requests/${id}`],
  ['GET', '/requests/cr_missing'],
  ['POST', `/requests/${id}/resend`],
  ['POST', `/requests/${id}/reissue-link`],
  ['POST', `/requests/${id}/answers`, { outcome: 'not_found', note: 'forged' }],
  ['POST', `/requests/${id}/close`],
  ['POST', '/requests/cr_missing/close'],
];

function call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown) {
  return w.app.request(`/api/v1/support${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** 401 in the API's JSON error shape on every endpoint, and the request untouched (not even its history). */
async function expectShutOut(headers: Record<string, string>) {
  const before = await requestState(deps, id);
  for (const [method, path, body] of ENDPOINTS) {
    const res = await call(method, path, headers, body);
    expect(res.status, `${method} ${path}`).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expectNoStackTrace(text);
    expect(JSON.parse(text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(text).not.toMatch(/Company contract|Private\./);
  }
  expect(await requestState(deps, id)).toEqual(before);
  expect((await w.open(replyPath)).status).toBe(200);
}

describe('the support API without a support session token', () => {
  it('refuses a request with no Authorization header with 401 on every endpoint', async () => {
    await expectShutOut({});
  });

  it('refuses an app API key (cdk_…) with 401 on every endpoint', async () => {
    expect(w.client.apiKey).toMatch(/^cdk_/);
    expect((await w.api.get(`/cancellation-requests/${id}`)).status).toBe(200); // a working key, for the app API
    await expectShutOut({ authorization: `Bearer ${w.client.apiKey}` });
  });

  it("refuses a provider's reply token with 401 on every endpoint", async () => {
    await expectShutOut({ authorization: `Bearer ${replyToken}` });
  });

  it("refuses the console's session cookie with 401 on every endpoint", async () => {
    await expectShutOut({ cookie: await w.logIn() });
  });

  it.each([
    ['another scheme', `Basic ${btoa(`${w.agent.email}:${w.agent.password}`)}`],
    ['a made-up token', `Bearer ${'A'.repeat(43)}`],
    ['an empty bearer', 'Bearer '],
    ['the password itself', `Bearer ${w.agent.password}`],
  ])('refuses %s with 401 on every endpoint', async (_, authorization) => {
    await expectShutOut({ authorization });
  });

  it('refuses a token once its session is 12 hours old', async () => {
    const token = await w.apiToken();
    clock.advance(12 * HOUR - 1000);
    expect((await supportApi(w.app, token).get('/requests')).status).toBe(200);
    clock.advance(2000);
    await expectShutOut({ authorization: `Bearer ${token}` });
  });

  it('refuses a token whose session was ended with DELETE /sessions/current', async () => {
    const token = await w.apiToken();
    const end = await w.app.request('/api/v1/support/sessions/current', { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(end.status).toBe(204);
    await expectShutOut({ authorization: `Bearer ${token}` });
  });
});

describe('a support session token elsewhere', () => {
  it('does not authenticate the app API', async () => {
    const token = await w.apiToken();
    const asApp = apiAs(w.app, token);
    for (const res of [
      await asApp.get('/cancellation-requests'),
      await asApp.get(`/cancellation-requests/${id}`),
      await asApp.get('/providers/acme-gym'),
      await asApp.post('/cancellation-requests', { provider: 'acme-gym', customer: {} }),
    ]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  it('does not open the console', async () => {
    const token = await w.apiToken();
    const attempts: Record<string, string>[] = [{ authorization: `Bearer ${token}` }, { cookie: `cd_support=${encodeURIComponent(w.client.apiKey)}` }];
    for (const headers of attempts) {
      const res = await w.app.request('/support', { headers });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
    }
  });
});

describe('errors of the support API', () => {
  it('are JSON in the API error shape, never a stack trace, whatever went wrong', async () => {
    const api = supportApi(w.app, await w.apiToken());
    const { id: other } = await w.createRequest();
    expect((await api.post(`/requests/${other}/close`)).status).toBe(200);
    const responses: [string, Response][] = [
      ['no token', await w.app.request('/api/v1/support/requests')],
      ['bad login', await w.app.request('/api/v1/support/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' })],
      ['wrong password', await w.app.request('/api/v1/support/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: w.agent.email, password: 'nope' }) })],
      ['bad filter', await api.get('/requests?status=bogus')],
      ['bad cursor', await api.get('/requests?cursor=%00%FF')],
      ['unknown id', await api.get('/requests/cr_missing')],
      ['unknown endpoint', await api.get('/requests/cr_missing/everything')],
      ['bad JSON', await api.post(`/requests/${id}/answers`, '{"outcome":')],
      ['bad answer', await api.post(`/requests/${id}/answers`, { outcome: 'binding_contract', date: '0001-01-01' })],
      ['closed', await api.post(`/requests/${other}/resend`)],
      ['too big', await api.post(`/requests/${id}/answers`, { outcome: 'other', message: 'x'.repeat(2 * 1024 * 1024) })],
    ];
    for (const [label, res] of responses) {
      expect(res.status, label).toBeGreaterThanOrEqual(400);
      expect(res.status, label).toBeLessThan(500);
      expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
      const text = await res.text();
      expectNoStackTrace(text);
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      expect(Object.keys(body), label).toEqual(['error']);
      expect(body.error.code, label).toMatch(/^[a-z_]+$/);
      expect(typeof body.error.message, label).toBe('string');
    }
  });
});
