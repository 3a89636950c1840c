import { describe, expect, it } from 'vitest';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { providerCsvWorld } from '../support/provider-csv-world.ts';
import { readDownloaded } from './csv-fill.ts';

const world = await providerCsvWorld();

describe('the open requests as a CSV file', () => {
  it('is a download never stored or referred: attachment, text/csv, no-store, no-referrer', async () => {
    const response = await world.download(ACME_GYM.id);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="canceldesk-open-acme-gym-2026-11-21.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('starts with a UTF-8 byte order mark, so Excel reads å, ü and é right, and ends its lines in CRLF', async () => {
    await world.openRequests(ACME_GYM.id, [{ ...JANE, first_name: 'Åsa Müller-Lefèvre' }]);
    const bytes = new Uint8Array(await (await world.download(ACME_GYM.id)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('Åsa Müller-Lefèvre');
    expect(text.split('\r\n')[0]).toBe('reference,request_date,email,first_name,last_name,postal_address,card_last4,phone,member_number');
  });

  it('quotes identifiers holding commas, quotes and line breaks (RFC 4180), and they read back unchanged', async () => {
    const tricky = { ...JANE, first_name: 'Doe, "Jr."', last_name: 'O"Neil', postal_address: '1 Main Street\n12345 Springfield' };
    const [request] = await world.openRequests(ACME_GYM.id, [tricky]);
    const csv = await (await world.download(ACME_GYM.id)).text();
    expect(csv).toContain(`,"Doe, ""Jr.""","O""Neil","1 Main Street\n12345 Springfield",`);
    const row = readDownloaded(csv).find((r) => r[0] === request!.reference)!;
    expect(row.slice(3, 6)).toEqual([tricky.first_name, tricky.last_name, tricky.postal_address]);
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])('makes a cell starting with %j text, not a formula, with a leading quote', async (start) => {
    // Names allow any printable start; a tab or CR would be refused by the API's identifier check, so those go in as stored.
    const [request] = await world.openRequests(ACME_GYM.id, [{ ...JANE, first_name: 'Jane' }]);
    const evil = `${start}HYPERLINK("https://evil.example","x")`;
    await world.deps.db.updateTable('cancellation_requests').set({ customer: JSON.stringify({ ...JANE, first_name: evil }) }).where('id', '=', request!.id).execute();
    const csv = await (await world.download(ACME_GYM.id)).text();
    const row = readDownloaded(csv).find((r) => r[0] === request!.reference)!;
    expect(row[3]).toBe(`'${evil}`);
  });

  it('lists only this provider\'s requests still waiting for an answer, oldest first', async () => {
    const [other] = await world.openRequests('other-gym', [JANE]);
    const mine = await world.openRequests(ACME_GYM.id, [JANE]);
    const references = readDownloaded(await (await world.download(ACME_GYM.id)).text()).map((r) => r[0]);
    expect(references).not.toContain(other!.reference);
    expect(references.at(-1)).toBe(mine[0]!.reference);
    const theirs = readDownloaded(await (await world.download('other-gym')).text()).map((r) => r[0]);
    expect(theirs).toEqual(['reference', other!.reference]);
  });
});

describe('what counts as open', () => {
  it('lists a request whose email is still queued, as the inbox page does, and leaves out answered, expired and closed ones', async () => {
    const [queued, answered, expired, closed] = await world.openRequests(ACME_GYM.id, [JANE, JANE, JANE, JANE]);
    const set = (id: string, values: Record<string, string>) => world.deps.db.updateTable('cancellation_requests').set(values).where('id', '=', id).execute();
    await set(queued!.id, { status: 'queued' });
    await set(answered!.id, { status: 'answered' });
    await set(expired!.id, { status: 'expired' });
    await set(closed!.id, { closed_at: '2026-11-21T12:00:00.000Z' });
    const references = readDownloaded(await (await world.download(ACME_GYM.id)).text()).map((r) => r[0]);
    expect(references).toContain(queued!.reference);
    for (const gone of [answered, expired, closed]) expect(references).not.toContain(gone!.reference);
  });
});
