import type { CompiledQuery } from 'kysely';
import type { Db, NewOutboxRow, OutboxRow } from './schema.ts';

export function enqueueEmail(db: Db, row: NewOutboxRow): CompiledQuery {
  return db.insertInto('outbox').values(row).compile();
}

/**
 * Takes up to `limit` due emails for this sender in one statement, so two senders never take the
 * same row. The lease lapses on its own if this sender dies, and the email is then taken again.
 */
export async function claimDueEmails(db: Db, now: string, leaseUntil: string, limit: number): Promise<OutboxRow[]> {
  return db
    .updateTable('outbox')
    .set((eb) => ({ lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (qb) =>
      qb
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    )
    .returningAll()
    .execute();
}

export function markEmailSent(db: Db, id: string, messageId: string, now: string): CompiledQuery {
  return db
    .updateTable('outbox')
    .set({ status: 'sent', sent_at: now, provider_message_id: messageId, lease_until: null, last_error: null })
    .where('id', '=', id)
    .compile();
}

/** `countAttempt: false` hands back the attempt the claim counted (a rate limit is not a failure). */
export function scheduleRetry(db: Db, id: string, nextAttemptAt: string, error: string, options: { countAttempt: boolean }): CompiledQuery {
  return db
    .updateTable('outbox')
    .set((eb) => ({
      next_attempt_at: nextAttemptAt,
      lease_until: null,
      last_error: error,
      ...(options.countAttempt ? {} : { attempts: eb('attempts', '-', 1) }),
    }))
    .where('id', '=', id)
    .compile();
}

export function markEmailFailed(db: Db, id: string, error: string): CompiledQuery {
  return db
    .updateTable('outbox')
    .set({ status: 'failed', lease_until: null, last_error: error })
    .where('id', '=', id)
    .compile();
}

export async function countQueuedEmails(db: Db): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('status', '=', 'queued')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface OutboxFilter {
  to?: string;
  requestId?: string;
}

/** Newest first. Recipients are a JSON array, so `to` matches one exact address inside it. */
export async function listOutbox(db: Db, filter: OutboxFilter = {}, limit = 200): Promise<OutboxRow[]> {
  let query = db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  if (filter.requestId) query = query.where('request_id', '=', filter.requestId);
  if (filter.to) {
    const to = filter.to.toLowerCase();
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom(eb.fn<{ value: string }>('json_each', ['outbox.recipients']).as('recipient'))
          .select('recipient.value')
          .where('recipient.value', '=', to),
      ),
    );
  }
  return query.execute();
}

export async function findOutboxEmail(db: Db, id: string): Promise<OutboxRow | null> {
  return (await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}
