import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import { checkedRadios, escapeHtml } from '../support/html.ts';
import { replyWorld } from '../support/reply-world.ts';
import { answersOf, historyOf } from '../support/request-state.ts';
import { JANE_LABELLED } from '../support/test-deps.ts';

// The clock starts at 2026-11-21T10:00Z and only moves by minutes here, so every request is dated 21 November 2026.
const world = await replyWorld();
const { deps, clock, api } = world;
const MINUTE = 60_000;

/** Moves the clock on, so each answer has its own time, and returns that time. */
function tick(ms = MINUTE): string {
  clock.advance(ms);
  return clock.now().toISOString();
}

/** The request in the app's polling list of what changed since a time. */
async function polled(id: string, since: string) {
  const res = await api.get(`/cancellation-requests?updatedSince=${encodeURIComponent(since)}&limit=200`);
  expect(res.status).toBe(200);
  const page = (await res.json()) as { data: { id: string }[] };
  return page.data.find((r) => r.id === id);
}

const OUTCOMES: { outcome: string; fields: Record<string, string | string[]>; app: Record<string, string>; confirmation: string }[] = [
  {
    outcome: 'cancelled',
    fields: { outcome: 'cancelled', date: ['2026-12-31', '', ''] },
    app: { type: 'cancelled', accessUntil: '2026-12-31' },
    confirmation: 'has now been cancelled (access until 31 December 2026)',
  },
  {
    outcome: 'already_cancelled',
    fields: { outcome: 'already_cancelled', date: ['', '2026-11-01', ''] },
    app: { type: 'already_cancelled', cancelledOn: '2026-11-01' },
    confirmation: 'was already cancelled (on 1 November 2026)',
  },
  {
    outcome: 'binding_contract',
    fields: { outcome: 'binding_contract', date: ['', '', '2027-06-30'] },
    app: { type: 'binding_contract', contractEndsOn: '2027-06-30' },
    confirmation: 'could not be cancelled because of a binding contract (ending 30 June 2027)',
  },
  {
    outcome: 'not_found',
    fields: { outcome: 'not_found', date: ['', '', ''] },
    app: { type: 'not_found' },
    confirmation: 'could not be cancelled: no subscription found',
  },
  {
    outcome: 'other',
    fields: { outcome: 'other', date: ['', '', ''], message: 'The account belongs to a company contract.' },
    app: { type: 'other' },
    confirmation: 'could not be cancelled, for another reason',
  },
];

describe('a provider answers through the link in the email', () => {
  it.each(OUTCOMES)('records "$outcome" end to end, from the email to what the app polls', async ({ fields, app, confirmation }) => {
    const { id, replyPath } = await world.createRequest();

    // The email in the outbox carries the link, in both parts.
    const [email] = await listOutbox(deps.db, { requestId: id });
    expect(email!.text).toContain(`https://canceldesk.test${replyPath}`);
    expect(email!.html).toContain(`href="https://canceldesk.test${replyPath}"`);

    // The form: the identifiers under the provider's labels, our reference and the request date, nothing chosen.
    const form = await world.open(replyPath);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await form.text();
    const { reference } = await deps.db.selectFrom('cancellation_requests').select('reference').where('id', '=', id).executeTakeFirstOrThrow();
    expect(reference).toMatch(/^CD-[0-9A-Z]{8}$/);
    for (const [label, value] of JANE_LABELLED) {
      expect(page).toContain(`<dt>${label}</dt><dd class="value">${escapeHtml(value)}</dd>`);
    }
    expect(page).toContain(`<dt>Our reference</dt><dd>${reference}</dd>`);
    expect(page).toContain('<dt>Request date</dt><dd>21 November 2026</dd>');
    expect(page).not.toMatch(/<input[^>]*\bchecked\b/);
    expect(checkedRadios(page)).toEqual([]);

    // Send: a confirmation naming what was recorded.
    const answeredAt = tick();
    const sent = await world.sendForm(replyPath, fields);
    expect(sent.status).toBe(200);
    const done = await sent.text();
    expect(done).toContain('Thank you, your answer has been recorded');
    expect(done).toContain(`We recorded that the subscription ${confirmation}.`);

    // The app sees the outcome, exactly, on the request and in its polling list.
    const expected = { id, status: 'answered', outcome: app, answeredAt, updatedAt: answeredAt };
    expect(await world.appView(id)).toMatchObject(expected);
    expect((await world.appView(id)).outcome).toEqual(app);
    expect(await polled(id, answeredAt)).toEqual(await world.appView(id));
  });

  it('takes the date beside the chosen outcome when our form posts all three date fields filled', async () => {
    const { id, replyPath } = await world.createRequest();
    const res = await world.sendForm(replyPath, { outcome: 'already_cancelled', date: ['2026-12-31', '2026-11-02', '2027-01-31'] });
    expect(res.status).toBe(200);
    expect((await world.appView(id)).outcome).toEqual({ type: 'already_cancelled', cancelledOn: '2026-11-02' });
  });

  it.each([
    ['cancelled', '2027-01-15', { type: 'cancelled', accessUntil: '2027-01-15' }],
    ['already_cancelled', '2026-10-31', { type: 'already_cancelled', cancelledOn: '2026-10-31' }],
    ['binding_contract', '2027-01-31', { type: 'binding_contract', contractEndsOn: '2027-01-31' }],
  ])('accepts a client that posts a single date field for "%s"', async (outcome, date, app) => {
    const { id, replyPath } = await world.createRequest();
    const res = await world.sendForm(replyPath, { outcome, date });
    expect(res.status).toBe(200);
    expect((await world.appView(id)).outcome).toEqual(app);
    const [answer] = await answersOf(deps, id);
    expect(answer).toMatchObject({ number: 1, outcome, date, actor: 'provider' });
  });

  it('writes the answer and one "answered" history entry, without any free text in the history', async () => {
    const { id, replyPath } = await world.createRequest();
    const at = tick();
    await world.sendForm(replyPath, { outcome: 'other', date: ['', '', ''], message: 'Customer owes two months', note: 'Call us' });
    const answers = await answersOf(deps, id);
    expect(answers).toEqual([
      expect.objectContaining({ number: 1, at, actor: 'provider', outcome: 'other', date: null, message: 'Customer owes two months', note: 'Call us' }),
    ]);
    const history = await historyOf(deps, id, 'answered');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ at, actor: 'provider' });
    expect(JSON.parse(history[0]!.detail!)).toEqual({ answer: answers[0]!.id, outcome: 'other' });
  });
});

describe('correcting an answer through the same link', () => {
  it('makes the latest answer the outcome, moves updatedAt and keeps both answers in order', async () => {
    const { id, replyPath } = await world.createRequest();
    const firstAt = tick();
    expect((await world.sendForm(replyPath, { outcome: 'cancelled', date: ['2026-12-31', '', ''] })).status).toBe(200);
    expect((await world.appView(id)).updatedAt).toBe(firstAt);

    const secondAt = tick(60 * MINUTE);
    const second = await world.sendForm(replyPath, { outcome: 'binding_contract', date: ['', '', '2027-03-31'] });
    expect(second.status).toBe(200);
    expect(await second.text()).toContain('could not be cancelled because of a binding contract (ending 31 March 2027)');

    const seen = await world.appView(id);
    expect(seen).toMatchObject({
      status: 'answered',
      outcome: { type: 'binding_contract', contractEndsOn: '2027-03-31' },
      answeredAt: secondAt,
      updatedAt: secondAt,
    });
    expect(seen.updatedAt).not.toBe(firstAt);
    expect(await polled(id, secondAt)).toEqual(seen);

    const answers = await answersOf(deps, id);
    expect(answers.map((a) => [a.number, a.outcome, a.date, a.at])).toEqual([
      [1, 'cancelled', '2026-12-31', firstAt],
      [2, 'binding_contract', '2027-03-31', secondAt],
    ]);
    const answered = await historyOf(deps, id, 'answered');
    expect(answered.map((h) => [h.at, JSON.parse(h.detail!).answer])).toEqual([
      [firstAt, answers[0]!.id],
      [secondAt, answers[1]!.id],
    ]);
  });

  it('shows "Your answer" with the latest answer when the link is opened again, still with nothing pre-selected', async () => {
    const { replyPath } = await world.createRequest();
    await world.sendForm(replyPath, { outcome: 'not_found', date: ['', '', ''] });
    tick();
    await world.sendForm(replyPath, { outcome: 'already_cancelled', date: ['', '2026-11-10', ''] });

    const res = await world.open(replyPath);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h2 id="current-heading">Your answer</h2>');
    expect(page).toContain('We recorded that the subscription was already cancelled (on 10 November 2026).');
    expect(page).toContain('Recorded on 21 November 2026.');
    expect(page).not.toContain('no subscription found</p>');
    expect(page).not.toContain('could not be cancelled: no subscription found');
    expect(checkedRadios(page)).toEqual([]);
  });

  it('links back from the confirmation to the form, to change the answer', async () => {
    const { replyPath } = await world.createRequest();
    const res = await world.sendForm(replyPath, { outcome: 'not_found' });
    expect(await res.text()).toContain(`<a href="${replyPath}" class="action">Change the answer</a>`);
  });
});

describe('the free text a provider writes', () => {
  it('keeps the optional note with the answer, for any outcome', async () => {
    const { id, replyPath } = await world.createRequest();
    await world.sendForm(replyPath, { outcome: 'cancelled', date: ['2026-12-31', '', ''], note: 'Refunded the last month' });
    const [answer] = await answersOf(deps, id);
    expect(answer).toMatchObject({ outcome: 'cancelled', note: 'Refunded the last month', message: null });
  });

  it('stores no note when none was written', async () => {
    const { id, replyPath } = await world.createRequest();
    await world.sendForm(replyPath, { outcome: 'not_found', note: '   ' });
    expect((await answersOf(deps, id))[0]).toMatchObject({ note: null, message: null });
  });

  it('stores the message and the note trimmed, NFC-normalised, with one kind of line break', async () => {
    const { id, replyPath } = await world.createRequest();
    const decomposed = 'Cafe\u0301 membership';
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    await world.sendForm(replyPath, {
      outcome: 'other',
      date: ['', '', ''],
      message: `  \r\n ${decomposed}\r\nsecond line \t `,
      note: `\t Zoe\u0308 called \n`,
    });
    const [answer] = await answersOf(deps, id);
    expect(answer!.message).toBe('Caf\u00e9 membership\nsecond line');
    expect(answer!.note).toBe('Zo\u00eb called');
    expect(answer!.message).toBe(answer!.message!.normalize('NFC'));
  });

  it('does not keep a message typed before the provider chose an outcome that takes none', async () => {
    const { id, replyPath } = await world.createRequest();
    const res = await world.sendForm(replyPath, { outcome: 'not_found', date: ['', '', ''], message: 'typed, then changed my mind' });
    expect(res.status).toBe(200);
    expect((await answersOf(deps, id))[0]).toMatchObject({ outcome: 'not_found', message: null });
  });
});
