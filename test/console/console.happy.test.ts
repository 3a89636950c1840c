import { describe, expect, it } from 'vitest';
import { ZEN_YOGA, listedIds, nextPageHref, seedRequestsForLists, setStatus, supportWorld } from '../support/console-session.ts';
import { answersOf, historyCount, historyOf, outboxCount } from '../support/request-state.ts';
import { ACME_GYM, JANE_LABELLED } from '../support/test-deps.ts';

// The support console as a supporter uses it in a browser (SPEC §6): log in through the form, then
// list, filter, open a request with its free text, and act on it through the page's forms.

const MINUTE = 60_000;

describe('the list of requests', async () => {
  const w = await supportWorld();
  const { deps } = w;
  const list = async (query = '') => {
    const res = await w.page(`/support${query}`, cookie);
    expect(res.status).toBe(200);
    return listedIds(await res.text());
  };

  const { oldest, middle, zen, cancelled, other, bounced } = await seedRequestsForLists(w);
  // Logged in now: a session lasts 12 hours, and the requests above span ten days.
  const cookie = await w.logIn();

  it('lists every request, newest first', async () => {
    expect(await list()).toEqual([bounced, other, cancelled, zen, middle, oldest]);
  });

  it.each([
    ['status=answered', () => [other, cancelled]],
    ['status=delivery_failed', () => [bounced]],
    ['status=queued', () => [zen, middle, oldest]],
    [`provider=${ZEN_YOGA.id}`, () => [zen]],
    [`provider=${ACME_GYM.id}`, () => [bounced, other, cancelled, middle, oldest]],
    ['outcome=cancelled', () => [cancelled]],
    ['outcome=other', () => [other]],
    ['olderThanDays=3', () => [middle, oldest]],
    ['olderThanDays=7', () => [oldest]],
    [`status=queued&provider=${ACME_GYM.id}&olderThanDays=3`, () => [middle, oldest]],
  ])('narrows the list with %s', async (query, expected) => {
    expect(await list(`?${query}`)).toEqual(expected());
  });

  it('treats the filter form\'s empty selects as "any"', async () => {
    expect(await list('?status=&provider=&outcome=&olderThanDays=')).toHaveLength(6);
  });

  it('keeps the chosen filters selected in the filter form', async () => {
    const html = await (await w.page('/support?status=answered&olderThanDays=7', cookie)).text();
    expect(html).toMatch(/<option value="answered" selected="">answered<\/option>|<option value="answered" selected>/);
    expect(html).toMatch(/<option value="7" selected(="")?>older than 7 days<\/option>/);
  });

  it('never writes to the history, though some listed requests hold free text', async () => {
    const before = await historyCount(deps);
    await list();
    await list('?status=answered');
    await list('?outcome=other');
    expect(await historyCount(deps)).toBe(before);
  });
});

describe('paging through the list', async () => {
  const w = await supportWorld();
  const cookie = await w.logIn();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.unshift((await w.createRequest()).id);
    w.clock.advance(MINUTE);
  }

  it('with limit=2 gives pages that do not overlap and together cover every request, newest first', async () => {
    const pages: string[][] = [];
    let href: string | null = '/support?limit=2';
    while (href) {
      const res = await w.page(href, cookie);
      expect(res.status).toBe(200);
      const html = await res.text();
      pages.push(listedIds(html));
      href = nextPageHref(html);
      expect(pages.length).toBeLessThan(10);
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(ids);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('keeps the filters and the limit in the "Next page" link', async () => {
    const html = await (await w.page(`/support?provider=${ACME_GYM.id}&limit=2`, cookie)).text();
    const next = nextPageHref(html)!;
    expect(next).toMatch(/^\/support\?/);
    const params = new URLSearchParams(next.slice('/support?'.length));
    expect(params.get('provider')).toBe(ACME_GYM.id);
    expect(params.get('limit')).toBe('2');
    expect(params.get('cursor')).toBeTruthy();
    expect(listedIds(await (await w.page(next, cookie)).text())).toEqual(ids.slice(2, 4));
  });
});

describe('opening a request', async () => {
  const w = await supportWorld();
  const { clock, deps } = w;
  const cookie = await w.logIn();
  const open = async (id: string) => {
    const res = await w.page(`/support/requests/${id}`, cookie);
    expect(res.status).toBe(200);
    return res.text();
  };

  const withText = await w.createRequest();
  clock.advance(MINUTE);
  const firstAnswerAt = clock.now().toISOString();
  expect((await w.sendForm(withText.replyPath, { outcome: 'other', message: 'The account belongs to a company contract.', note: 'Call us on Monday.' })).status).toBe(200);
  clock.advance(MINUTE);
  const secondAnswerAt = clock.now().toISOString();
  expect((await w.post(`/support/requests/${withText.id}/answers`, cookie, { outcome: 'not_found', note: 'Confirmed by phone.' })).status).toBe(303);
  clock.advance(MINUTE);
  const withoutText = await w.createRequest();
  clock.advance(MINUTE);
  expect((await w.sendForm(withoutText.replyPath, { outcome: 'cancelled', date: '2026-12-31' })).status).toBe(200);

  it('shows the customer identifiers under the provider labels', async () => {
    const html = await open(withText.id);
    for (const [label, value] of JANE_LABELLED) {
      expect(html).toContain(`<dt>${label}</dt><dd class="value">${value}</dd>`);
    }
    expect(html).toContain(`${ACME_GYM.name} (${ACME_GYM.id})`);
  });

  it('shows every answer with its number and time, telling the provider from support, and the free text', async () => {
    const html = await open(withText.id);
    const rows = [...html.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['1', `${firstAnswerAt.slice(0, 16).replace('T', ' ')} UTC`, 'provider', 'other'],
      ['2', `${secondAnswerAt.slice(0, 16).replace('T', ' ')} UTC`, `${w.actor} (entered by support)`, 'not_found'],
    ]);
    expect(html).toContain('<div class="free-text">The account belongs to a company contract.</div>');
    expect(html).toContain('<div class="free-text">Call us on Monday.</div>');
    expect(html).toContain('<div class="free-text">Confirmed by phone.</div>');
  });

  it('shows the emails sent about it, to the provider inboxes', async () => {
    const html = await open(withText.id);
    expect(html).toContain(`<td>${ACME_GYM.emails.join(', ')}</td>`);
    expect(html).toMatch(/<td>queued<\/td>/);
  });

  it('shows the history, each entry with who did it', async () => {
    const html = (await open(withText.id)).split('<h2>History</h2>')[1]!;
    const history = [...html.matchAll(/<tr><td>[^<]*UTC<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(history.slice(0, 3)).toEqual([
      [`app:${w.client.id}`, 'created'],
      ['provider', 'answered'],
      [w.actor, 'answered'],
    ]);
    // This very read is already in the history it shows.
    expect(history.at(-1)).toEqual([w.actor, 'free_text_viewed']);
  });

  it('writes one free_text_viewed entry naming the support account per open of a request with free text', async () => {
    const before = (await historyOf(deps, withText.id, 'free_text_viewed')).length;
    await open(withText.id);
    await open(withText.id);
    const views = await historyOf(deps, withText.id, 'free_text_viewed');
    expect(views).toHaveLength(before + 2);
    for (const view of views) {
      expect(view.actor).toBe(w.actor);
      expect(JSON.parse(view.detail!)).toEqual({ answers: [1, 2] });
    }
  });

  it('writes nothing to the history when the request holds no free text', async () => {
    const before = await historyOf(deps, withoutText.id);
    const html = await open(withoutText.id);
    expect(html).toContain('<td>cancelled</td>');
    expect(await historyOf(deps, withoutText.id)).toEqual(before);
  });

  it('answers 404 for an unknown id', async () => {
    expect((await w.page('/support/requests/cr_missing', cookie)).status).toBe(404);
  });
});

describe('actions through the console forms', async () => {
  const w = await supportWorld();
  const { clock, deps } = w;
  const cookie = await w.logIn();
  const act = (id: string, action: string, fields: Record<string, string> = {}) => w.post(`/support/requests/${id}/${action}`, cookie, fields);
  const linkWorks = async (path: string) => expect((await w.open(path)).status).toBe(200);
  /** Who the request's history names for each entry of one kind. */
  const actorsOf = async (id: string, event: string) => (await historyOf(deps, id, event)).map((h) => h.actor);

  /** An action posted from the request's page, done: 303 back to the request with the notice `done`. */
  async function actDone(id: string, action: string, done: string, fields: Record<string, string> = {}) {
    const res = await act(id, action, fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/support/requests/${id}?done=${done}`);
    return res;
  }

  it('re-sends the email: 303 back to the request, a second email to every inbox, both links working', async () => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    const res = await actDone(id, 'resend', 'resent');

    const emails = await w.emailsOf(id);
    expect(emails).toHaveLength(2);
    expect(emails[1]!.recipients).toEqual(ACME_GYM.emails);
    expect(emails[1]!.status).toBe('queued');
    const [first, second] = await w.replyPathsOf(id);
    expect(first).toBe(replyPath);
    await linkWorks(second!);
    await linkWorks(replyPath);

    expect(await actorsOf(id, 'email_resent')).toEqual([w.actor]);

    const page = await (await w.page(res.headers.get('location')!, cookie)).text();
    expect(page).toContain('The email was queued again with the current link.');
  });

  it('re-issues the link: the old link answers 410 to GET and POST, the new email carries a working one', async () => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    await actDone(id, 'reissue-link', 'reissued');

    const paths = await w.replyPathsOf(id);
    expect(paths).toHaveLength(2);
    expect(paths[1]).not.toBe(replyPath);
    expect((await w.open(replyPath)).status).toBe(410);
    expect((await w.sendForm(replyPath, { outcome: 'not_found' })).status).toBe(410);
    expect(await answersOf(deps, id)).toEqual([]);
    await linkWorks(paths[1]!);
    expect((await w.sendForm(paths[1]!, { outcome: 'not_found' })).status).toBe(200);

    expect(await actorsOf(id, 'link_reissued')).toEqual([w.actor]);
  });

  it('re-sending the email of a request whose delivery failed makes it queued again', async () => {
    const { id } = await w.createRequest();
    await setStatus(deps, id, 'delivery_failed');
    expect((await w.appView(id)).status).toBe('delivery_failed');
    expect((await act(id, 'resend')).status).toBe(303);
    expect((await w.appView(id)).status).toBe('queued');
    expect(await w.emailsOf(id)).toHaveLength(2);
  });

  it("records an outcome on the provider's behalf: the app sees it, the answer names the account, the provider's link says so", async () => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    await actDone(id, 'answers', 'answered', { outcome: 'cancelled', date: '2026-12-31', message: '', note: 'The provider replied by plain email.' });

    const app = await w.appView(id);
    expect(app.status).toBe('answered');
    expect(app.outcome).toEqual({ type: 'cancelled', accessUntil: '2026-12-31' });
    expect(JSON.stringify(app)).not.toContain('plain email');

    const [answer] = await answersOf(deps, id);
    expect(answer).toMatchObject({ number: 1, actor: w.actor, outcome: 'cancelled', date: '2026-12-31', message: null, note: 'The provider replied by plain email.' });
    expect(await actorsOf(id, 'answered')).toEqual([w.actor]);

    const form = await w.open(replyPath);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('Entered by our support team');
    // Support's note is support-only: the provider's page does not show it.
    expect(html).not.toContain('plain email');
  });

  it('refuses an invalid outcome (a binding contract that has already ended) with 422 and the error, storing nothing', async () => {
    const { id } = await w.createRequest();
    const appBefore = await w.appView(id);
    const historyBefore = await historyOf(deps, id);
    const res = await act(id, 'answers', { outcome: 'binding_contract', date: '2026-01-31', message: '', note: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('The outcome was not recorded');
    expect(html).toContain('A binding contract that has already ended does not stop a cancellation');
    // What was typed is put back.
    expect(html).toMatch(/<option value="binding_contract" selected/);
    expect(html).toContain('value="2026-01-31"');

    expect(await answersOf(deps, id)).toEqual([]);
    expect(await w.appView(id)).toEqual(appBefore);
    expect((await historyOf(deps, id)).filter((h) => h.event !== 'free_text_viewed')).toEqual(historyBefore);
  });

  it('closes a request: its link answers 410, its POSTs store nothing, further actions are refused with 409', async () => {
    const { id, replyPath } = await w.createRequest();
    clock.advance(MINUTE);
    await actDone(id, 'close', 'closed');
    expect(await actorsOf(id, 'closed')).toEqual([w.actor]);

    expect((await w.open(replyPath)).status).toBe(410);
    expect((await w.sendForm(replyPath, { outcome: 'not_found' })).status).toBe(410);
    expect(await answersOf(deps, id)).toEqual([]);

    const emails = await outboxCount(deps);
    for (const [action, fields] of [
      ['resend', {}],
      ['reissue-link', {}],
      ['close', {}],
      ['answers', { outcome: 'not_found' }],
    ] as const) {
      const refused = await act(id, action, fields);
      expect(refused.status, action).toBe(409);
      const html = await refused.text();
      expect(html).toContain('Not done:');
      expect(html).toContain('This request is closed.');
      // The closed page offers no actions.
      expect(html).not.toContain(`action="/support/requests/${id}/resend"`);
    }
    expect(await outboxCount(deps)).toBe(emails);
    expect(await answersOf(deps, id)).toEqual([]);
    expect((await w.open(replyPath)).status).toBe(410);
    expect((await w.appView(id)).status).toBe('queued');

    const page = await (await w.page(`/support/requests/${id}`, cookie)).text();
    expect(page).toContain('This request is closed.');
    expect(page).toMatch(/queued \(closed /);
  });
});
