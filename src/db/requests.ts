import type { CompiledQuery } from 'kysely';
import type { Db, NewHistoryRow, NewRequestRow, RequestRow, RequestStatus } from './schema.ts';

export function insertRequest(db: Db, row: NewRequestRow): CompiledQuery {
  return db.insertInto('cancellation_requests').values(row).compile();
}

export function appendHistory(db: Db, row: NewHistoryRow): CompiledQuery {
  return db.insertInto('request_history').values(row).compile();
}

/** Moves a request on only from the statuses given, so a late event never rewinds a newer one. */
export function moveStatus(db: Db, id: string, from: RequestStatus[], to: RequestStatus, now: string): CompiledQuery {
  return db
    .updateTable('cancellation_requests')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', from)
    .compile();
}

/** A client's own request; another client's id reads as absent (tenant isolation). */
export async function findClientRequest(db: Db, clientId: string, id: string): Promise<RequestRow | null> {
  const row = await db
    .selectFrom('cancellation_requests')
    .selectAll()
    .where('id', '=', id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row ?? null;
}

export async function findByIdempotencyKey(db: Db, clientId: string, key: string): Promise<RequestRow | null> {
  const row = await db
    .selectFrom('cancellation_requests')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ?? null;
}

export interface ChangePosition {
  updatedAt: string;
  id: string;
}

/**
 * A client's requests in the order they changed, from a time or after a keyset position. Keyset
 * rather than offset so a page never skips or repeats rows while requests keep changing.
 */
export async function listClientRequestsByChange(
  db: Db,
  clientId: string,
  from: { since?: string; after?: ChangePosition },
  limit: number,
): Promise<RequestRow[]> {
  let query = db
    .selectFrom('cancellation_requests')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('updated_at')
    .orderBy('id')
    .limit(limit);
  if (from.since) query = query.where('updated_at', '>=', from.since);
  const after = from.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('updated_at', '>', after.updatedAt),
        eb.and([eb('updated_at', '=', after.updatedAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  return query.execute();
}
