import { describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../src/provider-inbox/answer-upload.ts';
import { countAllAnswers } from '../support/request-state.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { previewActions, providerCsvWorld } from '../support/provider-csv-world.ts';
import { answersFile } from './csv-fill.ts';

const world = await providerCsvWorld();
const [one, two, three] = await world.openRequests(ACME_GYM.id, [JANE, JANE, JANE]);

/** The rows of the preview's "will not be recorded" table: [line, reference, what is wrong]. */
function refusedRows(page: string): string[][] {
  const table = page.split('Rows that will not be recorded')[1]?.split('</table>')[0] ?? '';
  return [...table.matchAll(/<tr><td>(\d+)<\/td><td class="cell">([^<]*)<\/td><td class="problem">([^<]*)<\/td><\/tr>/g)].map((m) => [m[1]!, m[2]!, m[3]!]);
}

describe('an answers file with mistakes', () => {
  it('reports each bad row by its line and what is wrong, and records only the good ones', async () => {
    const file = answersFile(
      [one!.reference, 'cancelled', '2026-12-31', ''],
      [two!.reference, 'canceled', '2026-12-31', ''],
      [three!.reference, 'cancelled', '31/12/2026', ''],
      ['CD-ZZZZZZZZ', 'not_found', '', ''],
      ['', 'not_found', '', ''],
      [two!.reference.toLowerCase(), 'other', '', ''],
      [three!.reference, 'binding_contract', '', ''],
    );
    const preview = await world.upload(ACME_GYM.id, file);
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain('1 answer to record, 6 rows with a problem');
    expect(refusedRows(page)).toEqual([
      ['3', two!.reference, `The same reference is on more than one line (lines 3, 7)`],
      ['4', three!.reference, 'The same reference is on more than one line (lines 4, 8)'],
      ['5', 'CD-ZZZZZZZZ', 'Not one of your requests'],
      ['6', '', 'The reference is missing'],
      ['7', two!.reference.toLowerCase(), 'The same reference is on more than one line (lines 3, 7)'],
      ['8', three!.reference, 'The same reference is on more than one line (lines 4, 8)'],
    ]);
    await world.press(previewActions(page).confirm);
    expect((await world.appView(one!.id)).outcome).toEqual({ type: 'cancelled', accessUntil: '2026-12-31' });
    expect((await world.appView(two!.id)).status).toBe('sent');
  });

  it.each([
    ['an unknown outcome word', ['canceled', '2026-12-31', ''], 'Unknown outcome: use one of cancelled, already_cancelled, binding_contract, not_found, other'],
    ['a date not written YYYY-MM-DD', ['cancelled', '12/31/2026', ''], 'date: Enter a real date, for example 2026-12-31'],
    ['a date that does not exist', ['already_cancelled', '2026-02-29', ''], 'date: Enter a real date, for example 2026-12-31'],
    ['a missing date', ['binding_contract', '', ''], 'date: Enter the date'],
    ['a date that makes no sense for the outcome', ['already_cancelled', '2027-01-31', ''], 'date: A cancellation that was already done cannot have a date in the future'],
    ['"other" without a message', ['other', '', ''], 'message: Tell us the reason'],
  ])('refuses %s with the form\'s words', async (_, [outcome, date, message], problem) => {
    const preview = await world.upload(ACME_GYM.id, answersFile([three!.reference, outcome!, date!, message!]));
    const page = await preview.text();
    expect(refusedRows(page)).toEqual([['2', three!.reference, problem]]);
    expect(page).toContain('No row of this file can be recorded.');
    expect(page).not.toContain('/confirm');
  });

  it('refuses a file without the required columns, naming the missing ones', async () => {
    const response = await world.upload(ACME_GYM.id, `reference,outcome\r\n${one!.reference},not_found\r\n`);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Missing: date, message.');
  });

  it('refuses a file that is not UTF-8, saying how to save it', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('reference,outcome,date,message\r\nCD-1,other,,Caf'), 0xe9, 0x0d, 0x0a]);
    const response = await world.upload(ACME_GYM.id, latin1);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('save it as &quot;CSV UTF-8&quot;');
  });

  it('refuses a file whose quotes do not close, naming the line', async () => {
    const response = await world.upload(ACME_GYM.id, `reference,outcome,date,message\r\n${one!.reference},other,,"unclosed\r\n`);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('could not be read as CSV (near line');
  });

  it('refuses a post without a file', async () => {
    const response = await world.app.request(`${world.inboxPath(ACME_GYM.id)}/answers.csv`, { method: 'POST', body: new FormData(), headers: { 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Choose a CSV file to upload.');
  });
});

describe('the limits of an upload', () => {
  const row = (i: number) => `CD-${String(i).padStart(8, '0')},not_found,,\r\n`;
  const header = 'reference,outcome,date,message\r\n';

  it('refuses a file of 5,001 rows whole, with a clear page, and takes one of 5,000', async () => {
    const over = await world.upload(ACME_GYM.id, header + Array.from({ length: 5001 }, (_, i) => row(i)).join(''));
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('The file has more than 5,000 rows. Split it into smaller files.');

    const at = await world.upload(ACME_GYM.id, header + Array.from({ length: 5000 }, (_, i) => row(i)).join(''));
    expect(at.status).toBe(200);
    expect(await at.text()).toContain('0 answers to record, 5000 rows with a problem');
  });

  it('refuses a file of 2 MiB and one byte, and takes one of exactly 2 MiB', async () => {
    const file = (size: number) => {
      const start = `${header}${one!.reference},other,,`;
      return start + 'x'.repeat(size - new TextEncoder().encode(start).byteLength);
    };
    const over = await world.upload(ACME_GYM.id, file(MAX_UPLOAD_BYTES + 1));
    expect(over.status).toBe(413);
    expect(await over.text()).toContain('The file is larger than 2 MB.');
    const at = await world.upload(ACME_GYM.id, file(MAX_UPLOAD_BYTES));
    expect(at.status).toBe(200);
  });

  it('refuses a body announced larger than the limit by its Content-Length, before reading any of it', async () => {
    let pulled = false;
    const body = new ReadableStream({ pull: () => void (pulled = true) }, { highWaterMark: 0 });
    const response = await world.app.request(`${world.inboxPath(ACME_GYM.id)}/answers.csv`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(3 * 1024 * 1024) },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('The file is larger than 2 MB.');
    expect(pulled).toBe(false);
  });

  it('records nothing from a refused file', async () => {
    expect(await countAllAnswers(world.deps)).toBe(1);
  });
});
