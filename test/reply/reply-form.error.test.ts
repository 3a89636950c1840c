import { describe, expect, it } from 'vitest';
import { FORM_BODY_LIMIT } from '../../src/http/pages.ts';
import { checkedRadios, errorSummary, escapeHtml, expectNoStackTrace, fieldError, inputValue, styleNonce, textareaContent } from '../support/html.ts';
import { replyWorld } from '../support/reply-world.ts';
import { answersOf, countAllAnswers, requestState } from '../support/request-state.ts';

// Today is 2026-11-21 (the test clock), and so is every request's date.
const world = await replyWorld();
const { deps } = world;
// One request takes every refused answer: each check proves it is left exactly as it was.
const target = world.createRequest();

type Field = 'outcome' | 'date' | 'message' | 'note';
type Fields = Record<string, string | string[]>;

const MESSAGES = {
  chooseOutcome: 'Choose what happened to the subscription',
  dateMissing: 'Enter the date',
  dateInvalid: 'Enter a real date, for example 2026-12-31',
  accessBeforeRequest: 'The access cannot end before we sent the request (21 November 2026)',
  cancelledInFuture: 'A cancellation that was already done cannot have a date in the future',
  cancelledTooLongAgo: 'Enter a date after 1 January 2000',
  contractEnded: 'A binding contract that has already ended does not stop a cancellation: enter a date from today on',
  messageMissing: 'Tell us the reason',
  tooLong: 'Write at most 2000 characters',
  invisible: 'Remove the control or invisible characters',
};

/** The element an error belongs to on the page: its message sits in `<p id="…-error">` and the summary links to it. */
const elementOf = (field: Field, outcome: unknown): string =>
  field === 'date' ? `date-${outcome}` : field === 'outcome' ? 'outcome' : field;

/**
 * Posts an answer that must be refused: 422, the form again with each message next to its field and in
 * the error summary (and no other error), and nothing stored: no answer, no status change, no history.
 */
async function refused(fields: Fields, errors: Partial<Record<Field, string>>) {
  const { id, replyPath } = await target;
  const [before, allAnswers] = [await requestState(deps, id), await countAllAnswers(deps)];
  const res = await world.sendForm(replyPath, fields);
  const html = await res.text();
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expectNoStackTrace(html);
  expect(html).toContain('<form method="post"');

  const summary = errorSummary(html);
  expect(summary).not.toBeNull();
  expect(summary!.match(/<li>/g)).toHaveLength(Object.keys(errors).length);
  for (const [field, message] of Object.entries(errors) as [Field, string][]) {
    const element = elementOf(field, fields.outcome);
    expect(fieldError(html, element)).toBe(escapeHtml(message));
    const anchor = field === 'outcome' ? 'outcome-cancelled' : element;
    expect(summary).toContain(`<a href="#${anchor}">${escapeHtml(message)}</a>`);
  }

  expect(await requestState(deps, id)).toEqual(before);
  expect(await countAllAnswers(deps)).toBe(allAnswers);
  expect(await answersOf(deps, id)).toEqual([]);
  expect((await world.appView(id)).status).toBe('queued');
  return html;
}

describe('an answer without an outcome', () => {
  it('is refused when no outcome is chosen, keeping the note typed', async () => {
    const html = await refused({ date: ['', '', ''], note: 'We tried <twice>' }, { outcome: MESSAGES.chooseOutcome });
    expect(checkedRadios(html)).toEqual([]);
    expect(textareaContent(html, 'note')).toBe(escapeHtml('We tried <twice>'));
  });

  it.each(['refunded', 'CANCELLED', 'cancelled ', '__proto__', 'constructor', ''])('is refused for the unknown outcome %j', async (outcome) => {
    const html = await refused({ outcome, date: ['', '', ''] }, { outcome: MESSAGES.chooseOutcome });
    expect(checkedRadios(html)).toEqual([]);
  });

  // SPEC §2.4 / brief: every refused answer comes back with what was typed. A provider whose browser
  // shows every field (no :has()) and who forgot the radio loses the date and the reason they typed.
  it('gives back the dates and the reason typed when the outcome was forgotten', async () => {
    const html = await refused(
      { date: ['2026-12-31', '', '2027-02-28'], message: 'Company contract', note: 'See ticket 7' },
      { outcome: MESSAGES.chooseOutcome },
    );
    expect(textareaContent(html, 'note')).toBe('See ticket 7');
    expect(inputValue(html, 'date-cancelled')).toBe('2026-12-31');
    expect(inputValue(html, 'date-binding_contract')).toBe('2027-02-28');
    expect(textareaContent(html, 'message')).toBe('Company contract');
  });
});

describe('the date a dated outcome needs', () => {
  const DATED = ['cancelled', 'already_cancelled', 'binding_contract'] as const;
  /** Our form's three date fields, with `value` in the chosen outcome's place. */
  const formDates = (outcome: (typeof DATED)[number], value: string) => DATED.map((o) => (o === outcome ? value : ''));

  it.each(DATED)('is required for "%s" (our form, all three fields empty)', async (outcome) => {
    const html = await refused({ outcome, date: ['', '', ''], note: 'kept' }, { date: MESSAGES.dateMissing });
    expect(checkedRadios(html)).toEqual([outcome]);
    expect(textareaContent(html, 'note')).toBe('kept');
  });

  it.each(DATED)('is required for "%s" (a client sending no date field at all)', async (outcome) => {
    await refused({ outcome }, { date: MESSAGES.dateMissing });
  });

  it.each(DATED)('is required for "%s" even when another outcome\'s date field was filled', async (outcome) => {
    const dates = DATED.map((o) => (o === outcome ? '' : '2026-12-01'));
    await refused({ outcome, date: dates }, { date: MESSAGES.dateMissing });
  });

  it.each(DATED.flatMap((outcome) => ['2025-02-29', '2026-02-30', '2025-13-01', '2026-11-31', 'not-a-date', '2026-1-5', '21.11.2026', '2026-11-30T00:00'].map((date) => [outcome, date] as const)))(
    'refuses "%s" with the impossible date %s, giving it back as typed',
    async (outcome, date) => {
      const html = await refused({ outcome, date: formDates(outcome, date) }, { date: MESSAGES.dateInvalid });
      expect(checkedRadios(html)).toEqual([outcome]);
      expect(inputValue(html, `date-${outcome}`)).toBe(escapeHtml(date));
    },
  );

  it.each([
    ['cancelled', '0001-01-01', MESSAGES.accessBeforeRequest],
    ['cancelled', '9999-12-31', 'Enter a date before 25 November 2031'],
    ['already_cancelled', '0001-01-01', MESSAGES.cancelledTooLongAgo],
    ['already_cancelled', '9999-12-31', MESSAGES.cancelledInFuture],
    ['binding_contract', '0001-01-01', MESSAGES.contractEnded],
    ['binding_contract', '9999-12-31', 'Enter a date before 28 November 2036'],
  ] as const)('refuses "%s" on %s with a clear error', async (outcome, date, message) => {
    await refused({ outcome, date: formDates(outcome, date) }, { date: message });
  });

  it('refuses a binding contract that already ended (2026-11-01)', async () => {
    await refused({ outcome: 'binding_contract', date: ['', '', '2026-11-01'] }, { date: MESSAGES.contractEnded });
  });

  it('refuses an already-done cancellation dated in the future (2026-12-25)', async () => {
    await refused({ outcome: 'already_cancelled', date: ['', '2026-12-25', ''] }, { date: MESSAGES.cancelledInFuture });
  });

  it('refuses access that ends before the request was sent (2026-10-01)', async () => {
    await refused({ outcome: 'cancelled', date: ['2026-10-01', '', ''] }, { date: MESSAGES.accessBeforeRequest });
  });

  it('accepts the first sensible day of each bound (a day of slack for time zones)', async () => {
    for (const [outcome, date] of [
      ['cancelled', '2026-11-20'],
      ['already_cancelled', '2026-11-22'],
      ['binding_contract', '2026-11-20'],
    ] as const) {
      const { id, replyPath } = await world.createRequest();
      expect((await world.sendForm(replyPath, { outcome, date })).status).toBe(200);
      expect((await answersOf(deps, id))[0]).toMatchObject({ outcome, date });
    }
  });
});

describe('the free text', () => {
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['whitespace only', ' \r\n\t \u00a0 '],
  ])('refuses "other" with a %s message', async (_, message) => {
    const fields: Fields = { outcome: 'other', date: ['', '', ''] };
    if (message !== undefined) fields.message = message;
    const html = await refused(fields, { message: MESSAGES.messageMissing });
    expect(checkedRadios(html)).toEqual(['other']);
  });

  it('refuses a message over 2000 characters and gives it back in its textarea', async () => {
    const message = 'm'.repeat(2001);
    const html = await refused({ outcome: 'other', date: ['', '', ''], message }, { message: MESSAGES.tooLong });
    expect(textareaContent(html, 'message')).toBe(message);
  });

  it('refuses a note over 2000 characters, whatever the outcome', async () => {
    const note = 'n'.repeat(2001);
    const html = await refused({ outcome: 'not_found', date: ['', '', ''], note }, { note: MESSAGES.tooLong });
    expect(textareaContent(html, 'note')).toBe(note);
    expect(checkedRadios(html)).toEqual(['not_found']);
  });

  it('counts characters, not UTF-16 units: 2001 emoji are too many', async () => {
    await refused({ outcome: 'other', message: '\u{1F600}'.repeat(2001) }, { message: MESSAGES.tooLong });
  });

  it.each([
    ['a right-to-left override (U+202E)', 'Refund \u202Eevil'],
    ['a zero-width space (U+200B)', 'Call\u200Bus'],
    ['a zero-width joiner (U+200D)', 'ab\u200Dcd'],
    ['a byte-order mark (U+FEFF) inside the text', 'hel\uFEFFlo'],
    ['a control character (U+0007)', 'bell\u0007'],
  ])('refuses a message with %s', async (_, message) => {
    await refused({ outcome: 'other', date: ['', '', ''], message }, { message: MESSAGES.invisible });
  });

  it.each([
    ['a right-to-left override (U+202E)', 'note \u202Etxt'],
    ['a zero-width space (U+200B)', 'no\u200Bte'],
  ])('refuses a note with %s', async (_, note) => {
    await refused({ outcome: 'not_found', date: ['', '', ''], note }, { note: MESSAGES.invisible });
  });

  it('names every problem at once: no reason and a note too long', async () => {
    await refused(
      { outcome: 'other', date: ['', '', ''], message: '  ', note: 'x'.repeat(2001) },
      { message: MESSAGES.messageMissing, note: MESSAGES.tooLong },
    );
  });

  it('accepts a message and a note of exactly 2000 characters', async () => {
    const { id, replyPath } = await world.createRequest();
    const message = 'm'.repeat(1999) + '\u00e9';
    const note = '\u{1F600}'.repeat(2000);
    const res = await world.sendForm(replyPath, { outcome: 'other', date: ['', '', ''], message, note });
    expect(res.status).toBe(200);
    const [answer] = await answersOf(deps, id);
    expect(answer!.message).toBe(message);
    expect(answer!.note).toBe(note);
    expect([...answer!.note!]).toHaveLength(2000);
  });
});

describe('bodies the form never sends', () => {
  /** Posts a raw body and checks it was refused with a page of ours that wrote nothing. */
  async function refusedBody(init: RequestInit & { duplex?: 'half' }, status: number) {
    const { id, replyPath } = await target;
    const [before, allAnswers] = [await requestState(deps, id), await countAllAnswers(deps)];
    const res = await world.app.request(replyPath, { method: 'POST', ...init });
    const html = await res.text();
    expect(res.status).toBe(status);
    expectNoStackTrace(html);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    // Our page, under the same headers as the form.
    expect(res.headers.get('content-security-policy')).toContain(`'nonce-${styleNonce(html)}'`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await requestState(deps, id)).toEqual(before);
    expect(await countAllAnswers(deps)).toBe(allAnswers);
    return html;
  }

  const twoMegabytes = `outcome=not_found&note=${'a'.repeat(2 * 1024 * 1024)}`;

  it('refuses a 2 MB urlencoded body with 413', async () => {
    await refusedBody(
      {
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'content-length': String(twoMegabytes.length),
        },
        body: twoMegabytes,
      },
      413,
    );
  });

  it('refuses a 2 MB body sent chunked, without Content-Length, with 413', async () => {
    const chunk = new TextEncoder().encode('a'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('outcome=not_found&note='));
      },
      pull(controller) {
        if (sent >= 32) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    await refusedBody(
      { headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body, duplex: 'half' },
      413,
    );
  });

  it('takes a body just under the limit (it is for the form, not a smaller guess)', async () => {
    const { id, replyPath } = await world.createRequest();
    const note = 'x'.repeat(2000);
    const res = await world.sendForm(replyPath, { outcome: 'not_found', note, padding: 'p'.repeat(FORM_BODY_LIMIT - 2200) });
    expect(res.status).toBe(200);
    expect((await answersOf(deps, id))[0]!.note).toBe(note);
  });

  it('refuses a JSON body with 415', async () => {
    await refusedBody(
      {
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify({ outcome: 'cancelled', date: '2026-12-31' }),
      },
      415,
    );
  });

  it('refuses a JSON body from our own origin with 415, and one with no fetch-metadata header at all with 403', async () => {
    const body = JSON.stringify({ outcome: 'not_found' });
    await refusedBody({ headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' }, body }, 415);
    await refusedBody({ headers: { 'content-type': 'application/json' }, body }, 403);
  });

  it('refuses a text/plain body with 415', async () => {
    await refusedBody({ headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin' }, body: 'outcome=not_found' }, 415);
  });

  it('never answers 500 nor shows a stack trace, whatever the fields', async () => {
    const { id, replyPath } = await target;
    const before = await requestState(deps, id);
    const bodies = [
      '',
      'outcome',
      'outcome[]=cancelled&date[]=2026-12-31',
      '__proto__=x&outcome=__proto__&constructor=1',
      'outcome=cancelled&date=%',
      'outcome=%E0%A4%A&note=%ZZ',
      'outcome=cancelled&date=2026-11-30T00:00:00Z',
      'outcome=other&message=%00',
      `outcome=cancelled&${'date=x&'.repeat(2000)}`,
      'outcome=binding_contract&date=+020000-01-01',
      'outcome=binding_contract&date=-000001-01-01',
    ];
    for (const body of bodies) {
      const res = await world.app.request(replyPath, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body,
      });
      expect(res.status, body.slice(0, 60)).toBe(422);
      expectNoStackTrace(await res.text());
    }
    const form = new FormData();
    form.append('outcome', new Blob(['cancelled']), 'outcome.txt');
    form.append('date', new Blob(['2026-12-31']), 'date.txt');
    const multipart = await world.app.request(replyPath, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' }, body: form });
    expect(multipart.status).toBe(422);
    expectNoStackTrace(await multipart.text());
    expect(await requestState(deps, id)).toEqual(before);
  });
});
