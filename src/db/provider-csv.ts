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
 * array (json_each), one bound value however many there are: D1 binds at most 100 per statement.
 */
export async function findProviderRequests(db: Db, providerId: string, references: string[]): Promise<UploadTargetRow[]> {
  return db
    .selectFrom('cancellation_requests as r')
    .leftJoin('request_answers as a', (join) =>
      join
        .onRef('a.request_id', '=', 'r.id')
        .on('a.number', '=', (eb) => eb.selectFrom('request_answers as last').select((sub) => sub.fn.max('last.number').as('n')).whereRef('last.request_id', '=', 'r.id')),
    )
    .select(['r.id', 'r.reference', 'r.link_id', 'r.created_at', 'r.closed_at', 'a.outcome as latest_outcome', 'a.date as latest_date', 'a.message as latest_message', 'a.number as answers'])
    .where('r.provider_id', '=', providerId)
    .where('r.reference', 'in', (eb) => eb.selectFrom(sql<{ value: string }>`json_each(${JSON.stringify(references)})`.as('wanted')).select('wanted.value'))
    .execute();
}

/**
 * Stores an upload waiting for Confirm. The same file again replaces its earlier preview, unless that one
 * was recorded: then nothing changes (0 rows), which is how a re-upload learns it was already recorded.
 */
export function storeUploadPreview(db: Db, upload: { id: string; providerId: string; fileHash: string; createdAt: string; answers: string }): CompiledQuery {
  return db
    .insertInto('provider_csv_uploads')
    .values({ id: upload.id, provider_id: upload.providerId, file_hash: upload.fileHash, created_at: upload.createdAt, answers: upload.answers, recorded_at: null })
    .onConflict((conflict) =>
      conflict
        .columns(['provider_id', 'file_hash'])
        .doUpdateSet((eb) => ({ id: eb.ref('excluded.id'), created_at: eb.ref('excluded.created_at'), answers: eb.ref('excluded.answers') }))
        .where('provider_csv_uploads.recorded_at', 'is', null),
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

/** Marks the upload recorded and forgets its answers (they are stored as answers now). Ends `awaitsConfirm`. */
export function markUploadRecorded(db: Db, uploadId: string, at: string): CompiledQuery {
  return db.updateTable('provider_csv_uploads').set({ recorded_at: at, answers: '[]' }).where('id', '=', uploadId).where('recorded_at', 'is', null).compile();
}

/** Cancel: the preview is forgotten; a recorded upload stays as it was. */
export function dropUploadPreview(db: Db, providerId: string, uploadId: string): CompiledQuery {
  return db.deleteFrom('provider_csv_uploads').where('provider_id', '=', providerId).where('id', '=', uploadId).where('recorded_at', 'is', null).compile();
}
