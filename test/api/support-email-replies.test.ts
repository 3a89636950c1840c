import { describe, expect, it } from 'vitest';
import type { AtomicWrite } from '../../src/db/atomic.ts';
import { assignEmailReply, settleEmailReply } from '../../src/db/email-reply-triage.ts';
import { acceptSuggestion, assignToRequest, markHandled } from '../../src/support/email-replies.ts';
import { supportApi, supportWorld } from '../support/console-session.ts';
import { addEmailReply, autoReply, emailReplyRow, handledReply, matchedWithoutSuggestion, matchedWithSuggestion, seedRepliesForTriage, unmatched } from '../support/email-reply-rows.ts';
import { answersOf, historyOf, requestState } from '../support/request-state.ts';

// Support's triage of email replies as JSON (issue 15): list, open, and settle each reply once.

const MINUTE = 60_000;

interface Summary {
  id: string;
  kind: string;
  state: string;
  visibleText: string;
  suggestion: { outcome: string; date: string | null } | null;
  request: { id: string; caseReference: string; provider: string } | null;
  matchedBy: string | null;
  handledBy: string | null;
  resolution: string | null;
}

const w = await supportWorld();
const { deps } = w;
const api = supportApi(w.app, await w.apiToken());
const replyRow = (id: string) => emailReplyRow(deps, id);
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } }).error;

describe('GET /api/v1/support/email-replies', async () => {
  // Its own world: the other groups' replies, written while vitest collects, would join this list.
  const w = await supportWorld();
  const { deps } = w;
  const api = supportApi(w.app, await w.apiToken());
  const { first, older, question, stranger, away, done } = await seedRepliesForTriage(w);

  const list = async (query = '') => {
    const res = await api.get(`/email-replies${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as { data: Summary[]; autoReplies: number };
  };
  const ids = async (query = '') => (await list(query)).data.map((r) => r.id);

  it('lists open replies newest first, auto-replies folded away but counted', async () => {
    const page = await list();
    expect(page.data.map((r) => r.id)).toEqual([stranger, question, older]);
    expect(page.autoReplies).toBe(1);
  });

  it('shows a matched reply with its request, text and suggestion, an unmatched one with none', async () => {
    const page = await list();
    const accepted = page.data.find((r) => r.id === older)!;
    expect(accepted).toMatchObject({
      kind: 'reply',
      state: 'open',
      matchedBy: 'address',
      suggestion: { outcome: 'cancelled', date: '2027-01-31' },
      request: { id: first.id, caseReference: expect.stringMatching(/^CD-/), provider: 'acme-gym' },
    });
    expect(accepted.visibleText).toContain('Access until 31 January 2027');
    expect(page.data.find((r) => r.id === stranger)).toMatchObject({ request: null, matchedBy: null });
  });

  it.each([
    ['?matched=true', () => [question, older]],
    ['?matched=false', () => [stranger]],
    ['?state=handled', () => [done]],
    ['?autoReplies=true', () => [away]],
    ['?state=open&matched=true&autoReplies=true', () => [away]],
  ])('narrows the list with %s', async (query, expected) => {
    expect(await ids(query)).toEqual(expected());
  });

  it('answers 400 naming a filter it does not understand', async () => {
    const res = await api.get('/email-replies?state=closed&matched=maybe');
    expect(res.status).toBe(400);
    expect(Object.keys((await errorOf(res)).fields ?? {})).toEqual(['query.state', 'query.matched']);
  });

  it('records the read of the shown text on each matched request, naming the supporter and the replies', async () => {
    const before = (await historyOf(deps, first.id, 'free_text_viewed')).length;
    await list();
    const reads = await historyOf(deps, first.id, 'free_text_viewed');
    expect(reads).toHaveLength(before + 1);
    expect(reads.at(-1)).toMatchObject({ actor: w.actor, detail: JSON.stringify({ emailReplies: [older] }) });
  });

  it('is closed to a request without a support session, and to an app key', async () => {
    expect((await w.app.request('/api/v1/support/email-replies')).status).toBe(401);
    const withAppKey = await w.app.request('/api/v1/support/email-replies', { headers: { authorization: `Bearer ${w.client.apiKey}` } });
    expect(withAppKey.status).toBe(401);
  });
});

describe('GET /api/v1/support/email-replies/:id', async () => {
  const request = await w.createRequest();
  const reply = await matchedWithSuggestion(deps, request.id, { attachments: JSON.stringify([{ filename: 'confirmation.pdf', mimeType: 'application/pdf', size: 48213 }]) });

  it('answers the reply in full, its whole text and attachment names, and records the read', async () => {
    const res = await api.get(`/email-replies/${reply}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: reply, fullText: expect.stringContaining('> Please cancel'), attachments: [{ filename: 'confirmation.pdf', size: 48213 }] });
    expect((await historyOf(deps, request.id, 'free_text_viewed')).at(-1)).toMatchObject({ actor: w.actor, detail: JSON.stringify({ emailReplies: [reply] }) });
  });

  it('answers 404 for an unknown reply', async () => {
    const res = await api.get('/email-replies/er_nope');
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatchObject({ code: 'not_found', message: 'No such email reply' });
  });
});

describe('POST …/:id/accept', () => {
  it("records the suggestion on the provider's behalf, as support, saying it came from the reply, and settles the reply", async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const res = await api.post(`/email-replies/${reply}/accept`);
    expect(res.status).toBe(200);
    expect(await w.appView(request.id)).toMatchObject({ status: 'answered', outcome: { type: 'cancelled', accessUntil: '2027-01-31' } });
    const [answer] = await answersOf(deps, request.id);
    expect(answer).toMatchObject({ actor: w.actor, outcome: 'cancelled', date: '2027-01-31', message: null, note: null });
    const [answered] = await historyOf(deps, request.id, 'answered');
    expect(answered).toMatchObject({ actor: w.actor });
    expect(JSON.parse(answered!.detail!)).toEqual({ answer: answer!.id, outcome: 'cancelled', emailReply: reply });
    expect(await replyRow(reply)).toMatchObject({ state: 'handled', resolution: 'accepted', handled_by: w.agent.email, handled_at: w.clock.now().toISOString() });
  });

  it('refuses a reply already handled, and writes nothing', async () => {
    const request = await w.createRequest();
    const reply = await handledReply(deps, request.id, { suggested_outcome: 'not_found' });
    const before = await requestState(deps, request.id);
    const res = await api.post(`/email-replies/${reply}/accept`);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toBe('Not possible: the email reply was already handled by someone@example.com');
    expect(await requestState(deps, request.id)).toEqual(before);
  });

  it.each([
    ['a reply without a suggestion', async (id: string) => matchedWithoutSuggestion(deps, id), 'has no suggested outcome'],
    ['an unmatched reply', async () => unmatched(deps), 'not matched to a request; assign it'],
    ['an auto-reply', async (id: string) => autoReply(deps, id), 'has no suggested outcome'],
  ])('refuses %s clearly', async (_, make, reason) => {
    const request = await w.createRequest();
    const reply = await make(request.id);
    const res = await api.post(`/email-replies/${reply}/accept`);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toContain(reason);
    expect((await replyRow(reply)).state).toBe('open');
    expect(await answersOf(deps, request.id)).toEqual([]);
  });

  it('refuses when the request is closed, and when it already has an answer (no longer waiting)', async () => {
    const closed = await w.createRequest();
    expect((await api.post(`/requests/${closed.id}/close`)).status).toBe(200);
    const toClosed = await matchedWithSuggestion(deps, closed.id);
    const answered = await w.createRequest();
    expect((await w.sendForm(answered.replyPath, { outcome: 'not_found' })).status).toBe(200);
    const toAnswered = await matchedWithSuggestion(deps, answered.id);

    const a = await api.post(`/email-replies/${toClosed}/accept`);
    expect(a.status).toBe(409);
    expect((await errorOf(a)).message).toBe('Not possible: the request is closed');
    const b = await api.post(`/email-replies/${toAnswered}/accept`);
    expect(b.status).toBe(409);
    expect((await errorOf(b)).message).toContain('no longer waiting');
    expect(await answersOf(deps, closed.id)).toEqual([]);
    expect(await answersOf(deps, answered.id)).toHaveLength(1);
    expect((await replyRow(toAnswered)).state).toBe('open');
  });

  it('refuses a suggestion the form would refuse (a date before the request)', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id, { suggested_date: '2026-01-31' });
    const res = await api.post(`/email-replies/${reply}/accept`);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toContain("does not pass the form's checks");
    expect(await answersOf(deps, request.id)).toEqual([]);
  });

  it('of two supporters accepting at once, one records the outcome and the other is told it changed', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const results = await Promise.all([1, 2].map(() => api.post(`/email-replies/${reply}/accept`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await answersOf(deps, request.id)).toHaveLength(1);
    expect(await historyOf(deps, request.id, 'answered')).toHaveLength(1);
  });

  it('writes nothing when the reply was handled between its read and the write', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const handledFirst: AtomicWrite = async (writes) => {
      await deps.atomic([settleEmailReply(deps.db, reply, { at: w.clock.now().toISOString(), by: 'other@example.com', resolution: 'handled' })]);
      return deps.atomic(writes);
    };
    const before = await requestState(deps, request.id);
    const result = await acceptSuggestion({ ...deps, atomic: handledFirst }, reply, { accountId: w.agent.id, email: w.agent.email });
    expect(result).toMatchObject({ kind: 'refused', reason: expect.stringContaining('changed meanwhile') });
    expect(await requestState(deps, request.id)).toEqual(before);
    expect(await replyRow(reply)).toMatchObject({ handled_by: 'other@example.com', resolution: 'handled' });
  });

  it('writes nothing when the provider answered through the form between its read and the write', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const formFirst: AtomicWrite = async (writes) => {
      expect((await w.sendForm(request.replyPath, { outcome: 'not_found' })).status).toBe(200);
      return deps.atomic(writes);
    };
    const result = await acceptSuggestion({ ...deps, atomic: formFirst }, reply, { accountId: w.agent.id, email: w.agent.email });
    expect(result.kind).toBe('refused');
    expect((await answersOf(deps, request.id)).map((a) => a.outcome)).toEqual(['not_found']);
    expect((await replyRow(reply)).state).toBe('open');
  });

  it('answers 404 for an unknown reply', async () => {
    expect((await api.post('/email-replies/er_nope/accept')).status).toBe(404);
  });
});

describe('POST …/:id/record', () => {
  it('records the outcome support chose, checked like the form, and settles the reply as recorded', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithoutSuggestion(deps, request.id);
    const res = await api.post(`/email-replies/${reply}/record`, { outcome: 'binding_contract', date: '2027-06-30', note: 'Read in their email' });
    expect(res.status).toBe(200);
    expect(await w.appView(request.id)).toMatchObject({ outcome: { type: 'binding_contract', contractEndsOn: '2027-06-30' } });
    expect(JSON.parse((await historyOf(deps, request.id, 'answered'))[0]!.detail!)).toMatchObject({ emailReply: reply });
    expect(await replyRow(reply)).toMatchObject({ state: 'handled', resolution: 'recorded', handled_by: w.agent.email });
  });

  it('corrects an answer already given (unlike accept)', async () => {
    const request = await w.createRequest();
    expect((await w.sendForm(request.replyPath, { outcome: 'not_found' })).status).toBe(200);
    const reply = await matchedWithSuggestion(deps, request.id);
    expect((await api.post(`/email-replies/${reply}/record`, { outcome: 'cancelled', date: '2027-01-31' })).status).toBe(200);
    expect((await answersOf(deps, request.id)).map((a) => a.outcome)).toEqual(['not_found', 'cancelled']);
  });

  it('answers 400 naming the field the form would refuse, and writes nothing', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithSuggestion(deps, request.id);
    const res = await api.post(`/email-replies/${reply}/record`, { outcome: 'cancelled', date: '2025-02-29' });
    expect(res.status).toBe(400);
    expect(Object.keys((await errorOf(res)).fields ?? {})).toEqual(['date']);
    expect((await replyRow(reply)).state).toBe('open');
    const missing = await api.post(`/email-replies/${reply}/record`, { date: '2027-01-31' });
    expect(missing.status).toBe(400);
    expect(Object.keys((await errorOf(missing)).fields ?? {})).toEqual(['outcome']);
  });
});

describe('POST …/:id/assign', () => {
  it("matches an unmatched reply to the request whose reference support typed (any case), by 'support'", async () => {
    const request = await w.createRequest();
    const { reference } = (await deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', request.id).executeTakeFirstOrThrow());
    const reply = await unmatched(deps);
    const res = await api.post(`/email-replies/${reply}/assign`, { requestId: ` ${reference.toLowerCase()} ` });
    expect(res.status).toBe(200);
    expect(await replyRow(reply)).toMatchObject({ request_id: request.id, matched_by: 'support', state: 'open' });
    expect(await historyOf(deps, request.id, 'email_reply_assigned')).toMatchObject([{ actor: w.actor, detail: JSON.stringify({ emailReply: reply }) }]);
    // Now it can be accepted like any matched reply.
    expect((await api.post(`/email-replies/${reply}/accept`)).status).toBe(200);
  });

  it('assigns by request id too', async () => {
    const request = await w.createRequest();
    const reply = await unmatched(deps);
    expect((await api.post(`/email-replies/${reply}/assign`, { requestId: request.id })).status).toBe(200);
    expect((await replyRow(reply)).request_id).toBe(request.id);
  });

  it('answers 400 naming requestId for an unknown request or reference, and 409 for a reply already matched', async () => {
    const request = await w.createRequest();
    const loose = await unmatched(deps);
    const unknown = await api.post(`/email-replies/${loose}/assign`, { requestId: 'CD-NOPENOPE' });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).fields).toEqual({ requestId: 'no request has this id or reference' });
    const empty = await api.post(`/email-replies/${loose}/assign`, {});
    expect(empty.status).toBe(400);
    const matched = await matchedWithSuggestion(deps, request.id);
    const again = await api.post(`/email-replies/${matched}/assign`, { requestId: request.id });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toContain('already matched to CD-');
  });

  it('of two assignments at once, one lands and the other is told it changed; one history entry', async () => {
    const [a, b] = [await w.createRequest(), await w.createRequest()];
    const reply = await unmatched(deps);
    const results = await Promise.all([a, b].map((r) => api.post(`/email-replies/${reply}/assign`, { requestId: r.id })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const assigned = (await replyRow(reply)).request_id!;
    const other = assigned === a.id ? b.id : a.id;
    expect(await historyOf(deps, assigned, 'email_reply_assigned')).toHaveLength(1);
    expect(await historyOf(deps, other, 'email_reply_assigned')).toHaveLength(0);
  });
});

describe('an assignment racing another', () => {
  it('writes nothing (no history on its request) when another supporter assigned the reply between the read and the write', async () => {
    const [mine, theirs] = [await w.createRequest(), await w.createRequest()];
    const reply = await unmatched(deps);
    const assignedFirst: AtomicWrite = async (writes) => {
      await deps.atomic([assignEmailReply(deps.db, reply, theirs.id)]);
      return deps.atomic(writes);
    };
    const result = await assignToRequest({ ...deps, atomic: assignedFirst }, reply, mine.id, { accountId: w.agent.id, email: w.agent.email });
    expect(result).toMatchObject({ kind: 'refused', reason: expect.stringContaining('changed meanwhile') });
    expect((await replyRow(reply)).request_id).toBe(theirs.id);
    expect(await historyOf(deps, mine.id, 'email_reply_assigned')).toEqual([]);
  });
});

describe('POST …/:id/handled', () => {
  it('settles the reply without an outcome; its request keeps waiting and says who handled it', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithoutSuggestion(deps, request.id);
    expect((await api.post(`/email-replies/${reply}/handled`)).status).toBe(200);
    expect(await replyRow(reply)).toMatchObject({ state: 'handled', resolution: 'handled', handled_by: w.agent.email });
    expect(await answersOf(deps, request.id)).toEqual([]);
    expect(await historyOf(deps, request.id, 'email_reply_handled')).toMatchObject([{ actor: w.actor }]);
  });

  it('settles an unmatched reply too', async () => {
    const reply = await unmatched(deps);
    expect((await api.post(`/email-replies/${reply}/handled`)).status).toBe(200);
    expect((await replyRow(reply)).state).toBe('handled');
  });

  it('handles a reply once: a second click is a 409, two at once give one 200 and one history entry', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithoutSuggestion(deps, request.id);
    const results = await Promise.all([1, 2].map(() => api.post(`/email-replies/${reply}/handled`)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await api.post(`/email-replies/${reply}/handled`)).status).toBe(409);
    expect(await historyOf(deps, request.id, 'email_reply_handled')).toHaveLength(1);
  });

  it('writes no history when another supporter settled it between the read and the write', async () => {
    const request = await w.createRequest();
    const reply = await matchedWithoutSuggestion(deps, request.id);
    const acceptedFirst: AtomicWrite = async (writes) => {
      await deps.atomic([settleEmailReply(deps.db, reply, { at: w.clock.now().toISOString(), by: 'other@example.com', resolution: 'accepted' })]);
      return deps.atomic(writes);
    };
    const result = await markHandled({ ...deps, atomic: acceptedFirst }, reply, { accountId: w.agent.id, email: w.agent.email });
    expect(result).toMatchObject({ kind: 'refused' });
    expect(await historyOf(deps, request.id, 'email_reply_handled')).toEqual([]);
    expect(await replyRow(reply)).toMatchObject({ resolution: 'accepted', handled_by: 'other@example.com' });
  });
});

describe('GET /api/v1/support/requests/:id', () => {
  it("includes the request's email replies, oldest first, and records their read with the answers'", async () => {
    const request = await w.createRequest();
    const a = await matchedWithoutSuggestion(deps, request.id);
    w.clock.advance(MINUTE);
    const b = await matchedWithSuggestion(deps, request.id);
    const other = await w.createRequest();
    await matchedWithSuggestion(deps, other.id);
    const res = await api.get(`/requests/${request.id}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { emailReplies: Summary[] };
    expect(body.emailReplies.map((r) => r.id)).toEqual([a, b]);
    expect(body.emailReplies[1]).toMatchObject({ kind: 'reply', state: 'open', suggestion: { outcome: 'cancelled', date: '2027-01-31' }, visibleText: expect.stringContaining('cancelled') });
    expect((await historyOf(deps, request.id, 'free_text_viewed')).at(-1)).toMatchObject({ actor: w.actor, detail: JSON.stringify({ emailReplies: [a, b] }) });
  });

  it('has an empty list, and records no read, for a request without replies or free text', async () => {
    const request = await w.createRequest();
    const body = (await (await api.get(`/requests/${request.id}`)).json()) as { emailReplies: Summary[] };
    expect(body.emailReplies).toEqual([]);
    expect(await historyOf(deps, request.id, 'free_text_viewed')).toEqual([]);
  });

  it('does not count an erased reply as a read', async () => {
    const request = await w.createRequest();
    await addEmailReply(deps, { request_id: request.id, matched_by: 'address', erased_at: w.clock.now().toISOString() });
    await api.get(`/requests/${request.id}`);
    expect(await historyOf(deps, request.id, 'free_text_viewed')).toEqual([]);
  });
});
