import { type CompiledQuery, expressionBuilder, sql } from 'kysely';
import type { Guard } from './requests.ts';
import type { Database, Db, ProviderCsvUploadRow } from './schema.ts';

/** One of the provider's requests named in an upload, with its latest answer if it has one. */
export interface UploadTargetRow {
  id: string;
  reference: string;
  link_id: string;
  created_at: string;
  closed_at: string | null;
  latest_outcome: string | null;
  latest_date: string | null;
  latest_message: string | null;
  /** The latest answer's number: how many answers the request has (0: none). */
  answers: number | null;
}

/**
 * The requests of this provider among `references`. Another provider's reference is simply not found:
 * the lookup itself never reads a request that is not the provider's. The references go in as one JSON
 * array (json_each), one bound value however many there are: D1 binds at most 100 per statement. The
 * CROSS JOIN makes SQLite walk the file's references and look each one up by its unique index; with
 * `reference IN (…)` it walked all of the provider's requests instead (50,000 for 5,000 references:
 * ~250 ms, growing with every request the provider ever had).
 */
export async function findProviderRequests(db: Db, providerId: string, references: string[]): Promise<UploadTargetRow[]> {
  return db
    .selectFrom(sql<{ value: string }>`json_each(${JSON.stringify(references)})`.as('wanted'))
    .crossJoin('cancellation_requests as r')
    .leftJoin('request_answers as a', (join) =>
      join
        .onRef('a.request_id', '=', 'r.id')
        .on('a.number', '=', (eb) => eb.selectFrom('request_answers as last').select((sub) => sub.fn.max('last.number').as('n')).whereRef('last.request_id', '=', 'r.id')),
    )
    .select(['r.id', 'r.reference', 'r.link_id', 'r.created_at', 'r.closed_at', 'a.outcome as latest_outcome', 'a.date as latest_date', 'a.message as latest_message', 'a.number as answers'])
    .whereRef('r.reference', '=', 'wanted.value')
    .where('r.provider_id', '=', providerId)
    .execute();
}

/**
 * Stores an upload waiting for Confirm. The same file again replaces its earlier preview, unless that one
 * was recorded: then nothing changes (0 rows), which is how a re-upload learns it was already recorded.
 * `chunksSeen` is how many chunks of this file the new preview found recorded (whose lines it leaves
 * out): a Confirm still running that records one more meanwhile makes the replacement change nothing too,
 * so no line is ever planned again after it was recorded.
 */
export function storeUploadPreview(db: Db, upload: { id: string; providerId: string; fileHash: string; createdAt: string; answers: string; chunksSeen: number }): CompiledQuery {
  return db
    .insertInto('provider_csv_uploads')
    .values({ id: upload.id, provider_id: upload.providerId, file_hash: upload.fileHash, created_at: upload.createdAt, answers: upload.answers, recorded_at: null })
    .onConflict((conflict) =>
      conflict
        .columns(['provider_id', 'file_hash'])
        .doUpdateSet((eb) => ({ id: eb.ref('excluded.id'), created_at: eb.ref('excluded.created_at'), answers: eb.ref('excluded.answers') }))
        .where('provider_csv_uploads.recorded_at', 'is', null)
        .where((eb) =>
          eb(
            eb
              .selectFrom('provider_csv_upload_chunks as done')
              .select((sub) => sub.fn.countAll<number>().as('n'))
              .where('done.provider_id', '=', upload.providerId)
              .where('done.file_hash', '=', upload.fileHash),
            '=',
            upload.chunksSeen,
          ),
        ),
    )
    .compile();
}

/** Previews older than this, never confirmed, are dropped when the provider uploads again. */
export function dropStalePreviews(db: Db, providerId: string, olderThan: string): CompiledQuery {
  return db.deleteFrom('provider_csv_uploads').where('provider_id', '=', providerId).where('recorded_at', 'is', null).where('created_at', '<', olderThan).compile();
}

export async function findUpload(db: Db, providerId: string, id: string): Promise<ProviderCsvUploadRow | null> {
  const row = await db.selectFrom('provider_csv_uploads').selectAll().where('provider_id', '=', providerId).where('id', '=', id).executeTakeFirst();
  return row ?? null;
}

export async function findUploadOfFile(db: Db, providerId: string, fileHash: string): Promise<ProviderCsvUploadRow | null> {
  const row = await db.selectFrom('provider_csv_uploads').selectAll().where('provider_id', '=', providerId).where('file_hash', '=', fileHash).executeTakeFirst();
  return row ?? null;
}

/** True while the upload waits for Confirm: not recorded, not cancelled (its row gone). */
export function awaitsConfirm(uploadId: string): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(eb.selectFrom('provider_csv_uploads as pending').select('pending.id').where('pending.id', '=', uploadId).where('pending.recorded_at', 'is', null));
}

/**
 * True while the upload waits for Confirm and this chunk of it is not recorded yet. Ended by the
 * chunk's `recordChunk`, the last statement of its atomic write. `chunk` is the chunk's number as a
 * string (a write template fills in strings only), read as the integer it is.
 */
export function awaitsChunk(uploadId: string, chunk: string): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.and([
    awaitsConfirm(uploadId),
    eb.not(
      eb.exists(
        eb
          .selectFrom('provider_csv_upload_chunks as done')
          .select('done.chunk')
          .where('done.upload_id', '=', uploadId)
          .where('done.chunk', '=', sql<number>`cast(${chunk} as integer)`),
      ),
    ),
  ]);
}

/**
 * The chunk's own row, written last in its atomic write under the same guard as its answers: with it
 * the chunk is recorded, so Confirm again writes none of it. `answers` pairs each answer's id with its
 * line; the row keeps the lines whose answer is now stored (the others' request refused them).
 */
export function recordChunk(
  db: Db,
  chunk: { uploadId: string; chunk: number; providerId: string; fileHash: string; at: string; answers: [answerId: string, line: number][] },
): CompiledQuery {
  const recordedLines = sql<string>`(select json_group_array(json_extract(w.value, '$[1]')) from json_each(${JSON.stringify(chunk.answers)}) as w where exists (select 1 from request_answers as stored where stored.id = json_extract(w.value, '$[0]')))`;
  return db
    .insertInto('provider_csv_upload_chunks')
    .columns(['upload_id', 'chunk', 'provider_id', 'file_hash', 'recorded_at', 'lines'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(chunk.uploadId).as('upload_id'),
          eb.val(chunk.chunk).as('chunk'),
          eb.val(chunk.providerId).as('provider_id'),
          eb.val(chunk.fileHash).as('file_hash'),
          eb.val(chunk.at).as('recorded_at'),
          recordedLines.as('lines'),
        ])
        .where(awaitsChunk(chunk.uploadId, String(chunk.chunk))),
    )
    .compile();
}

/** The chunks of this upload recorded so far, with the lines each recorded. */
export async function recordedChunks(db: Db, uploadId: string): Promise<{ chunk: number; lines: number[] }[]> {
  const rows = await db.selectFrom('provider_csv_upload_chunks').select(['chunk', 'lines']).where('upload_id', '=', uploadId).execute();
  return rows.map((row) => ({ chunk: row.chunk, lines: JSON.parse(row.lines) as number[] }));
}

/** What every Confirm of this file (under any of its uploads' ids) recorded: how many chunks, and their lines. */
export async function linesRecordedFromFile(db: Db, providerId: string, fileHash: string): Promise<{ chunks: number; lines: number[] }> {
  const rows = await db.selectFrom('provider_csv_upload_chunks').select('lines').where('provider_id', '=', providerId).where('file_hash', '=', fileHash).execute();
  return { chunks: rows.length, lines: rows.flatMap((row) => JSON.parse(row.lines) as number[]) };
}

/** Marks the upload recorded and forgets its answers (they are stored as answers now). Ends `awaitsConfirm`. */
export function markUploadRecorded(db: Db, uploadId: string, at: string): CompiledQuery {
  return db.updateTable('provider_csv_uploads').set({ recorded_at: at, answers: '[]' }).where('id', '=', uploadId).where('recorded_at', 'is', null).compile();
}

/** Cancel: the preview is forgotten; a recorded upload stays as it was. */
export function dropUploadPreview(db: Db, providerId: string, uploadId: string): CompiledQuery {
  return db.deleteFrom('provider_csv_uploads').where('provider_id', '=', providerId).where('id', '=', uploadId).where('recorded_at', 'is', null).compile();
}
