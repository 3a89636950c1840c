import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { supportApi, supportWorld } from '../support/console-session.ts';
import { expectNoStackTrace } from '../support/html.ts';
import { requestState } from '../support/request-state.ts';

// What the support JSON API answers to requests it cannot carry out: a JSON error naming each bad
// field (400), no such request (404), a closed request (409), and nothing written in any case (SPEC §6).

const w = await supportWorld();
const { deps } = w;
const api = supportApi(w.app, await w.apiToken());

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

async function errorOf(res: Response, status: number): Promise<ErrorBody['error']> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const text = await res.text();
  expectNoStackTrace(text);
  return (JSON.parse(text) as ErrorBody).error;
}

describe('GET /api/v1/support/requests with bad query values', () => {
  it.each([
    ['status=bogus', ['query.status']],
    ['outcome=maybe', ['query.outcome']],
    [`provider=${'p'.repeat(65)}`, ['query.provider']],
    ['olderThanDays=-1', ['query.olderThanDays']],
    ['olderThanDays=three', ['query.olderThanDays']],
    ['limit=0', ['query.limit']],
    ['limit=201', ['query.limit']],
    ['sort=asc', ['query.sort']],
    ['q=', ['query.q']],
    ['q=%20%20', ['query.q']],
    [`q=${'x'.repeat(201)}`, ['query.q']],
    ['status=bogus&limit=0&olderThanDays=x', ['query.limit', 'query.olderThanDays', 'query.status']],
  ])('answers 400 naming the field for %s', async (query, fields) => {
    const error = await errorOf(await api.get(`/requests?${query}`), 400);
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields!).sort()).toEqual(fields);
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['base64 of something else', base64url.encode('{"createdAt":"2026-01-01"}')],
    ['a cursor of another version', base64url.encode(JSON.stringify([2, '2026-11-21T10:00:00.000Z', 'cr_x']))],
    ['an over-long one', 'a'.repeat(301)],
  ])('answers 400 naming query.cursor for %s', async (_, cursor) => {
    const error = await errorOf(await api.get(`/requests?cursor=${encodeURIComponent(cursor)}`), 400);
    expect(Object.keys(error.fields!)).toEqual(['query.cursor']);
  });
});

describe('POST /api/v1/support/requests/:id/answers with a bad body', () => {
  const cases: [string, unknown, string[]][] = [
    ['no outcome', {}, ['outcome']],
    ['an unknown outcome', { outcome: 'postponed' }, ['outcome']],
    ['a dated outcome without its date', { outcome: 'cancelled' }, ['date']],
    ['an impossible date', { outcome: 'cancelled', date: '2026-02-30' }, ['date']],
    ['a date that is not a date', { outcome: 'cancelled', date: 'next week' }, ['date']],
    ['a binding contract that already ended', { outcome: 'binding_contract', date: '2026-01-31' }, ['date']],
    ['a cancellation done in the future', { outcome: 'already_cancelled', date: '2027-01-31' }, ['date']],
    ['"other" without a message', { outcome: 'other' }, ['message']],
    ['a message over the limit', { outcome: 'other', message: 'x'.repeat(2001) }, ['message']],
    ['a note with a bidi override', { outcome: 'not_found', note: 'see \u202Eattached' }, ['note']],
    ['a message that is not text', { outcome: 'other', message: 42 }, ['message']],
    ['a field we do not take', { outcome: 'not_found', actor: 'provider' }, ['actor']],
  ];

  it.each(cases)('answers 400 naming the field for %s, storing nothing', async (_, body, fields) => {
    const { id } = await w.createRequest();
    const before = await requestState(deps, id);
    const error = await errorOf(await api.post(`/requests/${id}/answers`, body), 400);
    expect(error.code).toBe('invalid_request');
    expect(Object.keys(error.fields!).sort()).toEqual(fields);
    expect(await requestState(deps, id)).toEqual(before);
  });

  it('answers 400 invalid_json for malformed JSON, storing nothing', async () => {
    const { id } = await w.createRequest();
    const before = await requestState(deps, id);
    const error = await errorOf(await api.post(`/requests/${id}/answers`, '{"outcome":'), 400);
    expect(error.code).toBe('invalid_json');
    expect(await requestState(deps, id)).toEqual(before);
  });

  it('answers 415, like the app API, for a body that is not JSON, storing nothing', async () => {
    const { id } = await w.createRequest();
    const before = await requestState(deps, id);
    const res = await api.post(`/requests/${id}/answers`, 'outcome=not_found', { 'content-type': 'application/x-www-form-urlencoded' });
    const error = await errorOf(res, 415);
    expect(error.code).toBe('unsupported_media_type');
    expect(await requestState(deps, id)).toEqual(before);
  });

  it('answers 413 for a 2 MB body, storing nothing', async () => {
    const { id } = await w.createRequest();
    const before = await requestState(deps, id);
    const error = await errorOf(await api.post(`/requests/${id}/answers`, { outcome: 'other', message: 'x'.repeat(2 * 1024 * 1024) }), 413);
    expect(error.code).toBe('payload_too_large');
    expect(await requestState(deps, id)).toEqual(before);
  });
});

describe('an unknown request id', () => {
  it.each([
    ['GET', ''],
    ['POST', '/resend'],
    ['POST', '/reissue-link'],
    ['POST', '/close'],
    ['POST', '/answers'],
  ])('%s …/requests/:id%s answers 404 JSON', async (method, suffix) => {
    const res = method === 'GET' ? await api.get(`/requests/cr_missing${suffix}`) : await api.post(`/requests/cr_missing${suffix}`, suffix === '/answers' ? { outcome: 'not_found' } : undefined);
    const error = await errorOf(res, 404);
    expect(error.code).toBe('not_found');
  });
});

describe('a closed request', () => {
  it.each([
    ['resend', undefined],
    ['reissue-link', undefined],
    ['close', undefined],
    ['answers', { outcome: 'not_found' }],
  ])('refuses POST …/%s with 409 and writes nothing', async (action, body) => {
    const { id, replyPath } = await w.createRequest();
    expect((await api.post(`/requests/${id}/close`)).status).toBe(200);
    const before = await requestState(deps, id);
    const error = await errorOf(await api.post(`/requests/${id}/${action}`, body), 409);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('closed');
    expect(await requestState(deps, id)).toEqual(before);
    expect((await w.open(replyPath)).status).toBe(410);
  });
});
