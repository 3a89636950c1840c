import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CONFIRM_CHUNK_ROWS, confirmUpload, previewUpload } from '../../src/provider-inbox/answer-upload.ts';
import { readAnswerSheet } from '../../src/provider-inbox/answer-sheet.ts';
import { readCsv, writeCsv } from '../../src/provider-inbox/csv-files.ts';
import { createCancellationRequest } from '../../src/requests/create.ts';
import { d1Deps } from './support/d1-deps.ts';
import { JANE, seedProviderAndClient } from './support/worker-world.ts';

// The provider's CSV core (csv-stringify and csv-parse, their sync APIs) inside workerd, as on Workers.
describe('the provider CSV files on Workers', () => {
  it('writes a CSV with a BOM, quoting and formulas made text, and reads an answers file back', () => {
    const csv = writeCsv(['reference', 'first_name'], [['CD-00000001', '=cmd|" /C calc"!A0'], ['CD-00000002', 'Doe, "Jr."\nII']]);
    expect(csv).toBe('\uFEFFreference,first_name\r\nCD-00000001,"\'=cmd|"" /C calc""!A0"\r\nCD-00000002,"Doe, ""Jr.""\nII"\r\n');
    const text = readCsv(new TextEncoder().encode(`${csv.replace(/\r\n$/, '')},outcome,date,message\r\n`), 10);
    expect(text.kind).toBe('records');
    const records = readCsv(new TextEncoder().encode('\uFEFFreference;outcome;date;message\r\nCD-00000001;not_found;;\r\n'), 10);
    expect(records.kind === 'records' && readAnswerSheet(records.records)).toEqual({
      kind: 'rows',
      unanswered: 0,
      rows: [{ line: 2, reference: 'CD-00000001', outcome: 'not_found', date: '', message: '', note: '' }],
    });
  });
});

describe('Confirm of an answers file on D1, one batch per chunk', async () => {
  const deps = d1Deps();
  const providerId = 'csv-chunk-gym';
  const { clientId } = await seedProviderAndClient(providerId, undefined, 'https://app.example/hooks');

  it('records a file of more rows than one chunk, keeps the chunk recorded before a failure, and Confirm again records only the rest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < CONFIRM_CHUNK_ROWS + 5; i++) {
      const created = await createCancellationRequest(deps, clientId, { provider: providerId, customer: JANE }, null);
      if (created.kind !== 'created') throw new Error(created.kind);
      ids.push(created.request.id);
    }
    const references = new Map((await deps.db.selectFrom('cancellation_requests').select(['id', 'reference']).where('provider_id', '=', providerId).execute()).map((r) => [r.id, r.reference]));
    const file = ['reference,outcome,date,message', ...ids.map((id) => `${references.get(id)},not_found,,`)].join('\r\n');
    const preview = await previewUpload(deps, providerId, new Uint8Array(new TextEncoder().encode(file)));
    if (preview.kind !== 'preview') throw new Error(preview.kind);

    // A real failure in the second chunk's batch: D1 rolls that batch back, the first one stays.
    await sql`CREATE TRIGGER fail_second_chunk BEFORE INSERT ON provider_csv_upload_chunks WHEN NEW.chunk = 1 BEGIN SELECT RAISE(ABORT, 'injected: the Worker stopped here'); END`.execute(deps.db);
    await expect(confirmUpload(deps, providerId, preview.uploadId!)).rejects.toThrow(/injected/);
    await sql`DROP TRIGGER fail_second_chunk`.execute(deps.db);
    const answered = async () => {
      // By provider, not `in (ids)`: D1 binds at most 100 values per statement.
      const rows = await deps.db.selectFrom('request_answers as a').innerJoin('cancellation_requests as r', 'r.id', 'a.request_id').select('a.request_id').where('r.provider_id', '=', providerId).execute();
      return ids.map((id) => rows.filter((row) => row.request_id === id).length);
    };
    expect(await answered()).toEqual(ids.map((_, i) => (i < CONFIRM_CHUNK_ROWS ? 1 : 0)));

    const confirmation = await confirmUpload(deps, providerId, preview.uploadId!);
    expect(confirmation).toMatchObject({ kind: 'recorded', refused: [] });
    expect(confirmation.kind === 'recorded' && confirmation.recorded).toHaveLength(ids.length);
    expect(await answered()).toEqual(ids.map(() => 1));
    const messages = await deps.db.selectFrom('webhook_messages').select('request_id').where('client_id', '=', clientId).where('event', '=', 'cancellation_request.answered').execute();
    expect(messages).toHaveLength(ids.length);
    expect((await confirmUpload(deps, providerId, preview.uploadId!)).kind).toBe('already_recorded');
  });
});
