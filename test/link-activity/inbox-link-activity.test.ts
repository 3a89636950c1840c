import { describe, expect, it } from 'vitest';
import { deliverQueued } from '../../src/lifecycle/scheduler.ts';
import { inboxWorld, OTHER_PROVIDER } from '../support/inbox-world.ts';
import { requestState } from '../support/request-state.ts';
import { ACME_GYM } from '../support/test-deps.ts';
import { CHROME_CLICK, type HeaderSet, SAFE_LINKS_HEAD } from './header-sets.ts';

const world = await inboxWorld();
const { app, deps, clock } = world;
const HOUR = 3_600_000;

const fetchPage = (path: string, set: HeaderSet) => app.request(path, { method: set.method, headers: set.headers });
const activityOf = (id: string) =>
  deps.db.selectFrom('link_activity').select(['link_kind', 'method', 'kind', 'reasons']).where('request_id', '=', id).orderBy('id').execute();

describe('link activity on the inbox link', async () => {
  const ofA = await world.createAt(ACME_GYM.id);
  const otherOfA = await world.createAt(ACME_GYM.id);
  const ofB = await world.createAt(OTHER_PROVIDER.id);
  await deliverQueued(deps);
  clock.advance(5 * HOUR); // long after delivery: only the headers decide
  const inboxA = await world.inboxPathOf(ACME_GYM.id);
  const inboxB = await world.inboxPathOf(OTHER_PROVIDER.id);

  it("records a request form's scanner HEAD and a browser navigation as 'inbox' fetches of that request alone, changing nothing of it", async () => {
    const before = await requestState(deps, ofA.id);
    expect((await fetchPage(`${inboxA}/requests/${ofA.id}`, SAFE_LINKS_HEAD)).status).toBe(200);
    expect(await requestState(deps, ofA.id)).toEqual(before);
    clock.advance(HOUR);
    expect((await fetchPage(`${inboxA}/requests/${ofA.id}`, CHROME_CLICK)).status).toBe(200);
    expect(await activityOf(ofA.id)).toEqual([
      { link_kind: 'inbox', method: 'HEAD', kind: 'scanner', reasons: expect.stringContaining('head_request') },
      { link_kind: 'inbox', method: 'GET', kind: 'browser', reasons: JSON.stringify(['user_navigation']) },
    ]);
    // Only the change number moves, with first_opened_at: a browser opened it.
    const { change_seq: _moved, ...rest } = await requestState(deps, ofA.id);
    const { change_seq: _was, ...was } = before;
    expect(rest).toEqual(was);
    const { first_opened_at } = await deps.db.selectFrom('cancellation_requests').select('first_opened_at').where('id', '=', ofA.id).executeTakeFirstOrThrow();
    expect(first_opened_at).toBe(clock.now().toISOString());
    expect(await activityOf(otherOfA.id)).toEqual([]);
  });

  it('records nothing for a look at the list: it concerns every open request, and opens none', async () => {
    expect((await fetchPage(inboxA, CHROME_CLICK)).status).toBe(200);
    expect((await fetchPage(inboxA, SAFE_LINKS_HEAD)).status).toBe(200);
    expect(await activityOf(otherOfA.id)).toEqual([]);
  });

  it("provider B's visits never touch provider A's rows, and A's request through B's link is a 404 recorded nowhere", async () => {
    const rowsOfA = await deps.db.selectFrom('link_activity').selectAll().where('request_id', 'in', [ofA.id, otherOfA.id]).orderBy('id').execute();
    expect((await fetchPage(`${inboxB}/requests/${ofB.id}`, CHROME_CLICK)).status).toBe(200);
    expect((await fetchPage(`${inboxB}/requests/${otherOfA.id}`, CHROME_CLICK)).status).toBe(404);
    expect((await fetchPage(inboxB, CHROME_CLICK)).status).toBe(200);
    expect(await deps.db.selectFrom('link_activity').selectAll().where('request_id', 'in', [ofA.id, otherOfA.id]).orderBy('id').execute()).toEqual(rowsOfA);
    expect(await activityOf(ofB.id)).toEqual([{ link_kind: 'inbox', method: 'GET', kind: 'browser', reasons: JSON.stringify(['user_navigation']) }]);
  });
});
