import { type CompiledQuery, expressionBuilder, type ExpressionWrapper, sql } from 'kysely';
import type { Database, Db, WebhookMessageRow } from './schema.ts';

/** What an app's webhook tells it happened to one of its requests. */
export const WEBHOOK_EVENTS = [
  'cancellation_request.sent',
  'cancellation_request.answered',
  'cancellation_request.answer_corrected',
  'cancellation_request.delivery_failed',
  'cancellation_request.expired',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** `answer`: answered, or answer_corrected when the request already had one (decided inside the write). */
export type AnnouncedChange = Exclude<WebhookEvent, 'cancellation_request.answered' | 'cancellation_request.answer_corrected'> | 'answer';

/**
 * Queues a webhook message about the status write just before it in the same atomic unit — if that write
 * changed the request (SQLite's `changes()` counts the rows of the last completed INSERT/UPDATE/DELETE,
 * on D1 inside a batch too) and the request's app has a working endpoint. So it MUST directly follow the
 * write it announces. The message keeps the request's app-visible state as that write left it.
 */
export function announceChange(db: Db, change: { messageId: string; requestId: string; event: AnnouncedChange; at: string }): CompiledQuery {
  return db
    .insertInto('webhook_messages')
    .columns(['id', 'client_id', 'request_id', 'event', 'status', 'outcome', 'answered_at', 'updated_at', 'created_at', 'next_attempt_at'])
    .expression(
      db
        .selectFrom('cancellation_requests as r')
        .innerJoin('api_clients as c', 'c.id', 'r.client_id')
        .select((eb) => [
          eb.val(change.messageId).as('id'),
          'r.client_id',
          'r.id',
          eventName(change.event, change.requestId).as('event'),
          'r.status',
          'r.outcome',
          'r.answered_at',
          'r.updated_at',
          eb.val(change.at).as('created_at'),
          eb.val(change.at).as('next_attempt_at'),
        ])
        .where('r.id', '=', change.requestId)
        .where('c.webhook_url', 'is not', null)
        .where('c.webhook_disabled_at', 'is', null)
        .where(sql<number>`changes()`, '>', 0),
    )
    .compile();
}

function eventName(event: AnnouncedChange, requestId: string): ExpressionWrapper<Database, never, string> {
  const eb = expressionBuilder<Database, never>();
  if (event !== 'answer') return eb.val<string>(event);
  // Announced before the answer itself is inserted: any answer already there makes this a correction.
  return eb
    .case()
    .when(eb.exists(eb.selectFrom('request_answers as earlier').select('earlier.id').where('earlier.request_id', '=', requestId)))
    .then(eb.val<string>('cancellation_request.answer_corrected'))
    .else(eb.val<string>('cancellation_request.answered'))
    .end();
}

/** Takes up to `limit` due messages for this deliverer (same leases and claims as the email outbox). */
export async function claimDueMessages(db: Db, claim: { id: string; dueBy: string; leaseUntil: string }, limit: number): Promise<WebhookMessageRow[]> {
  const { dueBy } = claim;
  return db
    .updateTable('webhook_messages')
    .set((eb) => ({ lease_until: claim.leaseUntil, claim_id: claim.id, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('webhook_messages')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', dueBy)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', dueBy)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    )
    .returningAll()
    .execute();
}

const heldBy = (db: Db, message: { id: string; claimId: string }) =>
  db.updateTable('webhook_messages').where('id', '=', message.id).where('claim_id', '=', message.claimId).where('state', '=', 'pending');

export function markDelivered(db: Db, message: { id: string; claimId: string }, at: string): CompiledQuery {
  return heldBy(db, message).set({ state: 'delivered', delivered_at: at, lease_until: null, last_error: null }).compile();
}

export function scheduleRedelivery(db: Db, message: { id: string; claimId: string }, at: string, error: string): CompiledQuery {
  return heldBy(db, message).set({ next_attempt_at: at, lease_until: null, last_error: error }).compile();
}

export function markUndeliverable(db: Db, message: { id: string; claimId: string }, error: string): CompiledQuery {
  return heldBy(db, message).set({ state: 'failed', lease_until: null, last_error: error }).compile();
}

export async function countPendingMessages(db: Db): Promise<number> {
  const row = await db
    .selectFrom('webhook_messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listRequestMessages(db: Db, requestId: string): Promise<WebhookMessageRow[]> {
  return db.selectFrom('webhook_messages').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy(sql`rowid`).execute();
}
