import { describe, expect, it } from 'vitest';
import { supportWorld } from '../support/console-session.ts';
import { CROSS_SITE } from '../support/cross-site.ts';
import { HOSTILE, autoReply, emailReplyRow, matchedWithSuggestion, matchedWithoutSuggestion, seedRepliesForTriage, unmatched } from '../support/email-reply-rows.ts';
import { escapeHtml, expectInert } from '../support/html.ts';
import { answersOf, historyOf, requestState } from '../support/request-state.ts';

// The console's Email replies view (issue 15): support reads what providers wrote by email and settles
// each reply with one form, JavaScript off, from our own pages only; the text is hostile and stays text.

const MINUTE = 60_000;
const replyRow = (w: Awaited<ReturnType<typeof supportWorld>>, id: string) => emailReplyRow(w.deps, id);
/** The reply cards on a page, in the order shown. */
const cardIds = (html: string) => [...html.matchAll(/<article class="reply" id="([^"]+)"/g)].map((m) => m[1]!);
const referenceOf = async (w: Awaited<ReturnType<typeof supportWorld>>, id: string) =>
  (await w.deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;

describe('the Email replies view', async () => {
  const w = await supportWorld();
  const { deps } = w;
  const { first, second, older, question, stranger, away } = await seedRepliesForTriage(w);
  const cookie = await w.logIn();
  const html = await (await w.page('/support/email-replies', cookie)).text();

  it("is linked from every console page's navigation", async () => {
    for (const path of ['/support', `/support/requests/${first.id}`, '/support/email-replies']) {
      expect(await (await w.page(path, cookie)).text(), path).toContain('<a href="/support/email-replies">Email replies</a>');
    }
  });

  it('shows open matched replies newest first, then the unmatched ones apart, then the auto-replies folded in a <details>', () => {
    expect(cardIds(html)).toEqual([question, older, stranger, away]);
    const matchedAt = html.indexOf('<h2>Matched to a request</h2>');
    const unmatchedAt = html.indexOf('<h2>Not matched</h2>');
    const foldedAt = html.indexOf('<details class="auto-replies">');
    expect(matchedAt).toBeLessThan(html.indexOf(`id="${older}"`));
    expect(html.indexOf(`id="${older}"`)).toBeLessThan(unmatchedAt);
    expect(unmatchedAt).toBeLessThan(html.indexOf(`id="${stranger}"`));
    expect(foldedAt).toBeGreaterThan(html.indexOf(`id="${stranger}"`));
    expect(html.indexOf(`id="${away}"`)).toBeGreaterThan(foldedAt);
    expect(html).toContain('1 auto-reply (out of office and the like)');
  });

  it('shows a matched reply with its request (reference, provider), its visible text and the suggestion in words', async () => {
    const card = html.slice(html.indexOf(`id="${older}"`), html.indexOf(`id="${stranger}"`));
    expect(card).toContain(`<a href="/support/requests/${first.id}">${await referenceOf(w, first.id)}</a> · acme-gym`);
    expect(card).toContain('The membership has been cancelled. Access until 31 January 2027.');
    expect(card).toContain('Suggested: Cancelled, access until 31 January 2027');
    expect(card).toContain(`action="/support/email-replies/${older}/accept"`);
    expect(card).toContain(`action="/support/email-replies/${older}/record"`);
    expect(card).toContain(`action="/support/email-replies/${older}/handled"`);
  });

  it('offers no Accept without a suggestion, and Assign (not Record) on an unmatched reply', () => {
    expect(html).not.toContain(`/support/email-replies/${question}/accept`);
    expect(html).toContain(`action="/support/email-replies/${stranger}/assign"`);
    expect(html).not.toContain(`/support/email-replies/${stranger}/record`);
  });

  it('records the read once per matched request shown, naming every reply of it on the page', async () => {
    const before = (await historyOf(deps, first.id, 'free_text_viewed')).length;
    await w.page('/support/email-replies', cookie);
    const reads = await historyOf(deps, first.id, 'free_text_viewed');
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toMatchObject({ actor: w.actor });
    expect(JSON.parse(reads.at(-1)!.detail!)).toEqual({ emailReplies: [older, away] });
    expect(JSON.parse((await historyOf(deps, second.id, 'free_text_viewed')).at(-1)!.detail!)).toEqual({ emailReplies: [question] });
  });

  it('sends a browser without a session to the login page, for the view and every action', async () => {
    expect((await w.page('/support/email-replies')).headers.get('location')).toBe('/support/login');
    for (const action of ['accept', 'record', 'assign', 'handled']) {
      const res = await w.post(`/support/email-replies/${older}/${action}`, undefined, { outcome: 'not_found', requestId: first.id });
      expect(res.status, action).toBe(303);
      expect(res.headers.get('location')).toBe('/support/login');
    }
    expect((await replyRow(w, older)).state).toBe('open');
  });

  it('refuses every action posted from another site (CSRF) with 403 and changes nothing', async () => {
    const before = await requestState(deps, first.id);
    for (const action of ['accept', 'record', 'assign', 'handled']) {
      const res = await w.post(`/support/email-replies/${older}/${action}`, cookie, { outcome: 'not_found' }, CROSS_SITE);
      expect(res.status, action).toBe(403);
    }
    const assign = await w.post(`/support/email-replies/${stranger}/assign`, cookie, { requestId: first.id }, CROSS_SITE);
    expect(assign.status).toBe(403);
    expect(await requestState(deps, first.id)).toEqual(before);
    expect((await replyRow(w, older)).state).toBe('open');
    expect((await replyRow(w, stranger)).request_id).toBeNull();
  });
});

describe('the forms on a reply', async () => {
  const w = await supportWorld();
  const { deps } = w;
  const cookie = await w.logIn();
  const post = (replyId: string, action: string, fields: Record<string, string> = {}) => w.post(`/support/email-replies/${replyId}/${action}`, cookie, fields);

  it('Accept suggestion: 303 back to the view with a notice; the outcome is recorded from the reply', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const res = await post(reply, 'accept');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support/email-replies?done=accepted');
    expect(await (await w.page(res.headers.get('location')!, cookie)).text()).toContain('The suggested outcome was recorded');
    expect(await w.appView(request.id)).toMatchObject({ status: 'answered', outcome: { type: 'cancelled', accessUntil: '2027-01-31' } });
    expect(JSON.parse((await historyOf(deps, request.id, 'answered'))[0]!.detail!)).toMatchObject({ emailReply: reply });
    // Settled: no longer in the open view, and a second click says why.
    expect(cardIds(await (await w.page('/support/email-replies', cookie)).text())).not.toContain(reply);
    const again = await post(reply, 'accept');
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(`Not done: the email reply was already handled by ${w.agent.email}.`);
    expect(await answersOf(deps, request.id)).toHaveLength(1);
  });

  it('Record another outcome: an invalid one comes back 422 with the error at that reply and what was typed', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithoutSuggestion(deps, request.id);
    const res = await post(reply, 'record', { outcome: 'cancelled', date: '2025-02-29', note: 'kept note' });
    expect(res.status).toBe(422);
    const html = await res.text();
    const card = html.slice(html.indexOf(`id="${reply}"`));
    expect(card).toMatch(/<details open(="")?>/);
    expect(card).toContain('kept note</textarea>');
    expect(card).toContain('<p class="error" role="alert">The outcome was not recorded: see below.</p>');
    expect(await answersOf(deps, request.id)).toEqual([]);

    const ok = await post(reply, 'record', { outcome: 'already_cancelled', date: '2026-10-01' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/support/email-replies?done=recorded');
    expect(await replyRow(w, reply)).toMatchObject({ state: 'handled', resolution: 'recorded' });
    expect(await w.appView(request.id)).toMatchObject({ outcome: { type: 'already_cancelled', cancelledOn: '2026-10-01' } });
  });

  it('Assign to request: by the reference providers quote; an unknown one is a 422 next to the field', async () => {
    const request = await w.createRequest();
    const reply = await unmatched(deps);
    const wrong = await post(reply, 'assign', { requestId: 'CD-00000000' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain(`<p class="error" id="${reply}-request-error">no request has this id or reference</p>`);
    const res = await post(reply, 'assign', { requestId: await referenceOf(w, request.id) });
    expect(res.status).toBe(303);
    expect(await replyRow(w, reply)).toMatchObject({ request_id: request.id, matched_by: 'support', state: 'open' });
    // Now it shows with its request, ready to accept.
    expect(await (await w.page('/support/email-replies', cookie)).text()).toContain(`action="/support/email-replies/${reply}/accept"`);
  });

  it('Mark handled: settles it without an outcome', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithoutSuggestion(deps, request.id);
    const res = await post(reply, 'handled');
    expect(res.status).toBe(303);
    expect(await replyRow(w, reply)).toMatchObject({ state: 'handled', resolution: 'handled', handled_by: w.agent.email });
    expect(await answersOf(deps, request.id)).toEqual([]);
    expect(cardIds(await (await w.page('/support/email-replies?state=handled', cookie)).text())).toContain(reply);
  });

  it('answers 404 for an unknown reply', async () => {
    expect((await post('er_missing', 'handled')).status).toBe(404);
  });
});

describe('the request page', async () => {
  const w = await supportWorld();
  const { deps } = w;
  const cookie = await w.logIn();

  it('shows its email replies beside the answers, with text and suggestion, and records the read', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const html = await (await w.page(`/support/requests/${request.id}`, cookie)).text();
    const section = html.slice(html.indexOf('<h2>Email replies</h2>'), html.indexOf('<h2>Actions</h2>'));
    expect(section).toContain(`<article class="reply" id="${reply}">`);
    expect(section).toContain('The membership has been cancelled.');
    expect(section).toContain('Suggested: Cancelled, access until 31 January 2027');
    expect(section).toContain(`href="/support/email-replies#${reply}"`);
    expect(html.indexOf('<h2>Answers</h2>')).toBeLessThan(html.indexOf('<h2>Email replies</h2>'));
    expect(JSON.parse((await historyOf(deps, request.id, 'free_text_viewed')).at(-1)!.detail!)).toEqual({ emailReplies: [reply] });
  });
});

describe('hostile email text (THREATS 11, 20)', async () => {
  const w = await supportWorld();
  const { deps } = w;
  const cookie = await w.logIn();
  const request = await w.createRequest();
  const fields = { subject: HOSTILE.subject, visible_text: HOSTILE.body, full_text: HOSTILE.body, from_name: HOSTILE.subject, from_address: 'x@evil.example' };
  await matchedWithSuggestion(deps, request.id, fields);
  await unmatched(deps, fields);
  await autoReply(deps, null, fields);

  it.each([
    ['the Email replies view', () => '/support/email-replies'],
    ["the request's page", () => `/support/requests/${request.id}`],
  ])('is shown escaped, as text, in %s', async (_, path) => {
    const html = await (await w.page(path(), cookie)).text();
    expectInert(html);
    expect(html).toContain(escapeHtml(HOSTILE.body));
    expect(html).toContain(escapeHtml(HOSTILE.subject).replaceAll('&quot;', '&quot;'));
  });
});
