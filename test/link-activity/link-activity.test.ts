import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { markFirstOpened } from '../../src/db/requests.ts';
import { announced } from '../../src/db/webhook-messages.ts';
import { eraseAfterRetention } from '../../src/lifecycle/retention.ts';
import { deliverQueued } from '../../src/lifecycle/scheduler.ts';
import { listedIds, postPage, supportApi } from '../support/console-session.ts';
import { requestState } from '../support/request-state.ts';
import { addSupporter, sessionCookie } from '../support/support-accounts.ts';
import { webhookWorld } from '../support/webhook-world.ts';
import { CHROME_CLICK, type HeaderSet, HEADLESS_CHROME, SAFE_LINKS_HEAD } from './header-sets.ts';

const world = await webhookWorld({}, { TRUSTED_CLIENT_IP_HEADER: 'x-client-ip' });
const { app, deps, clock } = world;
const supporter = await addSupporter(deps, 'agent@example.com');
const HOUR = 3_600_000;

/** A fetch of the link with a header set, from an address. */
const fetchLink = (path: string, set: HeaderSet, address: string) => app.request(path, { method: set.method, headers: { ...set.headers, 'x-client-ip': address } });

async function supportView(id: string) {
  const login = await app.request('/api/v1/support/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: supporter.email, password: supporter.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await supportApi(app, token).get(`/requests/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { firstOpenedAt: string | null; linkActivity: { at: string; method: string; kind: string; reasons: string[] }[] };
}

const activityRows = (id: string) => deps.db.selectFrom('link_activity').selectAll().where('request_id', '=', id).orderBy('id').execute();

describe('link activity on the reply link', async () => {
  const request = await world.create();
  await deliverQueued(deps); // the email reaches the mail API now: the scanners' clock starts
  const delivered = clock.now().toISOString();
  const before = await requestState(deps, request.id);
  let clickedAt = '';

  it('records a Safe Links-like HEAD and a headless Chrome at delivery as probably mail scanners, changing nothing of the request', async () => {
    clock.advance(2_000);
    const head = await fetchLink(request.replyPath, SAFE_LINKS_HEAD, '40.94.1.10');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    clock.advance(2_000);
    expect((await fetchLink(request.replyPath, HEADLESS_CHROME, '40.94.1.11')).status).toBe(200);
    // Not even the change number: nothing an app sees moved.
    expect(await requestState(deps, request.id)).toEqual(before);
    expect((await supportView(request.id)).linkActivity).toEqual([
      { at: expect.any(String), method: 'HEAD', kind: 'scanner', reasons: ['head_request', 'scanner_agent', 'no_fetch_metadata', 'at_delivery'] },
      { at: expect.any(String), method: 'GET', kind: 'scanner', reasons: ['headless_browser', 'user_navigation', 'at_delivery', 'burst'] },
    ]);
    expect((await world.appView(request.id)).firstOpenedAt).toBeNull();
  });

  it("records a person's click hours later as a browser, and the request keeps its status, history and updated_at", async () => {
    clock.advance(5 * HOUR);
    clickedAt = clock.now().toISOString();
    const page = await fetchLink(request.replyPath, CHROME_CLICK, '198.51.100.23');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    const { change_seq: _moved, ...rest } = await requestState(deps, request.id);
    const { change_seq: _was, ...was } = before;
    expect(rest).toEqual(was);
    const shown = await supportView(request.id);
    expect(shown.firstOpenedAt).toBe(clickedAt);
    expect(shown.linkActivity.at(-1)).toEqual({ at: clickedAt, method: 'GET', kind: 'browser', reasons: ['user_navigation'] });
    expect(await world.appView(request.id)).toMatchObject({ status: 'sent', firstOpenedAt: clickedAt, updatedAt: delivered });
  });

  it('tells the app once, with cancellation_request.opened carrying firstOpenedAt, however often the person opens it again', async () => {
    await deliverQueued(deps);
    clock.advance(HOUR);
    expect((await fetchLink(request.replyPath, CHROME_CLICK, '198.51.100.23')).status).toBe(200);
    await deliverQueued(deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent', 'cancellation_request.opened']);
    const opened = world.endpoint.processed().find((r) => r.payload!.type === 'cancellation_request.opened')!;
    expect(opened.payload!.data).toEqual(await world.appView(request.id));
    expect((await world.appView(request.id)).firstOpenedAt).toBe(clickedAt);
  });

  it('keeps no address: a keyed hash of the network groups fetches, and apps get firstOpenedAt and nothing else of it', async () => {
    const rows = await activityRows(request.id);
    const stored = JSON.stringify(rows);
    for (const part of ['40.94.1', '198.51.100']) expect(stored).not.toContain(part);
    const [safeLinks, headless, person] = rows.map((row) => row.source_key);
    expect(safeLinks).toMatch(/^[0-9a-f]{16}$/);
    expect(headless).toBe(safeLinks); // the same /24
    expect(person).not.toBe(safeLinks);
    const seenByApps = [...world.endpoint.received.map((r) => r.raw), JSON.stringify(await world.appView(request.id))].join('\n');
    for (const word of ['linkActivity', 'reasons', 'scanner', 'user_navigation', 'source_key', safeLinks!]) expect(seenByApps).not.toContain(word);
    expect(Object.keys(await world.appView(request.id)).sort()).toEqual(
      ['answeredAt', 'caseReference', 'createdAt', 'firstOpenedAt', 'followUpOf', 'id', 'outcome', 'provider', 'reference', 'status', 'updatedAt'],
    );
  });

  it('says it in one line on the console page, and lists it under "opened by a person, not answered" until it is answered', async () => {
    const unopened = await world.create();
    const login = await postPage(app, '/support/login', { email: supporter.email, password: supporter.password });
    const cookie = sessionCookie(login);
    const page = await (await app.request(`/support/requests/${request.id}`, { headers: { cookie } })).text();
    expect(page).toContain('Opened in a browser on 21 Nov 2026 at 15:00 UTC — 2 fetches probably by mail scanners, at delivery');
    expect(page).toContain('probably a mail scanner');
    const listed = async () => listedIds(await (await app.request('/support?activity=opened_not_answered', { headers: { cookie } })).text());
    expect(await listed()).toEqual([request.id]);
    expect(await listed()).not.toContain(unopened.id);
    expect((await world.sendForm(request.replyPath, { outcome: 'not_found' })).status).toBe(200);
    expect(await listed()).toEqual([]);
  });
});

describe('two first views at the same moment', async () => {
  const request = await world.create();

  it('tell the app once: past the read that saw it unopened, the write itself waits for a request not yet opened', async () => {
    // What two views that both read "not opened yet" write, one after the other.
    const firstView = (at: string) => announced(deps.db, markFirstOpened(deps.db, request.id, at), { id: deps.ids.id('msg'), at, event: 'cancellation_request.opened' });
    await deps.atomic(firstView('2026-11-21T12:00:00.000Z'));
    await deps.atomic(firstView('2026-11-21T12:00:00.001Z'));
    expect((await world.appView(request.id)).firstOpenedAt).toBe('2026-11-21T12:00:00.000Z');
    const messages = await deps.db.selectFrom('webhook_messages').select('event').where('request_id', '=', request.id).where('event', '=', 'cancellation_request.opened').execute();
    expect(messages).toHaveLength(1);
  });
});

describe('a loop of scanner fetches', async () => {
  const request = await world.create();

  it('keeps at most 30 of them, and still the person who opens the link after, up to 40 rows in all', async () => {
    for (let i = 0; i < 1_000; i++) {
      clock.advance(1_000);
      expect((await fetchLink(request.replyPath, SAFE_LINKS_HEAD, '40.94.1.10')).status).toBe(200);
    }
    expect(await activityRows(request.id)).toHaveLength(30);
    clock.advance(HOUR);
    await fetchLink(request.replyPath, CHROME_CLICK, '198.51.100.23');
    expect((await world.appView(request.id)).firstOpenedAt).toBe(clock.now().toISOString());
    for (let i = 0; i < 50; i++) {
      clock.advance(HOUR);
      await fetchLink(request.replyPath, CHROME_CLICK, '198.51.100.23');
    }
    const rows = await activityRows(request.id);
    expect(rows).toHaveLength(40);
    expect(rows.filter((row) => row.kind === 'browser')).toHaveLength(10);
  });
});

describe('an answer posted through the form', async () => {
  const request = await world.create();

  it('is a person: it sets firstOpenedAt, and the answer webhook carries it (no separate "opened")', async () => {
    await deliverQueued(deps);
    clock.advance(HOUR);
    expect((await world.sendForm(request.replyPath, { outcome: 'cancelled', date: '2027-01-31' })).status).toBe(200);
    await deliverQueued(deps);
    const view = await world.appView(request.id);
    expect(view.firstOpenedAt).toBe(clock.now().toISOString());
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent', 'cancellation_request.answered']);
    expect(world.endpoint.processed().find((r) => r.payload!.type === 'cancellation_request.answered' && r.payload!.data.id === request.id)!.payload!.data).toEqual(view);
    expect((await supportView(request.id)).linkActivity).toEqual([{ at: view.firstOpenedAt, method: 'POST', kind: 'browser', reasons: ['answer_posted'] }]);
  });

  it('is erased with the rest by retention; the app keeps firstOpenedAt, a date like answeredAt', async () => {
    clock.advance(91 * DAY_MS);
    await eraseAfterRetention(deps);
    expect(await activityRows(request.id)).toEqual([]);
    expect((await world.appView(request.id)).firstOpenedAt).not.toBeNull();
  });
});
