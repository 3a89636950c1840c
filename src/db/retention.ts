import type { CompiledQuery, ExpressionBuilder } from 'kysely';
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
    .where('status', 'in', FINAL)
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Erases what identifies the customer or carries the provider's words — identifiers, free text, notes,
 * the emails' subjects and bodies, history details — and keeps the status, the outcome type and dates,
 * and the history's events with their times and actors. Each statement re-checks the request is still
 * erasable, so one that changed since it was found (a late correction) keeps its data for another period;
 * the request itself is marked last, since that ends the check.
 */
export function eraseRequests(db: Db, ids: string[], cutoff: string, now: string): CompiledQuery[] {
  const erasable = (eb: ExpressionBuilder<Database, 'cancellation_requests'>) =>
    eb.and([eb('id', 'in', ids), eb('erased_at', 'is', null), eb('updated_at', '<=', cutoff), eb('status', 'in', FINAL)]);
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
    db.updateTable('cancellation_requests').set({ customer: null, erased_at: now }).where(erasable).compile(),
  ];
}
