import { type CompiledQuery, expressionBuilder } from 'kysely';
import { type Guard, insertRow } from './requests.ts';
import type { Database, Db, LinkActivityRow, LinkFetchKind, LinkKind } from './schema.ts';

export interface NewLinkFetch {
  requestId: string;
  linkKind: LinkKind;
  at: string;
  method: string;
  kind: LinkFetchKind;
  reasons: string[];
  sourceKey: string | null;
}

export interface LinkFetchContext {
  /** When the newest email about the request reached the mail API, up to this fetch. */
  deliveredAt: string | null;
  /** The newest fetch kept. */
  previousFetchAt: string | null;
  /** Already opened: a browser's view then has nothing more to set. */
  firstOpenedAt: string | null;
}

/** What recording a fetch needs from before it, in one read. */
export async function linkFetchContext(db: Db, requestId: string, at: string): Promise<LinkFetchContext> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('outbox').select((sub) => sub.fn.max('sent_at').as('sent')).where('request_id', '=', requestId).where('sent_at', '<=', at).as('delivered_at'),
      eb.selectFrom('link_activity').select((sub) => sub.fn.max('at').as('at')).where('request_id', '=', requestId).as('previous_fetch_at'),
      eb.selectFrom('cancellation_requests').select('first_opened_at').where('id', '=', requestId).as('first_opened_at'),
    ])
    .executeTakeFirstOrThrow();
  return { deliveredAt: row.delivered_at ?? null, previousFetchAt: row.previous_fetch_at ?? null, firstOpenedAt: row.first_opened_at ?? null };
}

/** True while the request keeps fewer than `cap` fetches: the insert waits for it inside its own statement. */
function keepsFewerFetchesThan(requestId: string, cap: number): Guard {
  const eb = expressionBuilder<Database, never>();
  const kept = eb.selectFrom('link_activity as kept').select((sub) => sub.fn.countAll<number>().as('n')).where('kept.request_id', '=', requestId);
  return eb(kept, '<', cap);
}

/** One fetch, stored only while the request has fewer than `cap` (one statement: two fetches at once cannot pass it together). */
export function insertLinkFetch(db: Db, fetch: NewLinkFetch, cap: number): CompiledQuery {
  const row = {
    request_id: fetch.requestId,
    link_kind: fetch.linkKind,
    at: fetch.at,
    method: fetch.method,
    kind: fetch.kind,
    reasons: JSON.stringify(fetch.reasons),
    source_key: fetch.sourceKey,
  };
  return insertRow(db, 'link_activity', row, keepsFewerFetchesThan(fetch.requestId, cap));
}

/** A request's fetches in the order they came. */
export async function listLinkActivity(db: Db, requestId: string): Promise<LinkActivityRow[]> {
  return db.selectFrom('link_activity').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
}
