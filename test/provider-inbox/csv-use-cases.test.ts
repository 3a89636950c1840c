import { describe, expect, it } from 'vitest';
import { confirmUpload, previewUpload } from '../../src/provider-inbox/answer-upload.ts';
import { readAnswerSheet } from '../../src/provider-inbox/answer-sheet.ts';
import { openRequestsCsv } from '../../src/provider-inbox/open-requests-csv.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { providerCsvWorld } from '../support/provider-csv-world.ts';
import { fillIn } from './csv-fill.ts';

const world = await providerCsvWorld();
const { deps } = world;

describe('the CSV use cases, without HTTP', () => {
  it('export → fill in → preview → confirm records each answer the app then sees', async () => {
    const [a, b] = await world.openRequests(ACME_GYM.id, [JANE, JANE]);
    const { csv } = await openRequestsCsv(deps, ACME_GYM.id);
    const filled = fillIn(csv, { [a!.reference]: { outcome: 'binding_contract', date: '2027-03-31' }, [b!.reference]: { outcome: 'other', message: 'Company plan' } });

    const preview = await previewUpload(deps, ACME_GYM.id, new TextEncoder().encode(filled));
    expect(preview).toMatchObject({ kind: 'preview', refused: [], unanswered: 0 });
    if (preview.kind !== 'preview') return;
    expect(preview.toRecord.map((row) => [row.line, row.reference, row.answer])).toEqual([
      [2, a!.reference, { outcome: 'binding_contract', date: '2027-03-31', message: null, note: null }],
      [3, b!.reference, { outcome: 'other', date: null, message: 'Company plan', note: null }],
    ]);

    const confirmation = await confirmUpload(deps, ACME_GYM.id, preview.uploadId!);
    expect(confirmation).toMatchObject({ kind: 'recorded', refused: [] });
    expect((await world.appView(a!.id)).outcome).toEqual({ type: 'binding_contract', contractEndsOn: '2027-03-31' });
    expect((await world.appView(b!.id)).outcome).toEqual({ type: 'other' });
    // Recorded: the stored preview keeps no free text.
    expect(await deps.db.selectFrom('provider_csv_uploads').select('answers').where('id', '=', preview.uploadId!).executeTakeFirst()).toEqual({ answers: '[]' });
  });

  it('refuses at Confirm a row whose request was closed after the preview, and records the rest', async () => {
    const [a, b] = await world.openRequests(ACME_GYM.id, [JANE, JANE]);
    const file = `reference,outcome,date,message\r\n${a!.reference},not_found,,\r\n${b!.reference},not_found,,\r\n`;
    const preview = await previewUpload(deps, ACME_GYM.id, new TextEncoder().encode(file));
    if (preview.kind !== 'preview') throw new Error(preview.kind);
    await deps.db.updateTable('cancellation_requests').set({ closed_at: deps.clock.now().toISOString() }).where('id', '=', a!.id).execute();
    const confirmation = await confirmUpload(deps, ACME_GYM.id, preview.uploadId!);
    expect(confirmation).toMatchObject({ kind: 'recorded', recorded: [{ reference: b!.reference }], refused: [{ reference: a!.reference }] });
    expect((await world.appView(a!.id)).status).toBe('sent');
  });
});

describe('reading the header of an answers file', () => {
  it('takes the first "reference" and the last of the answer columns, when an identifier shares their name', () => {
    const sheet = readAnswerSheet([
      ['Reference', 'request_date', 'date', 'reference', 'Outcome', 'DATE', 'Message'],
      ['CD-1', '2026-11-21', '1990-01-01', 'x', 'not_found', '', ''],
    ]);
    expect(sheet).toEqual({ kind: 'rows', unanswered: 0, rows: [{ line: 2, reference: 'CD-1', outcome: 'not_found', date: '', message: '', note: '' }] });
  });

  it('names every required column a file misses', () => {
    expect(readAnswerSheet([['reference', 'note']])).toEqual({ kind: 'missing_columns', columns: ['outcome', 'date', 'message'] });
  });
});
