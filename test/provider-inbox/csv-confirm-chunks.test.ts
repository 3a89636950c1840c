import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { recordChunk, storeUploadPreview } from '../../src/db/provider-csv.ts';
import { CONFIRM_CHUNK_ROWS, confirmUpload, previewUpload } from '../../src/provider-inbox/answer-upload.ts';
import { uploadedAnswerWriter } from '../../src/provider-inbox/bulk-answers.ts';
import type { PlannedAnswer } from '../../src/provider-inbox/plan-upload.ts';
import { recordAnswer } from '../../src/requests/record-answer.ts';
import { ACME_GYM, addProviders, queuedRequests, testDeps } from '../support/test-deps.ts';
import { answersFile } from './csv-fill.ts';

const { deps } = await testDeps();
await addProviders(deps, ACME_GYM);
const newRequest = await queuedRequests(deps, ACME_GYM.id);

/** More requests than one chunk takes: the second chunk holds the last five. */
async function moreThanOneChunk() {
  const ids: string[] = [];
  for (let i = 0; i < CONFIRM_CHUNK_ROWS + 5; i++) ids.push(await newRequest());
  const rows = await deps.db.selectFrom('cancellation_requests').select(['id', 'reference']).where('id', 'in', ids).execute();
  const references = new Map(rows.map((row) => [row.id, row.reference]));
  const file = answersFile(...ids.map((id) => [references.get(id)!, 'not_found', '', '']));
  return { ids, file: new TextEncoder().encode(file) };
}

/**
 * A real failure inside the second chunk's atomic write, as a crash between chunks leaves things: a
 * trigger aborts its last statement, so SQLite rolls the whole write back; the first chunk's write
 * was committed before it.
 */
const failTheSecondChunk = () =>
  sql`CREATE TRIGGER fail_second_chunk BEFORE INSERT ON provider_csv_upload_chunks WHEN NEW.chunk = 1 BEGIN SELECT RAISE(ABORT, 'injected: the process stopped here'); END`.execute(deps.db);
const recover = () => sql`DROP TRIGGER fail_second_chunk`.execute(deps.db);

/** Per request: how many answers, "answered" history entries and webhook messages about an answer it has. */
async function recordedTimes(ids: string[]) {
  const count = async (table: 'request_answers' | 'request_history' | 'webhook_messages', where: (id: string) => Promise<number>) =>
    Promise.all(ids.map(where)).then((counts) => ({ table, counts }));
  const answers = await count('request_answers', async (id) => (await deps.db.selectFrom('request_answers').select('id').where('request_id', '=', id).execute()).length);
  const history = await count('request_history', async (id) =>
    (await deps.db.selectFrom('request_history').select('id').where('request_id', '=', id).where('event', '=', 'answered').execute()).length,
  );
  const messages = await count('webhook_messages', async (id) =>
    (await deps.db.selectFrom('webhook_messages').select('id').where('request_id', '=', id).where('event', 'like', '%answer%').execute()).length,
  );
  return { answers: answers.counts, history: history.counts, messages: messages.counts };
}
const times = (n: number, count: number) => Array.from({ length: count }, () => n);

describe('Confirm in chunks, each its own atomic write', () => {
  it('keeps the chunks recorded before a failure, and Confirm again records only the rest, none twice', async () => {
    const { ids, file } = await moreThanOneChunk();
    const preview = await previewUpload(deps, ACME_GYM.id, file);
    if (preview.kind !== 'preview') throw new Error(preview.kind);
    expect(preview.toRecord).toHaveLength(CONFIRM_CHUNK_ROWS + 5);

    await failTheSecondChunk();
    await expect(confirmUpload(deps, ACME_GYM.id, preview.uploadId!)).rejects.toThrow(/injected/);
    await recover();
    // The first chunk is recorded whole, the second not at all; the upload still waits for its Confirm.
    const afterCrash = await recordedTimes(ids);
    expect(afterCrash.answers).toEqual([...times(1, CONFIRM_CHUNK_ROWS), ...times(0, 5)]);
    expect(afterCrash.history).toEqual(afterCrash.answers);
    expect(afterCrash.messages).toEqual(afterCrash.answers);
    const chunks = await deps.db.selectFrom('provider_csv_upload_chunks').select(['chunk', 'lines']).where('upload_id', '=', preview.uploadId!).execute();
    expect(chunks.map((row) => [row.chunk, JSON.parse(row.lines)])).toEqual([[0, Array.from({ length: CONFIRM_CHUNK_ROWS }, (_, i) => i + 2)]]);

    const confirmation = await confirmUpload(deps, ACME_GYM.id, preview.uploadId!);
    expect(confirmation.kind).toBe('recorded');
    if (confirmation.kind !== 'recorded') return;
    // The result names every row of the file as recorded: those of the first Confirm and of this one.
    expect(confirmation.recorded.map((row) => row.line)).toEqual(preview.toRecord.map((row) => row.line));
    expect(confirmation.refused).toEqual([]);
    const afterRetry = await recordedTimes(ids);
    expect(afterRetry).toEqual({ answers: times(1, ids.length), history: times(1, ids.length), messages: times(1, ids.length) });
    expect((await confirmUpload(deps, ACME_GYM.id, preview.uploadId!)).kind).toBe('already_recorded');
  });

  it('records each answer once when Confirm is pressed twice at once, both pages saying what was recorded', async () => {
    const { ids, file } = await moreThanOneChunk();
    const preview = await previewUpload(deps, ACME_GYM.id, file);
    if (preview.kind !== 'preview') throw new Error(preview.kind);
    const both = await Promise.all([confirmUpload(deps, ACME_GYM.id, preview.uploadId!), confirmUpload(deps, ACME_GYM.id, preview.uploadId!)]);
    expect(both.map((confirmation) => confirmation.kind).sort()).toEqual(['already_recorded', 'recorded']);
    expect(await recordedTimes(ids)).toEqual({ answers: times(1, ids.length), history: times(1, ids.length), messages: times(1, ids.length) });
  });

  it("writes a chunk once: its atomic write run again (a Confirm that read the chunks before another recorded it) changes nothing", async () => {
    const { ids, file } = await moreThanOneChunk();
    const preview = await previewUpload(deps, ACME_GYM.id, file);
    if (preview.kind !== 'preview') throw new Error(preview.kind);
    const upload = await deps.db.selectFrom('provider_csv_uploads').selectAll().where('id', '=', preview.uploadId!).executeTakeFirstOrThrow();
    const rows = (JSON.parse(upload.answers) as PlannedAnswer[]).slice(0, CONFIRM_CHUNK_ROWS);
    const chunkWrite = () => {
      const recordings = uploadedAnswerWriter(deps, upload.id)(rows, 0);
      const at = deps.clock.now().toISOString();
      const marker = recordChunk(deps.db, { uploadId: upload.id, chunk: 0, providerId: ACME_GYM.id, fileHash: upload.file_hash, at, answers: recordings.map((r, i) => [r.answerId, rows[i]!.line]) });
      return [...recordings.flatMap((recording) => recording.writes), marker];
    };
    const first = await deps.atomic(chunkWrite());
    expect(first.counts.at(-1)).toBe(1);
    const second = await deps.atomic(chunkWrite());
    expect(second.counts.every((count) => count === 0)).toBe(true);
    expect((await recordedTimes(ids)).answers).toEqual([...times(1, CONFIRM_CHUNK_ROWS), ...times(0, 5)]);
  });

  it('leaves out of a new upload of the same file the lines an interrupted Confirm recorded, even ones answered otherwise since', async () => {
    const { ids, file } = await moreThanOneChunk();
    const first = await previewUpload(deps, ACME_GYM.id, file);
    if (first.kind !== 'preview') throw new Error(first.kind);
    await failTheSecondChunk();
    await expect(confirmUpload(deps, ACME_GYM.id, first.uploadId!)).rejects.toThrow(/injected/);
    await recover();
    // Meanwhile the provider corrects the first request through its form: the file's line for it is no
    // longer "already answered this way", yet it was recorded once and must not be again.
    const [firstRow] = await deps.db.selectFrom('cancellation_requests').select('link_id').where('id', '=', ids[0]!).execute();
    await recordAnswer(deps, ids[0]!, { outcome: 'other', date: null, message: 'Wrong customer', note: null }, { kind: 'provider', linkId: firstRow!.link_id });

    const again = await previewUpload(deps, ACME_GYM.id, file);
    if (again.kind !== 'preview') throw new Error(again.kind);
    expect(again.toRecord.map((row) => row.line)).toEqual(Array.from({ length: 5 }, (_, i) => CONFIRM_CHUNK_ROWS + i + 2));
    expect(again.refused).toHaveLength(CONFIRM_CHUNK_ROWS);
    expect(new Set(again.refused.map((row) => row.problems[0]!.kind))).toEqual(new Set(['recorded_before']));
    expect(again.uploadId).not.toBe(first.uploadId);

    expect(await confirmUpload(deps, ACME_GYM.id, again.uploadId!)).toMatchObject({ kind: 'recorded', refused: [] });
    const after = await recordedTimes(ids);
    expect(after.answers).toEqual([2, ...times(1, ids.length - 1)]);
    expect(after.history).toEqual(after.answers);
    // The old upload's id was replaced by the new one: its Confirm has nothing left to record.
    expect((await confirmUpload(deps, ACME_GYM.id, first.uploadId!)).kind).toBe('gone');
  });

  it('does not replace a preview when a Confirm of the file recorded a chunk after the new preview looked', async () => {
    const { file } = await moreThanOneChunk();
    const preview = await previewUpload(deps, ACME_GYM.id, file);
    if (preview.kind !== 'preview') throw new Error(preview.kind);
    await failTheSecondChunk();
    await expect(confirmUpload(deps, ACME_GYM.id, preview.uploadId!)).rejects.toThrow(/injected/);
    await recover();
    const upload = await deps.db.selectFrom('provider_csv_uploads').selectAll().where('id', '=', preview.uploadId!).executeTakeFirstOrThrow();
    const replacement = (chunksSeen: number) =>
      storeUploadPreview(deps.db, { id: `up_replacement_${chunksSeen}`, providerId: ACME_GYM.id, fileHash: upload.file_hash, createdAt: upload.created_at, answers: '[]', chunksSeen });
    // A preview that saw no chunk recorded is out of date: it would plan the first chunk's lines again.
    expect((await deps.atomic([replacement(0)])).counts).toEqual([0]);
    expect((await deps.atomic([replacement(1)])).counts).toEqual([1]);
  });
});
