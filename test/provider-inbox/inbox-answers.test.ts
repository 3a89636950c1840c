import { describe, expect, it } from 'vitest';
import { fieldError } from '../support/html.ts';
import { cancelledUntil, inboxWorld } from '../support/inbox-world.ts';
import { answersOf, historyOf, requestState } from '../support/request-state.ts';
import { ACME_GYM } from '../support/test-deps.ts';

const world = await inboxWorld();
const { deps } = world;

/** What an answer leaves behind, without the ids and times that differ between two requests. */
async function traces(requestId: string) {
  const [history, answers, app] = [await historyOf(deps, requestId, 'answered'), await answersOf(deps, requestId), await world.appView(requestId)];
  return {
    history: history.map((h) => ({ actor: h.actor, event: h.event, detail: Object.keys(JSON.parse(h.detail ?? '{}')).sort() })),
    answers: answers.map((a) => ({ actor: a.actor, outcome: a.outcome, date: a.date, message: a.message, note: a.note, number: a.number })),
    app: { status: app.status, outcome: app.outcome },
    webhooks: (await deps.db.selectFrom('webhook_messages').select('event').where('request_id', '=', requestId).execute()).map((m) => m.event),
  };
}

describe('answering from the inbox', () => {
  it('records exactly what the reply form records: the answer, the history, the outcome the app polls', async () => {
    const byForm = await world.createRequest();
    const byInbox = await world.createAt(ACME_GYM.id);
    const answer = { outcome: 'cancelled', date: '2026-12-31', note: 'Done by Eva' };
    expect((await world.sendForm(byForm.replyPath, answer)).status).toBe(200);
    const path = await world.inboxPathOf();
    const response = await world.sendForm(`${path}/requests/${byInbox.id}`, answer);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('We recorded that the subscription has now been cancelled (access until 31 December 2026)');
    expect(html).toContain(`href="${path}"`);

    expect(await traces(byInbox.id)).toEqual(await traces(byForm.id));
    expect((await traces(byInbox.id)).app).toEqual({ status: 'answered', outcome: { type: 'cancelled', accessUntil: '2026-12-31' } });
  });

  it('refuses an answer the form refuses, with the message beside its field, and stores nothing', async () => {
    const request = await world.createAt(ACME_GYM.id);
    const before = await requestState(deps, request.id);
    const path = await world.inboxPathOf();
    const response = await world.sendForm(`${path}/requests/${request.id}`, { outcome: 'already_cancelled', date: '2030-01-01' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(fieldError(html, 'date-already_cancelled')).toBe('A cancellation that was already done cannot have a date in the future');
    expect(html).toContain(`href="${path}"`);
    expect(await requestState(deps, request.id)).toEqual(before);
  });

  it('corrects an answer given lately: the latest one is the outcome, as on the form', async () => {
    const request = await world.createAt(ACME_GYM.id);
    const path = await world.inboxPathOf();
    await world.sendForm(`${path}/requests/${request.id}`, cancelledUntil('2026-12-31'));
    const form = await (await world.open(`${path}/requests/${request.id}`)).text();
    expect(form).toContain('Your answer');
    expect((await world.sendForm(`${path}/requests/${request.id}`, { outcome: 'not_found' })).status).toBe(200);
    expect(await world.appView(request.id)).toMatchObject({ status: 'answered', outcome: { type: 'not_found' } });
    expect((await answersOf(deps, request.id)).map((a) => a.outcome)).toEqual(['cancelled', 'not_found']);
  });

  it('takes nothing for a request support closed', async () => {
    const request = await world.createAt(ACME_GYM.id);
    await deps.db.updateTable('cancellation_requests').set({ closed_at: deps.clock.now().toISOString() }).where('id', '=', request.id).execute();
    const path = await world.inboxPathOf();
    expect(await (await world.open(path)).text()).not.toContain(request.reference);
    expect((await world.sendForm(`${path}/requests/${request.id}`, cancelledUntil('2026-12-31'))).status).toBe(404);
    expect(await answersOf(deps, request.id)).toEqual([]);
  });
});
