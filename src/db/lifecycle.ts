import { type CompiledQuery, expressionBuilder } from 'kysely';
import type { Guard } from './requests.ts';
import type { Database, Db, RequestRow } from './schema.ts';

/** A waiting request due for the scheduler, with its provider's reminder settings. */
export interface DueRequest extends RequestRow {
  reminder_days: string;
  reply_window_days: number;
}

/** Waiting requests whose next reminder or expiry has come, the longest-due first. */
export async function findDueRequests(db: Db, now: string, limit: number): Promise<DueRequest[]> {
  return db
    .selectFrom('cancellation_requests as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .selectAll('r')
    .select(['p.reminder_days', 'p.reply_window_days'])
    .where('r.lifecycle_due_at', '<=', now)
    .where('r.status', '=', 'sent')
    .orderBy('r.lifecycle_due_at')
    .limit(limit)
    .execute();
}

/**
 * True while the request is exactly as the scheduler found it: still `sent`, the same reminders used
 * and the same due time. Two runs at once (or a rerun after a crash) both plan from the same row, but
 * only the first unit to commit finds it unchanged; the other writes nothing.
 */
export function stillAsPlanned(row: Pick<RequestRow, 'id' | 'reminders_sent' | 'lifecycle_due_at'>): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('cancellation_requests as planned')
      .select('planned.id')
      .where('planned.id', '=', row.id)
      .where('planned.status', '=', 'sent')
      .where('planned.reminders_sent', '=', row.reminders_sent)
      .where('planned.lifecycle_due_at', '=', row.lifecycle_due_at ?? ''),
  );
}

/** Records the scheduler's step: reminders used up and when to look again (null: never). */
export function scheduleNextLook(db: Db, id: string, next: { remindersSent: number; dueAt: string | null }, onlyIf: Guard): CompiledQuery {
  return db
    .updateTable('cancellation_requests')
    .set({ reminders_sent: next.remindersSent, lifecycle_due_at: next.dueAt })
    .where('id', '=', id)
    .where(onlyIf)
    .compile();
}
