import { describe, expect, it } from 'vitest';
import type { AtomicWrite } from '../../src/db/atomic.ts';
import { closeRequest } from '../../src/db/requests.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { closeForAnswers, reissueLink } from '../../src/support/request-actions.ts';
import { supportWorld } from '../support/console-session.ts';
import { requestState } from '../support/request-state.ts';

// Support actions that race each other (a double click, two supporters at once) and what a failed
// re-send may and may not do to a request.

const w = await supportWorld();
const cookie = await w.logIn();
const historyEvents = async (id: string) =>
  (await w.deps.db.selectFrom('request_history').select('event').where('request_id', '=', id).execute()).map((h) => h.event);

describe('actions at the same moment', () => {
  it('a double-clicked re-issue never sends an email whose link is already dead', async () => {
    const { id } = await w.createRequest();
    const results = await Promise.all([1, 2].map(() => w.post(`/support/requests/${id}/reissue-link`, cookie)));
    // Interleaved, the second finds the link changed under it (409); one after the other, both land.
    const landed = results.filter((r) => r.status === 303).length;
    expect(landed + results.filter((r) => r.status === 409).length).toBe(2);
    expect(landed).toBeGreaterThanOrEqual(1);
    const paths = await w.replyPathsOf(id);
    expect(paths).toHaveLength(1 + landed);
    expect((await historyEvents(id)).filter((e) => e === 'link_reissued')).toHaveLength(landed);
    // Exactly one email's link works (the newest): every email queued was current when it was queued,
    // and each later re-issue replaced the one before it. (The frozen test clock gives them one time.)
    const statuses = await Promise.all(paths.map(async (path) => (await w.open(path)).status));
    expect(statuses.sort()).toEqual([200, ...Array(landed).fill(410)]);
  });

  it('a re-issue racing a close either lands before it or not at all', async () => {
    const { id } = await w.createRequest();
    await Promise.all([w.post(`/support/requests/${id}/close`, cookie), w.post(`/support/requests/${id}/reissue-link`, cookie)]);
    const events = await historyEvents(id);
    const paths = await w.replyPathsOf(id);
    // Whatever the order, nothing about the request was sent after it closed.
    if (events.includes('link_reissued')) expect(events.indexOf('link_reissued')).toBeLessThan(events.indexOf('closed'));
    else expect(paths).toHaveLength(1);
    for (const path of paths) expect((await w.open(path)).status).toBe(410);
  });

  it('two closes at once close once, with one history entry', async () => {
    const { id } = await w.createRequest();
    const results = await Promise.all([1, 2].map(() => w.post(`/support/requests/${id}/close`, cookie)));
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect((await historyEvents(id)).filter((e) => e === 'closed')).toHaveLength(1);
  });
});

describe('an action whose request was closed after it read it, before its write', () => {
  /** The real atomic, after another supporter's close of `requestId` has landed. */
  const closedFirst =
    (requestId: string): AtomicWrite =>
    async (writes) => {
      await w.deps.atomic([closeRequest(w.deps.db, requestId, w.clock.now().toISOString())]);
      return w.deps.atomic(writes);
    };

  it('a re-issue says the request changed meanwhile, and queues no email and no history', async () => {
    const { id } = await w.createRequest();
    const before = await w.replyPathsOf(id);
    const result = await reissueLink({ ...w.deps, atomic: closedFirst(id) }, id, { accountId: 'sa_test' });
    expect(result).toMatchObject({ kind: 'refused', reason: expect.stringContaining('changed meanwhile') });
    expect(await w.replyPathsOf(id)).toEqual(before);
    expect(await historyEvents(id)).not.toContain('link_reissued');
  });

  it('a close says it is closed, and writes no entry of its own', async () => {
    const { id } = await w.createRequest();
    const result = await closeForAnswers({ ...w.deps, atomic: closedFirst(id) }, id, { accountId: 'sa_test' });
    expect(result).toMatchObject({ kind: 'refused', reason: 'the request is closed' });
    expect(await historyEvents(id)).not.toContain('closed');
  });
});

describe('a re-send that fails', () => {
  it('leaves a request whose first email reached the provider as it was, not delivery_failed', async () => {
    const { id } = await w.createRequest();
    await drainOutbox(w.deps);
    expect((await w.appView(id)).status).toBe('sent');
    expect((await w.post(`/support/requests/${id}/resend`, cookie)).status).toBe(303);
    const rejecting: Mailer = { name: 'rejecting', send: async () => ({ status: 'rejected', error: 'invalid recipient' }) };
    expect((await drainOutbox({ ...w.deps, mailer: rejecting })).failed).toBe(1);
    expect((await w.appView(id)).status).toBe('sent');
  });
});

describe('forms that cannot be read or are too large', () => {
  it('a broken multipart body to the login, the console and the reply form is a page, never a 500', async () => {
    const { id, replyPath } = await w.createRequest();
    const broken = { 'content-type': 'multipart/form-data; boundary=abc', 'sec-fetch-site': 'same-origin' };
    const login = await w.app.request('/support/login', { method: 'POST', headers: broken, body: '--abc\r\nbroken' });
    expect(login.status).toBe(415);
    const answer = await w.app.request(`/support/requests/${id}/answers`, { method: 'POST', headers: { ...broken, cookie }, body: '--abc\r\nbroken' });
    expect(answer.status).toBe(422);
    const reply = await w.app.request(replyPath, { method: 'POST', headers: broken, body: '--abc\r\nbroken' });
    expect(reply.status).toBe(415);
    for (const res of [login, answer, reply]) expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await w.deps.db.selectFrom('request_answers').select('id').where('request_id', '=', id).execute()).toHaveLength(0);
  });

  it('a 3 MB login or console post is refused with 413 before it is read, and writes nothing', async () => {
    const { id } = await w.createRequest();
    const padding = 'x'.repeat(3 * 1024 * 1024);
    const sessions = () => w.deps.db.selectFrom('support_sessions').select('token_hash').execute();
    const sessionsBefore = await sessions();
    const before = await requestState(w.deps, id);

    // Each would work if it were read: the supporter's real password, a valid answer, a close.
    const login = await w.post('/support/login', undefined, { email: w.agent.email, password: w.agent.password, padding });
    expect(login.status).toBe(413);
    expect(login.headers.get('set-cookie')).toBeNull();
    expect(await sessions()).toEqual(sessionsBefore);
    expect((await w.post(`/support/requests/${id}/answers`, cookie, { outcome: 'not_found', padding })).status).toBe(413);
    expect((await w.post(`/support/requests/${id}/close`, cookie, { padding })).status).toBe(413);
    expect(await requestState(w.deps, id)).toEqual(before);
  });
});
