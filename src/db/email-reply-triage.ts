import { type CompiledQuery, expressionBuilder } from 'kysely';
import type { Guard } from './requests.ts';
import type { Database, Db, EmailReplyResolution, EmailReplyRow, RequestRow } from './schema.ts';

/**
 * Support's triage of stored email replies (issue 15): what the list and a request's page read, and the
 * guarded writes that settle a reply. The rows are written by the receiving side (email-replies.ts).
 */

/** What support narrows the triage list by. */
export interface EmailReplyFilter {
  state: 'open' | 'handled';
  /** true: only replies with a request; false: only those without; absent: both. */
  matched?: boolean;
  /** Auto-replies are folded apart: either only them or every other kind. */
  autoReplies: boolean;
}

/** A reply with what support needs of its request beside it (null when unmatched). */
export type TriageRow = EmailReplyRow & { request_reference: string | null; request_provider_id: string | null };

function triageQuery(db: Db) {
  return db
    .selectFrom('email_replies')
    .leftJoin('cancellation_requests', 'cancellation_requests.id', 'email_replies.request_id')
    .selectAll('email_replies')
    .select(['cancellation_requests.reference as request_reference', 'cancellation_requests.provider_id as request_provider_id']);
}

/** Replies in one state, newest first (on the (state, received_at) index). */
export async function listEmailReplies(db: Db, filter: EmailReplyFilter, limit: number): Promise<TriageRow[]> {
  let query = triageQuery(db)
    .where('email_replies.state', '=', filter.state)
    .where('email_replies.kind', filter.autoReplies ? '=' : '<>', 'auto_reply')
    .orderBy('email_replies.received_at', 'desc')
    .orderBy('email_replies.id', 'desc')
    .limit(limit);
  if (filter.matched !== undefined) query = query.where('email_replies.request_id', filter.matched ? 'is not' : 'is', null);
  return query.execute();
}

/** How many replies match the filter (the folded auto-replies are counted, not listed, by the API). */
export async function countEmailReplies(db: Db, filter: EmailReplyFilter): Promise<number> {
  let query = db
    .selectFrom('email_replies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', filter.state)
    .where('kind', filter.autoReplies ? '=' : '<>', 'auto_reply');
  if (filter.matched !== undefined) query = query.where('request_id', filter.matched ? 'is not' : 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function findEmailReply(db: Db, id: string): Promise<TriageRow | null> {
  return (await triageQuery(db).where('email_replies.id', '=', id).executeTakeFirst()) ?? null;
}

/** A request's replies, oldest first like its answers. */
export async function listRequestEmailReplies(db: Db, requestId: string): Promise<EmailReplyRow[]> {
  return db.selectFrom('email_replies').selectAll().where('request_id', '=', requestId).orderBy('received_at').orderBy('id').execute();
}

/** The request support means by what it typed: its id, or our reference as providers quote it (`CD-…`, any case). */
export async function findRequestByIdOrReference(db: Db, idOrReference: string): Promise<Pick<RequestRow, 'id' | 'reference'> | null> {
  const row = await db
    .selectFrom('cancellation_requests')
    .select(['id', 'reference'])
    .where((eb) => eb.or([eb('id', '=', idOrReference), eb('reference', '=', idOrReference.toUpperCase())]))
    .executeTakeFirst();
  return row ?? null;
}

/** True while the reply is open and belongs to this request (null: to none): what every settling write waits for. */
export function replyStillOpenFor(replyId: string, requestId: string | null): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('email_replies as reply')
      .select('reply.id')
      .where('reply.id', '=', replyId)
      .where('reply.state', '=', 'open')
      .where('reply.request_id', requestId === null ? 'is' : '=', requestId),
  );
}

/** True once the request's answer `answerId` is stored: a reply settled by an answer waits for it. */
export function answerStored(answerId: string): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(eb.selectFrom('request_answers as given').select('given.id').where('given.id', '=', answerId));
}

/**
 * Settles an open reply: handled by `by` (the support account's email), with how. A reply already
 * handled stays as it was, so of two supporters at once only the first one's write changes it.
 */
export function settleEmailReply(
  db: Db,
  replyId: string,
  settled: { at: string; by: string; resolution: EmailReplyResolution },
  onlyIf?: Guard,
): CompiledQuery {
  return db
    .updateTable('email_replies')
    .set({ state: 'handled', handled_at: settled.at, handled_by: settled.by, resolution: settled.resolution })
    .where('id', '=', replyId)
    .where('state', '=', 'open')
    .$if(onlyIf !== undefined, (query) => query.where(onlyIf!))
    .compile();
}

/** Gives an unmatched open reply its request; one already matched (or assigned a moment ago) keeps its own. */
export function assignEmailReply(db: Db, replyId: string, requestId: string): CompiledQuery {
  const eb = expressionBuilder<Database, never>();
  return db
    .updateTable('email_replies')
    .set({ request_id: requestId, matched_by: 'support' })
    .where('id', '=', replyId)
    .where('state', '=', 'open')
    .where('request_id', 'is', null)
    .where(eb.exists(eb.selectFrom('cancellation_requests as target').select('target.id').where('target.id', '=', requestId)))
    .compile();
}
