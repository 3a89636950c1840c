import { type CompiledQuery, type Expression, type ExpressionBuilder, expressionBuilder, type InsertQueryBuilder, type InsertResult, type SqlBool, type UpdateQueryBuilder, type UpdateResult, sql } from 'kysely';
import type { OutcomeType } from '../outcome.ts';
import type { Write } from './atomic.ts';
import { preparedRead } from './prepared.ts';
import type { Database, Db, NewHistoryRow, NewRequestRow, RequestRow, RequestStatus } from './schema.ts';

/**
 * The next change number, computed inside the statement that writes the row. Writes to one database
 * are serialised (SQLite's single writer, D1 likewise), so the numbers follow commit order.
 * Only for statements that write ONE row: the subquery is evaluated once per statement, so a
 * multi-row update would give every row the same number. Rows are never deleted (retention blanks
 * fields), so the highest number is never handed out twice.
 */
export const nextChangeSeq = (eb: ExpressionBuilder<Database, 'cancellation_requests'>) =>
  eb
    .selectFrom('cancellation_requests as latest')
    .select((sub) => sub(sub.fn.coalesce(sub.fn.max('latest.change_seq'), sub.lit(0)), '+', sub.lit(1)).as('next'));

export function insertRequest(db: Db, row: Omit<NewRequestRow, 'change_seq'>): CompiledQuery {
  return db
    .insertInto('cancellation_requests')
    .values((eb) => ({ ...row, change_seq: nextChangeSeq(eb) }))
    .compile();
}

/**
 * A condition checked inside a statement of an atomic unit. D1's batch cannot branch between
 * statements, so a write that depends on another carries the dependency as a guard, which names the
 * state it waits for (never "the statement before me changed something").
 */
export type Guard = Expression<SqlBool>;

/** True while every given guard holds (none given: always). */
export function allOf(...guards: (Guard | undefined)[]): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.and(guards.filter((guard): guard is Guard => guard !== undefined));
}

/** True while the request exists and (when given) stands at one of these statuses. */
function standsAt(id: string, statuses?: readonly RequestStatus[]): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('cancellation_requests as current')
      .select('current.id')
      .where('current.id', '=', id)
      .$if(statuses !== undefined, (query) => query.where('current.status', 'in', statuses!)),
  );
}

/**
 * A write that changes what an app sees of one request, with what an announcement of it needs: the
 * condition under which it changes the request (the write may end it, so a statement waiting for it
 * comes before the write) and the app-visible values it sets.
 */
export interface RequestChange {
  requestId: string;
  /** True exactly while `write` would change the request. */
  applies: Guard;
  /** The app-visible columns the write sets; the others (status and updated_at too, when absent) stay as the row has them. */
  sets: { status?: RequestStatus; updated_at?: string; outcome?: string; answered_at?: string; follow_up?: string; first_opened_at?: string };
  write: Write;
}

/**
 * The write of a RequestChange: request `id`, from one of `from` (any status when absent) while `onlyIf`
 * holds. The write states its condition on its own row (cheaper than the guard's subquery: this runs
 * for every email sent); `applies` states the same condition for the statements that wait for it.
 */
function changeRequest(
  update: UpdateQueryBuilder<Database, 'cancellation_requests', 'cancellation_requests', UpdateResult>,
  id: string,
  when: { from?: readonly RequestStatus[]; onlyIf?: Guard },
  sets: RequestChange['sets'],
): RequestChange {
  const write = update
    .where('id', '=', id)
    .$if(when.from !== undefined, (query) => query.where('status', 'in', when.from!))
    .$if(when.onlyIf !== undefined, (query) => query.where(when.onlyIf!))
    .compile();
  return { requestId: id, applies: allOf(standsAt(id, when.from), when.onlyIf), sets, write };
}

export function appendHistory(db: Db, row: NewHistoryRow, onlyIf?: Guard): CompiledQuery {
  return insertRow(db, 'request_history', { detail: null, ...row }, onlyIf);
}

/**
 * An INSERT of one row, or, with a guard, an INSERT … SELECT of the same values WHERE the guard holds:
 * how a write inside a D1 batch depends on the state of the others.
 */
export function insertRow<T extends keyof Database & string>(
  db: Db,
  table: T,
  row: Record<string, string | number | null>,
  onlyIf?: Guard,
): CompiledQuery {
  // Kysely cannot type an insert into a table chosen at run time; the callers' own row types check the columns.
  const into = db.insertInto(table as 'request_history') as unknown as InsertQueryBuilder<Database, 'request_history', InsertResult>;
  if (!onlyIf) return into.values(row as never).compile();
  const columns = Object.keys(row);
  return into
    .columns(columns as never)
    .expression(db.selectNoFrom((eb) => columns.map((column) => eb.val(row[column] ?? null).as(column))).where(onlyIf))
    .compile();
}

/**
 * Moves a request on only from the statuses given, so a late event never rewinds a newer one. Every
 * status but `sent` is the end of waiting: nothing more for the scheduler to do.
 */
export function moveStatus(db: Db, id: string, from: RequestStatus[], to: Exclude<RequestStatus, 'sent'>, now: string, onlyIf?: Guard): RequestChange {
  const update = db.updateTable('cancellation_requests').set((eb) => ({ status: to, updated_at: now, change_seq: nextChangeSeq(eb), lifecycle_due_at: null }));
  return changeRequest(update, id, { from, onlyIf }, { status: to, updated_at: now });
}

/**
 * An email reached the mail API for a request waiting on mail (the first one, or support's re-send after
 * a bounce): it is `sent`, and the wait for an answer — reminders, expiry — starts now (the scheduler
 * looks at it at once and works out when it is next due).
 */
export function markRequestSent(db: Db, id: string, now: string, onlyIf: Guard): RequestChange {
  const update = db.updateTable('cancellation_requests').set((eb) => ({
    status: 'sent',
    updated_at: now,
    change_seq: nextChangeSeq(eb),
    waiting_since: now,
    reminders_sent: 0,
    lifecycle_due_at: now,
  }));
  return changeRequest(update, id, { from: ['queued'], onlyIf }, { status: 'sent', updated_at: now });
}

/**
 * The provider opened the request in a browser for the first time: app-visible (`firstOpenedAt`, so the
 * change number moves for pollers) but not a change of state, so the status and `updated_at` stay.
 */
export function markFirstOpened(db: Db, id: string, at: string): RequestChange {
  const update = db.updateTable('cancellation_requests').set((eb) => ({ first_opened_at: at, change_seq: nextChangeSeq(eb) }));
  const eb = expressionBuilder<Database, never>();
  const notYet = eb.not(eb.exists(eb.selectFrom('cancellation_requests as opened').select('opened.id').where('opened.id', '=', id).where('opened.first_opened_at', 'is not', null)));
  return changeRequest(update, id, { onlyIf: notYet }, { first_opened_at: at });
}

/**
 * A binding contract followed up: the request waits for an answer again (`sent`, its reminders and
 * expiry counted from now), and records which answer was followed up, so that answer never is again.
 */
export function markFollowUpSent(db: Db, id: string, followUp: { of: string; json: string; at: string }, onlyIf: Guard): RequestChange {
  const { at } = followUp;
  const update = db.updateTable('cancellation_requests').set((eb) => ({
    status: 'sent',
    updated_at: at,
    change_seq: nextChangeSeq(eb),
    waiting_since: at,
    reminders_sent: 0,
    lifecycle_due_at: at,
    follow_up_of: followUp.of,
    follow_up: followUp.json,
  }));
  return changeRequest(update, id, { from: ['answered'], onlyIf }, { status: 'sent', updated_at: at, follow_up: followUp.json });
}

/** A history entry whose id says what it records: the same one written again changes nothing. */
export function appendHistoryOnce(db: Db, row: NewHistoryRow): Write {
  return db
    .insertInto('request_history')
    .values({ detail: null, ...row })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

/** True while the history has no entry `id`: what a write that must happen once waits for. */
export function historyEntryMissing(id: string): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.not(eb.exists(eb.selectFrom('request_history as seen').select('seen.id').where('seen.id', '=', id)));
}

/**
 * What the app-facing reads take of a request: what an app may see and the change number its polls page
 * by. Never the customer's identifiers, which an app's poll has no use for (and which were most of
 * the bytes a poll read: a page of 50 took three times as long with them).
 */
const CLIENT_COLUMNS = ['id', 'status', 'provider_id', 'client_reference', 'reference', 'outcome', 'answered_at', 'follow_up', 'first_opened_at', 'created_at', 'updated_at', 'change_seq'] as const;
export type ClientColumns = Pick<RequestRow, (typeof CLIENT_COLUMNS)[number]>;

/** A client's own request; another client's id reads as absent (tenant isolation). */
const clientRequest = preparedRead((db, { clientId, id }: { clientId: string; id: string }) =>
  db.selectFrom('cancellation_requests').select(CLIENT_COLUMNS).where('id', '=', id).where('client_id', '=', clientId),
);

export async function findClientRequest(db: Db, clientId: string, id: string): Promise<ClientColumns | null> {
  return (await clientRequest(db, { clientId, id }))[0] ?? null;
}

export async function findByIdempotencyKey(db: Db, clientId: string, key: string): Promise<RequestRow | null> {
  const row = await db
    .selectFrom('cancellation_requests')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row ?? null;
}

/** The client's latest change number (0 before its first request): where its poll that found nothing continues. */
export async function latestClientChangeSeq(db: Db, clientId: string): Promise<number> {
  const row = await db
    .selectFrom('cancellation_requests')
    .select('change_seq')
    .where('client_id', '=', clientId)
    .orderBy('change_seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.change_seq ?? 0;
}

/**
 * A client's requests in the order they changed, from a time or after a change number. Keyset on the
 * change number rather than an offset or a timestamp, so a page never skips or repeats rows while
 * requests keep changing and committing in any order.
 */
export async function listClientRequestsByChange(
  db: Db,
  clientId: string,
  from: { since?: string; afterChange?: number },
  limit: number,
): Promise<ClientColumns[]> {
  let query = db
    .selectFrom('cancellation_requests')
    .select(CLIENT_COLUMNS)
    .where('client_id', '=', clientId)
    .orderBy('change_seq')
    .limit(limit);
  if (from.since) {
    const since = from.since;
    // Walk the client's changes in change order from the first one since then (found in an index alone),
    // rather than read every row changed since then and sort them: 0016_client_changes_since.sql.
    // `+updated_at` keeps the time's index out of the planner's choice for the walk itself.
    const firstSince = db
      .selectFrom('cancellation_requests as changed')
      .select((eb) => eb.fn.min('changed.change_seq').as('first'))
      .where('changed.client_id', '=', clientId)
      .where('changed.updated_at', '>=', since);
    query = query.where(sql<string>`+updated_at`, '>=', since).where('change_seq', '>=', firstSince);
  }
  if (from.afterChange !== undefined) query = query.where('change_seq', '>', from.afterChange);
  return query.execute();
}

/** The customer's identifiers as stored (JSON); null once retention erased them. */
export const storedCustomer = (row: Pick<RequestRow, 'customer'>): Record<string, string> | null =>
  row.customer ? JSON.parse(row.customer) : null;

// Prepared: every reply form opened and answered reads its request by id first.
const requestById = preparedRead((db, { id }: { id: string }) => db.selectFrom('cancellation_requests').selectAll().where('id', '=', id));

export async function findRequest(db: Db, id: string): Promise<RequestRow | null> {
  return (await requestById(db, { id }))[0] ?? null;
}

/** The request whose current reply key this is (keys are compared as stored: lower case). */
export async function findRequestByReplyKey(db: Db, replyKey: string): Promise<RequestRow | null> {
  return (await db.selectFrom('cancellation_requests').selectAll().where('reply_key', '=', replyKey).executeTakeFirst()) ?? null;
}

/** True while the request exists, is not closed and (when given) still has this link as its current one. */
export function acceptsAnswers(requestId: string, linkId?: string): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(
    eb
      .selectFrom('cancellation_requests as target')
      .select('target.id')
      .where('target.id', '=', requestId)
      .where('target.closed_at', 'is', null)
      .$if(linkId !== undefined, (query) => query.where('target.link_id', '=', linkId!)),
  );
}

/**
 * The request's outcome becomes this answer's app-visible part; its status `answered`, whatever it was
 * (`followUpFrom`: when a binding contract ends, the scheduler's next look):
 * an answer after a bounce (another inbox got the mail) or after expiry (the link outlives the reply
 * window by LINK_GRACE_DAYS on purpose) is still the provider's answer, and the app wants it.
 */
export function recordOutcome(db: Db, id: string, outcome: { json: string; answeredAt: string; followUpFrom: string | null }, onlyIf: Guard): RequestChange {
  const update = db.updateTable('cancellation_requests').set((eb) => ({
    status: 'answered',
    outcome: outcome.json,
    answered_at: outcome.answeredAt,
    updated_at: outcome.answeredAt,
    change_seq: nextChangeSeq(eb),
    // The provider stats' facts: the first answer's time and delay stay, the outcome type follows the latest.
    first_answered_at: eb.fn.coalesce('first_answered_at', eb.val(outcome.answeredAt)),
    answer_seconds: sql<number>`coalesce(answer_seconds, max(0, CAST(round((julianday(${outcome.answeredAt}) - julianday(coalesce(waiting_since, created_at))) * 86400) AS INTEGER)))`,
    outcome_type: sql<OutcomeType>`json_extract(${outcome.json}, '$.type')`,
    // Answered: no reminder, no expiry; a binding contract is looked at again when it ends, unless the app opted out.
    lifecycle_due_at:
      outcome.followUpFrom === null
        ? null
        : eb.case().when('follow_up_binding_contract', '=', 1).then(outcome.followUpFrom).else(null).end(),
  }));
  return changeRequest(update, id, { onlyIf }, { status: 'answered', updated_at: outcome.answeredAt, outcome: outcome.json, answered_at: outcome.answeredAt });
}

/**
 * Makes a new link the request's current one, if the one it replaces is still current and the request
 * open; tokens carrying the old link id stop working, and so does the old reply key when `replyKey` is
 * a new one (a forwarded email's Reply-To leads nowhere, as its link does).
 */
export function replaceLink(db: Db, id: string, link: { from: string; to: string }, replyKey: string | null): CompiledQuery {
  return db
    .updateTable('cancellation_requests')
    .set({ link_id: link.to, reply_key: replyKey })
    .where('id', '=', id)
    .where('link_id', '=', link.from)
    .where('closed_at', 'is', null)
    .compile();
}

/** Closes a request to further answers; a closed one stays closed. */
export function closeRequest(db: Db, id: string, at: string): CompiledQuery {
  return db.updateTable('cancellation_requests').set({ closed_at: at }).where('id', '=', id).where('closed_at', 'is', null).compile();
}
