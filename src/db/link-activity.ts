import { type CompiledQuery, expressionBuilder } from 'kysely';
import type { Write } from './atomic.ts';
import { preparedRead, preparedStatements } from './prepared.ts';
import { type Guard, insertRow, markFirstOpened } from './requests.ts';
import { announced } from './webhook-messages.ts';
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

/** What recording a fetch needs from before it, in one read (prepared: every GET of a reply link makes it). */
const fetchContext = preparedRead((db, { requestId, at }: { requestId: string; at: string }) =>
  db.selectNoFrom((eb) => [
    eb.selectFrom('outbox').select((sub) => sub.fn.max('sent_at').as('sent')).where('request_id', '=', requestId).where('sent_at', '<=', at).as('delivered_at'),
    eb.selectFrom('link_activity').select((sub) => sub.fn.max('at').as('at')).where('request_id', '=', requestId).as('previous_fetch_at'),
    eb.selectFrom('cancellation_requests').select('first_opened_at').where('id', '=', requestId).as('first_opened_at'),
  ]),
);

export async function linkFetchContext(db: Db, requestId: string, at: string): Promise<LinkFetchContext> {
  const [row] = await fetchContext(db, { requestId, at });
  return { deliveredAt: row?.delivered_at ?? null, previousFetchAt: row?.previous_fetch_at ?? null, firstOpenedAt: row?.first_opened_at ?? null };
}

/** True while the request keeps fewer than `cap` fetches: the insert waits for it inside its own statement. */
function keepsFewerFetchesThan(requestId: string, cap: number): Guard {
  const eb = expressionBuilder<Database, never>();
  const kept = eb.selectFrom('link_activity as kept').select((sub) => sub.fn.countAll<number>().as('n')).where('kept.request_id', '=', requestId);
  return eb(kept, '<', cap);
}

/** One fetch, stored only while the request has fewer than `cap` (one statement: two fetches at once cannot pass it together). */
export function insertLinkFetch(db: Db, fetch: NewLinkFetch, cap: number): CompiledQuery {
  let insert = cappedInserts.get(cap);
  if (!insert) cappedInserts.set(cap, (insert = cappedInsert(cap)));
  const { requestId, linkKind, at, method, kind, sourceKey } = fetch;
  return insert(db, { requestId, linkKind, at, method, kind, reasons: JSON.stringify(fetch.reasons), sourceKey })[0]!;
}

// Prepared once per cap (there are two): every GET of a reply link writes one.
const cappedInserts = new Map<number, ReturnType<typeof cappedInsert>>();
const cappedInsert = (cap: number) =>
  preparedStatements((db, v: Record<'requestId' | 'linkKind' | 'at' | 'method' | 'kind' | 'reasons', string> & { sourceKey: string | null }) => {
    const row = { request_id: v.requestId, link_kind: v.linkKind, at: v.at, method: v.method, kind: v.kind, reasons: v.reasons, source_key: v.sourceKey };
    return [insertRow(db, 'link_activity', row, keepsFewerFetchesThan(v.requestId, cap))];
  });

/**
 * A browser's first view of a request: its `first_opened_at` set (once: the write's own guard), and,
 * when `announce` gives the message's id, the app's `opened` webhook queued with it.
 */
export function firstOpenedWrites(db: Db, requestId: string, at: string, announce?: { messageId: string }): Write[] {
  return announce ? openedAnnounced(db, { requestId, at, messageId: announce.messageId }) : openedQuietly(db, { requestId, at });
}

const openedQuietly = preparedStatements((db, v: { requestId: string; at: string }) => [markFirstOpened(db, v.requestId, v.at).write]);
const openedAnnounced = preparedStatements((db, v: { requestId: string; at: string; messageId: string }) =>
  announced(db, markFirstOpened(db, v.requestId, v.at), { id: v.messageId, at: v.at, event: 'cancellation_request.opened' }),
);

/** A request's fetches in the order they came. */
export async function listLinkActivity(db: Db, requestId: string): Promise<LinkActivityRow[]> {
  return db.selectFrom('link_activity').selectAll().where('request_id', '=', requestId).orderBy('at').orderBy('id').execute();
}
