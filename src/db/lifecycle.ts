import { type CompiledQuery, expressionBuilder } from 'kysely';
import type { Guard } from './requests.ts';
import type { AnswerRow, Database, Db, RequestRow, RequestStatus } from './schema.ts';

/** A waiting request due for the scheduler, with its provider's reminder settings. */
export interface DueRequest extends RequestRow {
  reminder_days: string;
  reply_window_days: number;
}

/** Waiting requests whose next reminder or expiry has come, the longest-due first. */
export async function findDueRequests(db: Db, now: string, limit: number): Promise<DueRequest[]> {
  return dueWithProvider(db, 'sent', now, limit).select(['p.reminder_days', 'p.reply_window_days']).execute();
}

/** Requests at `status` the scheduler meant to look at by `now`, the longest-due first, joined to their provider. */
const dueWithProvider = (db: Db, status: RequestStatus, now: string, limit: number) =>
  db
    .selectFrom('cancellation_requests as r')
    .innerJoin('providers as p', 'p.id', 'r.provider_id')
    .selectAll('r')
    .where('r.lifecycle_due_at', '<=', now)
    .where('r.status', '=', status)
    .orderBy('r.lifecycle_due_at')
    .limit(limit);

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

/** An answered request whose binding contract's follow-up may be due, with its provider's delay. */
export interface DueContractRequest extends RequestRow {
  follow_up_delay_days: number;
}

/** Answered requests the scheduler meant to look at again by now (a binding contract ending), the longest-due first. */
export async function findDueContractRequests(db: Db, now: string, limit: number): Promise<DueContractRequest[]> {
  return dueWithProvider(db, 'answered', now, limit).select('p.follow_up_delay_days').execute();
}

/**
 * True while the request is as the scheduler found it, waiting for the follow-up of `answer`: still
 * answered and open, the same due time, no answer after this one, and this answer not followed up yet.
 * Two runs at once, or a rerun after a crash, cannot both find it so: one follow-up per answer.
 */
export function awaitsFollowUpOf(row: Pick<RequestRow, 'id' | 'lifecycle_due_at'>, answer: Pick<AnswerRow, 'id' | 'number'>): Guard {
  const eb = expressionBuilder<Database, never>();
  const later = eb.selectFrom('request_answers as later').select('later.id').where('later.request_id', '=', row.id).where('later.number', '>', answer.number);
  return eb.exists(
    answeredAndDue(row)
      .where('planned.closed_at', 'is', null)
      .where('planned.follow_up_binding_contract', '=', 1)
      .where((w) => w.or([w('planned.follow_up_of', 'is', null), w('planned.follow_up_of', '<>', answer.id)]))
      .where((w) => w.not(w.exists(later))),
  );
}

/** True while the answered request still has the due time the scheduler read: what its "look again later" waits for. */
export function answeredAndDueAt(row: Pick<RequestRow, 'id' | 'lifecycle_due_at'>): Guard {
  return expressionBuilder<Database, never>().exists(answeredAndDue(row));
}

const answeredAndDue = (row: Pick<RequestRow, 'id' | 'lifecycle_due_at'>) =>
  expressionBuilder<Database, never>()
    .selectFrom('cancellation_requests as planned')
    .select('planned.id')
    .where('planned.id', '=', row.id)
    .where('planned.status', '=', 'answered')
    .where('planned.lifecycle_due_at', '=', row.lifecycle_due_at ?? '');

/** When to look at an answered request again (null: never), while `onlyIf` holds. */
export function scheduleContractLook(db: Db, id: string, dueAt: string | null, onlyIf: Guard): CompiledQuery {
  return db.updateTable('cancellation_requests').set({ lifecycle_due_at: dueAt }).where('id', '=', id).where(onlyIf).compile();
}
