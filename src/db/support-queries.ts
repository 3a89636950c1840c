import { sql } from 'kysely';
import type { OutcomeType } from '../outcome.ts';
import type { Db, HistoryRow, RequestRow, RequestStatus } from './schema.ts';

/** What support can narrow its list by (SPEC §6). */
export interface SupportFilter {
  status?: RequestStatus;
  provider?: string;
  outcome?: OutcomeType;
  /** Only requests created before this moment (the "age" filter). */
  createdBefore?: string;
}

/** A position in support's list, newest first: the last row of the previous page. */
export interface SupportListPosition {
  createdAt: string;
  id: string;
}

/** Every request, newest first, keyset-paginated on (created_at, id) so a page never skips or repeats. */
export async function listRequestsForSupport(
  db: Db,
  filter: SupportFilter,
  after: SupportListPosition | null,
  limit: number,
): Promise<RequestRow[]> {
  let query = db
    .selectFrom('cancellation_requests')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.provider) query = query.where('provider_id', '=', filter.provider);
  if (filter.outcome) query = query.where(sql<string>`json_extract(outcome, '$.type')`, '=', filter.outcome);
  if (filter.createdBefore) query = query.where('created_at', '<', filter.createdBefore);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
    );
  }
  return query.execute();
}

/** A request's history in the order it happened (same-moment entries in the order they were written). */
export async function listHistory(db: Db, requestId: string): Promise<HistoryRow[]> {
  return db
    .selectFrom('request_history')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('at')
    .orderBy(sql`rowid`)
    .execute();
}
