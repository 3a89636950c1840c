import { type CompiledQuery, type ExpressionBuilder, sql, type UpdateObject } from 'kysely';
import type { Database, Db } from './schema.ts';

/** Statuses after which nothing more is expected: the clock of the retention period runs from here. */
const FINAL = ['answered', 'expired', 'delivery_failed'] as const;

/** Final requests untouched since `cutoff` whose personal data is still there, oldest first. */
export async function findErasable(db: Db, cutoff: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('cancellation_requests')
    .select('id')
    .where('erased_at', 'is', null)
    .where('updated_at', '<=', cutoff)
    // Literals, not bound values, as in the WHERE of cancellation_requests_retention (0018): SQLite uses a
    // partial index only for a query it can see implies that WHERE, and a bound `?` it cannot.
    .where('status', 'in', FINAL.map((status) => sql.lit(status)))
    // A binding contract's follow-up still to come needs the identifiers: its clock starts once that is done.
    .where('lifecycle_due_at', 'is', null)
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Erases what identifies the customer or carries the provider's words — identifiers, free text, notes,
 * the emails' subjects and bodies, history details, its email replies' texts and addresses, its link activity — and keeps the status, the outcome type and dates,
 * and the history's events with their times and actors. Each statement re-checks the request is still
 * erasable, so one that changed since it was found (a late correction) keeps its data for another period;
 * the request itself is marked last, since that ends the check.
 */
export function eraseRequests(db: Db, ids: string[], cutoff: string, now: string): CompiledQuery[] {
  const erasable = (eb: ExpressionBuilder<Database, 'cancellation_requests'>) =>
    eb.and([eb('id', 'in', ids), eb('erased_at', 'is', null), eb('updated_at', '<=', cutoff), eb('status', 'in', FINAL), eb('lifecycle_due_at', 'is', null)]);
  const stillErasable = db.selectFrom('cancellation_requests').select('id').where(erasable);
  return [
    db.updateTable('request_answers').set({ message: null, note: null }).where('request_id', 'in', stillErasable).compile(),
    db
      .updateTable('outbox_bodies')
      .set({ html: '', text: '' })
      .where('outbox_id', 'in', db.selectFrom('outbox').select('outbox.id').where('outbox.request_id', 'in', stillErasable))
      .compile(),
    db.updateTable('outbox').set({ subject: '[erased]' }).where('request_id', 'in', stillErasable).compile(),
    db.updateTable('request_history').set({ detail: null }).where('request_id', 'in', stillErasable).compile(),
    db.updateTable('email_replies').set(erasedReply(now)).where('request_id', 'in', stillErasable).where('erased_at', 'is', null).compile(),
    // Link activity holds hashes of where fetches came from: gone whole; `first_opened_at` stays, a date like `answered_at`.
    db.deleteFrom('link_activity').where('request_id', 'in', stillErasable).compile(),
    db.updateTable('cancellation_requests').set({ customer: null, erased_at: now }).where(erasable).compile(),
  ];
}

/**
 * What an erased email reply keeps: its kind, match, suggestion, state and times, so support's counts
 * stay true; who wrote, to whom, and every word are gone. The fingerprint stays, so the same message
 * arriving again is still known (and not stored afresh).
 */
const erasedReply = (now: string): UpdateObject<Database, 'email_replies'> => ({
  from_address: null,
  from_name: null,
  recipients: '[]',
  subject: '',
  message_id: null,
  visible_text: '',
  full_text: '',
  attachments: '[]',
  erased_at: now,
});

/**
 * Unmatched email replies received before `cutoff` whose words are still there, erased `limit` at a
 * time: no request's end starts their clock, so their arrival does. Those matched (or assigned) since
 * go with their request.
 */
export function eraseUnmatchedReplies(db: Db, cutoff: string, now: string, limit: number): CompiledQuery {
  const due = db
    .selectFrom('email_replies')
    .select('id')
    .where('request_id', 'is', null)
    .where('erased_at', 'is', null)
    .where('received_at', '<=', cutoff)
    .orderBy('received_at')
    .limit(limit);
  return db.updateTable('email_replies').set(erasedReply(now)).where('id', 'in', due).compile();
}
