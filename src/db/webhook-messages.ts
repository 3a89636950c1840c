import { type CompiledQuery, expressionBuilder, type ExpressionWrapper } from 'kysely';
import type { Write } from './atomic.ts';
import type { Guard, RequestChange } from './requests.ts';
import type { Database, Db, WebhookMessageRow } from './schema.ts';
import type { ProviderWebhookEvent, WebhookEvent } from '../webhook-events.ts';

/** What a message announces; an answer is `answered`, or `answer_corrected` when the request had one before it since its last follow-up (decided inside the write). */
export type Announcement = { id: string; at: string } & (
  | { event: Exclude<WebhookEvent, 'cancellation_request.answered' | 'cancellation_request.answer_corrected'> }
  | { event: 'answer'; answerId: string }
);

/**
 * The change's write, and before it the webhook message that announces it to the request's app: queued
 * only if the write will change the request (the message waits for the write's own condition, which the
 * write then ends) and the app has a working endpoint. The message keeps the request's app-visible state
 * as the write leaves it. Statements between the two, or around them, make no difference to either.
 */
export function announced(db: Db, change: RequestChange, message: Announcement): Write[] {
  return [announcement(db, change, message), change.write];
}

function announcement(db: Db, change: RequestChange, message: Announcement): Write {
  const { sets } = change;
  return db
    .insertInto('webhook_messages')
    .columns(['id', 'client_id', 'request_id', 'event', 'status', 'outcome', 'answered_at', 'follow_up', 'first_opened_at', 'updated_at', 'created_at', 'next_attempt_at'])
    .expression(
      db
        .selectFrom('cancellation_requests as r')
        .innerJoin('api_clients as c', 'c.id', 'r.client_id')
        .select((eb) => [
          eb.val(message.id).as('id'),
          'r.client_id',
          'r.id',
          eventName(message, change.requestId).as('event'),
          sets.status === undefined ? 'r.status' : eb.val(sets.status).as('status'),
          sets.outcome === undefined ? 'r.outcome' : eb.val<string | null>(sets.outcome).as('outcome'),
          sets.answered_at === undefined ? 'r.answered_at' : eb.val<string | null>(sets.answered_at).as('answered_at'),
          sets.follow_up === undefined ? 'r.follow_up' : eb.val<string | null>(sets.follow_up).as('follow_up'),
          sets.first_opened_at === undefined ? 'r.first_opened_at' : eb.val<string | null>(sets.first_opened_at).as('first_opened_at'),
          sets.updated_at === undefined ? 'r.updated_at' : eb.val(sets.updated_at).as('updated_at'),
          eb.val(message.at).as('created_at'),
          eb.val(message.at).as('next_attempt_at'),
        ])
        .where('r.id', '=', change.requestId)
        .where('c.webhook_url', 'is not', null)
        .where('c.webhook_disabled_at', 'is', null)
        .where(change.applies),
    )
    .compile();
}

/**
 * A webhook message to the request's provider (while `onlyIf` holds, when given), queued only if the
 * provider has a working endpoint. Its body is built at delivery, as the provider API then shows the request.
 */
export function announcedToProvider(db: Db, message: { id: string; requestId: string; event: ProviderWebhookEvent; at: string }, onlyIf?: Guard): Write {
  return db
    .insertInto('webhook_messages')
    .columns(['id', 'provider_id', 'request_id', 'event', 'status', 'outcome', 'answered_at', 'follow_up', 'updated_at', 'created_at', 'next_attempt_at'])
    .expression(
      db
        .selectFrom('cancellation_requests as r')
        .innerJoin('providers as p', 'p.id', 'r.provider_id')
        .select((eb) => [
          eb.val(message.id).as('id'),
          'r.provider_id',
          'r.id',
          eb.val(message.event).as('event'),
          'r.status',
          'r.outcome',
          'r.answered_at',
          'r.follow_up',
          'r.updated_at',
          eb.val(message.at).as('created_at'),
          eb.val(message.at).as('next_attempt_at'),
        ])
        .where('r.id', '=', message.requestId)
        .where('p.webhook_url', 'is not', null)
        .where('p.webhook_disabled_at', 'is', null)
        .$if(onlyIf !== undefined, (query) => query.where(onlyIf!)),
    )
    .compile();
}

function eventName(message: Announcement, requestId: string): ExpressionWrapper<Database, never, string> {
  const eb = expressionBuilder<Database, never>();
  if (message.event !== 'answer') return eb.val<string>(message.event);
  // Any answer but this one since the last follow-up makes it a correction: the same before and after this one
  // is inserted. The first answer after a binding contract's follow-up is an answer to that follow-up.
  const followedUp = eb
    .selectFrom('cancellation_requests as asked')
    .innerJoin('request_answers as followed', 'followed.id', 'asked.follow_up_of')
    .select('followed.number')
    .where('asked.id', '=', requestId);
  const earlier = eb
    .selectFrom('request_answers as earlier')
    .select('earlier.id')
    .where('earlier.request_id', '=', requestId)
    .where('earlier.id', '<>', message.answerId)
    .where('earlier.number', '>', eb.fn.coalesce(followedUp, eb.lit(0)));
  return eb.case().when(eb.exists(earlier)).then(eb.val<string>('cancellation_request.answer_corrected' satisfies WebhookEvent)).else(eb.val<string>('cancellation_request.answered' satisfies WebhookEvent)).end();
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

