import { sql } from 'kysely';
import { listOutbox } from '../../src/db/outbox.ts';
import type { Deps } from '../../src/deps.ts';

/**
 * Readers for what the database holds about requests, shared by the reply, console, support API and
 * CLI tests: to check what an action wrote, and to prove that a refused one wrote nothing.
 */

/** Everything a reply or a support action could change about a request, and the mail it could queue: compared before and after. */
export async function requestState(deps: Deps, requestId: string) {
  const row = await deps.db
    .selectFrom('cancellation_requests')
    .select(['status', 'outcome', 'answered_at', 'updated_at', 'change_seq', 'closed_at', 'link_id'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const history = await historyOf(deps, requestId);
  const answers = await answersOf(deps, requestId);
  const emails = await listOutbox(deps.db, { requestId });
  return { ...row, history: history.map((h) => h.id), answers: answers.map((a) => a.id), emails: emails.map((e) => e.id) };
}

/** Every answer stored for a request, by number. */
export const answersOf = (deps: Deps, requestId: string) =>
  deps.db.selectFrom('request_answers').selectAll().where('request_id', '=', requestId).orderBy('number').execute();

/** A request's history in the order it was written; only the entries of one kind when `event` is given. */
export function historyOf(deps: Deps, requestId: string, event?: string) {
  let query = deps.db.selectFrom('request_history').selectAll().where('request_id', '=', requestId);
  if (event !== undefined) query = query.where('event', '=', event);
  return query.orderBy(sql`rowid`).execute();
}

/** Every answer in the whole database: a refused POST must not have added one anywhere. */
export async function countAllAnswers(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('request_answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many history entries exist in the whole database. */
export async function historyCount(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('request_history').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many emails the whole outbox holds. */
export async function outboxCount(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
