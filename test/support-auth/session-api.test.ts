import { describe, expect, it } from 'vitest';
import { addSupporter, supportTestApp } from '../support/support-accounts.ts';
import { addClient, apiAs, testDeps } from '../support/test-deps.ts';

// The support JSON API's sessions: log in for a bearer token, use it, log out (SPEC §6).

const { deps, clock, app: canceldesk } = await testDeps();
const app = supportTestApp(deps);
const agent = await addSupporter(deps, 'api@example.com');
const appKey = (await addClient(deps, 'Budget App')).apiKey;

const createSession = (body: unknown) =>
  app.request('/api/v1/support/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const asSupporter = (token: string, init: RequestInit = {}) => ({ ...init, headers: { authorization: `Bearer ${token}` } });
const me = (token: string) => app.request('/api/v1/support/me', asSupporter(token));

async function newToken(): Promise<string> {
  const res = await createSession({ email: agent.email, password: agent.password });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** A 401 in the API's error shape, and nothing that looks like a stack trace. */
async function expectUnauthorized(res: Response) {
  expect(res.status).toBe(401);
  const text = await res.text();
  expect(JSON.parse(text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  expect(text).not.toMatch(/\bat .*\.ts|Error:/);
}

describe('POST /api/v1/support/sessions', () => {
  it('answers 201 with a token and its expiry 12 hours on, which opens the protected routes', async () => {
    clock.set('2026-11-21T08:00:00.000Z');
    const res = await createSession({ email: 'API@example.com', password: agent.password });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { token: string; expiresAt: string };
    expect(Object.keys(body).sort()).toEqual(['expiresAt', 'token']);
    expect(body.expiresAt).toBe('2026-11-21T20:00:00.000Z');

    const whoAmI = await me(body.token);
    expect(whoAmI.status).toBe(200);
    expect(await whoAmI.json()).toEqual({ id: agent.id, email: 'api@example.com' });
  });

  it('refuses a wrong password and an unknown email with the same 401', async () => {
    const wrong = await createSession({ email: agent.email, password: 'wrong' });
    const unknown = await createSession({ email: 'nobody@example.com', password: 'wrong' });
    for (const res of [wrong.clone(), unknown.clone()]) await expectUnauthorized(res);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('answers 400 naming each bad field for a body of the wrong shape', async () => {
    const res = await createSession({ email: 42, extra: true });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields).sort()).toEqual(['email', 'extra', 'password']);
  });

  it('answers 400 JSON, not a stack trace, for a body that is not JSON', async () => {
    const res = await createSession('{"email":');
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('invalid_json');
    expect(text).not.toMatch(/\bat .*\.ts|Error:/);
  });
});

describe('support bearer authentication', () => {
  it.each([
    ['no Authorization header', {}],
    ['another scheme', { authorization: `Basic ${btoa('a:b')}` }],
    ['a malformed bearer header', { authorization: 'Bearer ' }],
    ['a token we never issued', { authorization: `Bearer ${'A'.repeat(43)}` }],
  ])('refuses %s with a 401 JSON error', async (_, headers) => {
    await expectUnauthorized(await app.request('/api/v1/support/me', { headers }));
  });

  it('refuses an app’s API key: apps are not support', async () => {
    expect((await apiAs(canceldesk, appKey).get('/providers/none')).status).not.toBe(401); // the key itself is good
    await expectUnauthorized(await me(appKey));
  });

  it('does not let a support token into the app API', async () => {
    expect((await apiAs(canceldesk, await newToken()).get('/providers/none')).status).toBe(401);
  });

  it('refuses a token once its 12 hours are up', async () => {
    const token = await newToken();
    clock.advance(12 * 60 * 60 * 1000);
    await expectUnauthorized(await me(token));
  });
});

describe('DELETE /api/v1/support/sessions/current', () => {
  it('answers 204 and the token stops working', async () => {
    const token = await newToken();
    const res = await app.request('/api/v1/support/sessions/current', asSupporter(token, { method: 'DELETE' }));
    expect(res.status).toBe(204);
    await expectUnauthorized(await me(token));
    // Logged out is logged out: the same token cannot log out again either.
    await expectUnauthorized(await app.request('/api/v1/support/sessions/current', asSupporter(token, { method: 'DELETE' })));
  });

  it('ends only the session it was called with', async () => {
    const [kept, ended] = [await newToken(), await newToken()];
    await app.request('/api/v1/support/sessions/current', asSupporter(ended, { method: 'DELETE' }));
    expect((await me(kept)).status).toBe(200);
  });
});
