import { describe, expect, it } from 'vitest';
import { answersOf, countAllAnswers, historyCount, historyOf } from '../support/request-state.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { previewActions, providerCsvWorld } from '../support/provider-csv-world.ts';
import { fillIn, readDownloaded } from './csv-fill.ts';

const world = await providerCsvWorld();
const { deps } = world;

// The clock starts at 2026-11-21T10:00Z: every request here is dated 21 November 2026.
const ANSWERS = [
  { outcome: 'cancelled', date: '2026-12-31', app: { type: 'cancelled', accessUntil: '2026-12-31' }, words: 'has now been cancelled', day: '31 December 2026' },
  { outcome: 'already_cancelled', date: '2026-11-01', app: { type: 'already_cancelled', cancelledOn: '2026-11-01' }, words: 'was already cancelled', day: '1 November 2026' },
  { outcome: 'binding_contract', date: '2027-06-30', app: { type: 'binding_contract', contractEndsOn: '2027-06-30' }, words: 'binding contract', day: '30 June 2027' },
  { outcome: 'not_found', date: '', app: { type: 'not_found' }, words: 'no subscription found', day: '—' },
  { outcome: 'other', date: '', message: 'The account belongs to a company contract.', app: { type: 'other' }, words: 'other reason', day: '—' },
];

describe('a provider answers its open requests with a CSV file', () => {
  it('downloads the open requests, fills in outcome, date and message, previews, confirms, and the app sees each outcome', async () => {
    const requests = await world.openRequests(ACME_GYM.id, ANSWERS.map((_, i) => ({ ...JANE, member_number: `1000000${i}` })));

    const download = await world.download(ACME_GYM.id);
    expect(download.status).toBe(200);
    const csv = await download.text();
    const [header, ...rows] = readDownloaded(csv);
    expect(header).toEqual(['reference', 'request_date', 'email', 'first_name', 'last_name', 'postal_address', 'card_last4', 'phone', 'member_number']);
    expect(rows.map((row) => row[0])).toEqual(requests.map((r) => r.reference));
    expect(rows[0]).toEqual([requests[0]!.reference, '2026-11-21', JANE.email, JANE.first_name, JANE.last_name, JANE.postal_address, JANE.card_last4, '', '10000000']);

    const answers = Object.fromEntries(requests.map((r, i) => [r.reference, ANSWERS[i]!]));
    const preview = await world.upload(ACME_GYM.id, fillIn(csv, answers));
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain('5 answers to record, 0 rows with a problem, 0 rows without an answer');
    requests.forEach((r, i) => {
      const { words, day } = ANSWERS[i]!;
      expect(page).toContain(`<tr><td>${i + 2}</td><td class="cell">${r.reference}</td><td>${words}</td><td>${day}</td></tr>`);
    });
    // A preview records nothing.
    for (const r of requests) expect((await world.appView(r.id)).status).toBe('sent');

    const done = await world.press(previewActions(page).confirm);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('5 answers were recorded.');
    for (const [i, r] of requests.entries()) {
      const view = await world.appView(r.id);
      expect(view).toMatchObject({ status: 'answered', outcome: ANSWERS[i]!.app });
      // Each answer as the form stores one: by the provider, one "answered" history entry without free text.
      const stored = await answersOf(deps, r.id);
      expect(stored).toMatchObject([{ number: 1, actor: 'provider', outcome: ANSWERS[i]!.outcome, message: ANSWERS[i]!.message ?? null }]);
      const history = await historyOf(deps, r.id, 'answered');
      expect(history).toHaveLength(1);
      expect(JSON.parse(history[0]!.detail!)).toEqual({ answer: stored[0]!.id, outcome: ANSWERS[i]!.outcome });
    }
    // And the apps are told, as after a form answer.
    const announced = await deps.db.selectFrom('webhook_messages').select('request_id').where('event', '=', 'cancellation_request.answered').execute();
    expect(announced.map((m) => m.request_id).sort()).toEqual(requests.map((r) => r.id).sort());

    // Answered requests are no longer open: the next export lists none of them.
    expect(readDownloaded(await (await world.download(ACME_GYM.id)).text())).toHaveLength(1);
  });

  it('takes headers in any case and spacing, a semicolon-separated file, and only the rows with an answer', async () => {
    const [first, second] = await world.openRequests(ACME_GYM.id, [JANE, JANE]);
    const file = `\uFEFF Reference ;Request Date; OUTCOME ;Date;Message\r\n${first!.reference};2026-11-21;not_found;;\r\n${second!.reference};2026-11-21;;;\r\n`;
    const preview = await world.upload(ACME_GYM.id, file);
    const page = await preview.text();
    expect(page).toContain('1 answer to record, 0 rows with a problem, 1 row without an answer');
    await world.press(previewActions(page).confirm);
    expect((await world.appView(first!.id)).outcome).toEqual({ type: 'not_found' });
    expect((await world.appView(second!.id)).status).toBe('sent');
  });
});

describe('the same file twice, Confirm twice, Cancel', () => {
  it('changes nothing when the same file is uploaded again after it was recorded, and says so', async () => {
    const [request] = await world.openRequests(ACME_GYM.id, [JANE]);
    const file = `reference,outcome,date,message\r\n${request!.reference},cancelled,2026-12-31,\r\n`;
    await world.press(previewActions(await (await world.upload(ACME_GYM.id, file)).text()).confirm);
    const before = { answers: await countAllAnswers(deps), history: await historyCount(deps), view: await world.appView(request!.id) };

    world.clock.advance(60_000);
    const again = await world.upload(ACME_GYM.id, file);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('This file was recorded on 21 November 2026. Uploading it again changed nothing.');
    expect({ answers: await countAllAnswers(deps), history: await historyCount(deps), view: await world.appView(request!.id) }).toEqual(before);

    // The same answers in another file: each row is already answered that way, and there is nothing to confirm.
    const sameAnswers = await (await world.upload(ACME_GYM.id, `${file}\r\n`)).text();
    expect(sameAnswers).toContain('Already answered this way: nothing to change');
    expect(sameAnswers).not.toContain('/confirm');
  });

  it('records once when Confirm is pressed twice', async () => {
    const [request] = await world.openRequests(ACME_GYM.id, [JANE]);
    const page = await (await world.upload(ACME_GYM.id, `reference,outcome,date,message\r\n${request!.reference},not_found,,\r\n`)).text();
    const { confirm } = previewActions(page);
    const [first, second] = await Promise.all([world.press(confirm), world.press(confirm)]);
    const pages = [await first!.text(), await second!.text()];
    expect(pages.filter((p) => p.includes('1 answer was recorded.'))).toHaveLength(1);
    expect(pages.filter((p) => p.includes('Uploading it again changed nothing.'))).toHaveLength(1);
    expect(await answersOf(deps, request!.id)).toHaveLength(1);
  });

  it('records nothing when the provider cancels, and the preview cannot be confirmed after', async () => {
    const [request] = await world.openRequests(ACME_GYM.id, [JANE]);
    const page = await (await world.upload(ACME_GYM.id, `reference,outcome,date,message\r\n${request!.reference},not_found,,\r\n`)).text();
    const { confirm, cancel } = previewActions(page);
    const cancelled = await world.press(cancel);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.text()).toContain('None of its answers were recorded.');
    expect((await world.press(confirm)).status).toBe(410);
    expect(await answersOf(deps, request!.id)).toEqual([]);
    expect((await world.appView(request!.id)).status).toBe('sent');
  });
});
