import { beforeAll, describe, expect, it } from 'vitest';
import { API_BODY_LIMIT } from '../../src/http/api/index.ts';
import { MAX_NAMED_FIELDS } from '../../src/http/errors.ts';
import { postDeclaringLength, serveOnLoopback } from '../support/loopback.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

const { deps, app } = await testDeps();
let api: ReturnType<typeof apiAs>;
let apiKey: string;

beforeAll(async () => {
  await addProviders(deps, ACME_GYM);
  apiKey = (await addClient(deps)).apiKey;
  api = apiAs(app, apiKey);
});

const countRequests = async () =>
  Number((await deps.db.selectFrom('cancellation_requests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const countEmails = async () =>
  Number((await deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Posts a body expected to be refused and checks the refusal is a clean JSON error that wrote nothing. */
async function refused(body: unknown, headers: Record<string, string> = {}) {
  const [requests, emails] = [await countRequests(), await countEmails()];
  const res = await api.post('/cancellation-requests', body, headers);
  const text = await res.text();
  expect(res.status).not.toBe(500);
  expect(text).not.toMatch(/at .+\.ts:\d+|node_modules/);
  expect(await countRequests()).toBe(requests);
  expect(await countEmails()).toBe(emails);
  return { status: res.status, body: JSON.parse(text), bytes: text.length };
}

describe('customer identifiers are checked against the provider', () => {
  it('names each missing required identifier', async () => {
    const { first_name, member_number, ...rest } = JANE;
    const { status, body } = await refused({ provider: 'acme-gym', customer: rest });
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.fields).toEqual({
      'customer.first_name': 'is required by this provider',
      'customer.member_number': 'is required by this provider',
    });
  });

  it('names each invalid identifier with what is wrong', async () => {
    const { body } = await refused({
      provider: 'acme-gym',
      customer: { ...JANE, email: 'not-an-email', card_last4: '12345', member_number: '12ab', phone: 'call me' },
    });
    expect(Object.keys(body.error.fields).sort()).toEqual(
      ['customer.card_last4', 'customer.email', 'customer.member_number', 'customer.phone'],
    );
    expect(body.error.fields['customer.card_last4']).toBe('must be exactly 4 digits');
  });

  it('refuses identifiers the provider does not ask for (data minimisation)', async () => {
    const { status, body } = await refused({ provider: 'acme-gym', customer: { ...JANE, date_of_birth: '1990-01-01', ssn: '123' } });
    expect(status).toBe(400);
    expect(body.error.fields).toEqual({
      'customer.date_of_birth': 'is not an identifier this provider asks for',
      'customer.ssn': 'is not an identifier this provider asks for',
    });
  });

  it('refuses values with bidi overrides or zero-width characters', async () => {
    const { body } = await refused({ provider: 'acme-gym', customer: { ...JANE, last_name: 'Doe\u202Egnp.exe', first_name: 'Ja\u200Bne' } });
    expect(Object.keys(body.error.fields).sort()).toEqual(['customer.first_name', 'customer.last_name']);
  });

  it('refuses an identifier that is not a string', async () => {
    const { body } = await refused({ provider: 'acme-gym', customer: { ...JANE, card_last4: 4242 } });
    expect(body.error.fields).toEqual({ 'customer.card_last4': 'must be a string' });
  });

  it('refuses a deeply nested value with a 400, not a crash', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const { status, body } = await refused(`{"provider":"acme-gym","customer":{"email":${deep}}}`);
    expect(status).toBe(400);
    expect(body.error.fields).toEqual({ 'customer.email': 'must be a string' });
  });

  it('names a "__proto__" key rather than dropping it silently', async () => {
    const { status, body } = await refused(`{"provider":"acme-gym","customer":{"__proto__":"x","email":"jane@example.com"}}`);
    expect(status).toBe(400);
    expect(Object.keys(body.error.fields)).toEqual(['customer.__proto__']);
  });

  it('names the first 50 of 4,500 unknown identifiers, the missing required one first, and says how many more, in a short answer', async () => {
    const { first_name, ...rest } = JANE;
    const unknown = Object.fromEntries(Array.from({ length: 4500 }, (_, i) => [`key${i}`, 'x']));
    const sent = JSON.stringify({ provider: 'acme-gym', customer: { ...rest, ...unknown } });
    expect(sent.length).toBeGreaterThan(60_000);
    expect(sent.length).toBeLessThan(API_BODY_LIMIT);
    const { status, body, bytes } = await refused(sent);
    expect(status).toBe(400);
    const named = Object.keys(body.error.fields);
    expect(named).toHaveLength(MAX_NAMED_FIELDS);
    expect(named.slice(0, 3)).toEqual(['customer.first_name', 'customer.key0', 'customer.key1']);
    expect(body.error.message).toMatch(/^Invalid customer\.first_name, customer\.key0, .* and 4,451 more fields$/);
    expect(bytes).toBeLessThan(5_000);
  });

  it('names an unknown provider', async () => {
    const { status, body } = await refused({ provider: 'nobody', customer: JANE });
    expect(status).toBe(400);
    expect(body.error.fields).toEqual({ provider: 'no provider with this id' });
  });

  it('names followUpBindingContract when it is not a boolean', async () => {
    const { status, body } = await refused({ provider: 'acme-gym', customer: JANE, followUpBindingContract: 'no' });
    expect(status).toBe(400);
    expect(Object.keys(body.error.fields)).toEqual(['followUpBindingContract']);
  });

  it('answers 409 to the same Idempotency-Key with the follow-up opted out the second time', async () => {
    const headers = { 'idempotency-key': 'follow-up-opt-out' };
    expect((await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE }, headers)).status).toBe(201);
    expect((await refused({ provider: 'acme-gym', customer: JANE, followUpBindingContract: false }, headers)).status).toBe(409);
  });
});

describe('the body itself', () => {
  it('names missing and unknown top-level fields', async () => {
    const { status, body } = await refused({ customer: JANE, colour: 'blue' });
    expect(status).toBe(400);
    expect(Object.keys(body.error.fields).sort()).toEqual(['colour', 'provider']);
  });

  it('names a customer that is not an object', async () => {
    const { body } = await refused({ provider: 'acme-gym', customer: 'Jane Doe' });
    expect(Object.keys(body.error.fields)).toEqual(['customer']);
  });

  it('refuses malformed JSON with 400 invalid_json', async () => {
    const { status, body } = await refused('{"provider": "acme-gym", ');
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_json');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { status, body } = await refused('provider=acme-gym', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(status).toBe(415);
    expect(body.error.code).toBe('unsupported_media_type');
  });

  it('refuses an empty body, naming the required fields', async () => {
    const res = await app.request('/api/v1/cancellation-requests', { method: 'POST', headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(['customer', 'provider']);
  });

  it('refuses a body whose Content-Length declares 2 MB with 413 before it arrives, writing nothing (a real HTTP server)', async () => {
    const server = await serveOnLoopback(app);
    try {
      const [requests, emails] = [await countRequests(), await countEmails()];
      // Only the body's first bytes are ever sent: a server that waited for the rest would never answer.
      const { status, body } = await postDeclaringLength(
        server.port,
        '/api/v1/cancellation-requests',
        { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        2 * 1024 * 1024,
        '{"provider":"acme-gym","customer":{"first_name":"',
      );
      expect(status).toBe(413);
      expect(JSON.parse(body).error.code).toBe('payload_too_large');
      expect(await countRequests()).toBe(requests);
      expect(await countEmails()).toBe(emails);
    } finally {
      await server.close();
    }
  });

  it('refuses a 2 MB body with 413 when it arrives chunked, without a Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"provider":"acme-gym","customer":{"first_name":"'));
        if (sent >= 2 * 1024 * 1024) return controller.close();
        controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const before = await countRequests();
    const res = await app.request('/api/v1/cancellation-requests', {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: stream,
      // @ts-expect-error Node's fetch needs duplex for a streamed body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(await countRequests()).toBe(before);
    expect(sent).toBeGreaterThan(API_BODY_LIMIT);
  });

  it('refuses an Idempotency-Key longer than 255 characters, naming the header', async () => {
    const { status, body } = await refused({ provider: 'acme-gym', customer: JANE }, { 'idempotency-key': 'k'.repeat(256) });
    expect(status).toBe(400);
    expect(Object.keys(body.error.fields)).toEqual(['header.idempotency-key']);
  });

  it('refuses a reference with control or bidi characters', async () => {
    for (const reference of ['app\u0000-1', 'app-\u202E1']) {
      const { body } = await refused({ provider: 'acme-gym', customer: JANE, reference });
      expect(body.error.fields).toEqual({ reference: 'contains control or invisible formatting characters' });
    }
  });

  it('refuses a reference over 200 characters', async () => {
    const { body } = await refused({ provider: 'acme-gym', customer: JANE, reference: 'r'.repeat(201) });
    expect(Object.keys(body.error.fields)).toEqual(['reference']);
  });
});

describe('the polling list', () => {
  const NOT_A_TIME = 'must be a date (YYYY-MM-DD) or a date and time such as 2026-12-01T10:00:00Z';
  it.each([
    ['updatedSince=yesterday', 'query.updatedSince', NOT_A_TIME],
    ['updatedSince=2026-02-30T00:00:00Z', 'query.updatedSince', NOT_A_TIME],
    ['updatedSince=2026-02-30', 'query.updatedSince', NOT_A_TIME],
    ['limit=0', 'query.limit', 'must be at least 1'],
    ['limit=201', 'query.limit', 'must be at most 200'],
    ['limit=ten', 'query.limit', 'must be a whole number'],
    ['cursor=not-a-cursor', 'query.cursor', 'is not a cursor this API gave you'],
  ])('refuses %s naming %s: %s', async (query, field, problem) => {
    const res = await api.get(`/cancellation-requests?${query}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ [field]: problem });
  });

  it('refuses a cursor together with updatedSince, saying to give one of them', async () => {
    const { nextCursor } = await (await api.get('/cancellation-requests?limit=1')).json();
    const res = await api.get(`/cancellation-requests?updatedSince=2026-12-01&cursor=${nextCursor}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({
      code: 'invalid_request',
      message: 'Invalid query.cursor',
      fields: { 'query.cursor': 'give cursor or updatedSince, not both: updatedSince starts a poll, cursor continues it' },
    });
  });
});

describe('unknown things', () => {
  it('answers an unknown request id with a JSON 404', async () => {
    const res = await api.get('/cancellation-requests/cr_doesnotexist');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await api.get('/nothing-here');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
