import { type ExpressionBuilder, sql } from 'kysely';
import type { OutcomeType } from '../outcome.ts';
import type { Database, Db, HistoryRow, RequestRow, RequestStatus } from './schema.ts';

/** What support's search box asks for (see `requestSearch`): a reference, or one identifier's whole value. */
export interface RequestSearch {
  /** The stored form of the reference the text reads as; when set, only the reference is matched. */
  reference: string | null;
  /** Compared with each identifier value whole. */
  identifierValue: string;
  /** Email addresses: compared with ASCII letters folded on both sides (SQLite's lower()). */
  ignoreCase: boolean;
}

/** What support can narrow its list by (SPEC §6). */
export interface SupportFilter {
  status?: RequestStatus;
  provider?: string;
  outcome?: OutcomeType;
  /** Only requests a person opened in a browser that still wait for an answer (sent or expired). */
  openedNotAnswered?: boolean;
  /** Only requests created before this moment (the "age" filter). */
  createdBefore?: string;
  search?: RequestSearch;
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
  if (filter.openedNotAnswered) query = query.where('first_opened_at', 'is not', null).where('status', 'in', ['sent', 'expired']);
  if (filter.createdBefore) query = query.where('created_at', '<', filter.createdBefore);
  if (filter.search) query = query.where(matchesSearch(filter.search));
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)])]),
    );
  }
  return query.execute();
}

/**
 * A reference is the unique index's seek. An identifier value is a scan of what the other filters
 * leave, kept cheap: the raw JSON is searched for the value as a quoted JSON value (instr or LIKE,
 * no parsing), and only rows containing it are parsed (json_each) to confirm one whole value equals
 * it. Erased requests (customer NULL) contain nothing.
 */
function matchesSearch(search: RequestSearch) {
  if (search.reference) return (eb: ExpressionBuilder<Database, 'cancellation_requests'>) => eb('reference', '=', search.reference!);
  // Stored as JSON.stringify wrote it: a value follows a colon, quoted and escaped exactly so (a key never does).
  const quoted = `:${JSON.stringify(search.identifierValue)}`;
  // LIKE, like lower(), folds ASCII letters only.
  const contains = search.ignoreCase
    ? sql`cancellation_requests.customer like ${`%${quoted.replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`
    : sql`instr(cancellation_requests.customer, ${quoted}) > 0`;
  const isValue = search.ignoreCase ? sql`lower(identifier.value) = lower(${search.identifierValue})` : sql`identifier.value = ${search.identifierValue}`;
  return () => sql<boolean>`(${contains} and exists (select 1 from json_each(cancellation_requests.customer) as identifier where ${isValue}))`;
}

/** A request by its reference as stored (see `readReference`). */
export async function findRequestByReference(db: Db, reference: string): Promise<RequestRow | null> {
  return (await db.selectFrom('cancellation_requests').selectAll().where('reference', '=', reference).executeTakeFirst()) ?? null;
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
