import { type CompiledQuery, expressionBuilder } from 'kysely';
import { preparedRead } from './prepared.ts';
import type { Guard } from './requests.ts';
import type { AnswerRow, Database, Db, RequestAnswersTable } from './schema.ts';

export type NewAnswer = Omit<RequestAnswersTable, 'number'>;

/**
 * Stores an answer, numbered inside the statement (the next number for its request), so two answers
 * committed at the same moment get distinct numbers in commit order. Written only while `onlyIf`
 * holds, which is how a revoked link or a closed request refuses an answer inside the atomic unit.
 */
export function insertAnswer(db: Db, answer: NewAnswer, onlyIf: Guard): CompiledQuery {
  return db
    .insertInto('request_answers')
    .columns(['id', 'request_id', 'number', 'at', 'actor', 'outcome', 'date', 'message', 'note'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(answer.id).as('id'),
          eb.val(answer.request_id).as('request_id'),
          eb
            .selectFrom('request_answers as earlier')
            .where('earlier.request_id', '=', answer.request_id)
            .select((sub) => sub(sub.fn.coalesce(sub.fn.max('earlier.number'), sub.lit(0)), '+', sub.lit(1)).as('next'))
            .as('number'),
          eb.val(answer.at).as('at'),
          eb.val(answer.actor).as('actor'),
          eb.val(answer.outcome).as('outcome'),
          eb.val(answer.date).as('date'),
          eb.val(answer.message).as('message'),
          eb.val(answer.note).as('note'),
        ])
        .where(onlyIf),
    )
    .compile();
}

/** Every answer to a request, the first one first; the last is the request's outcome. */
export async function listAnswers(db: Db, requestId: string): Promise<AnswerRow[]> {
  return db.selectFrom('request_answers').selectAll().where('request_id', '=', requestId).orderBy('number').execute();
}

// Prepared: every reply form opened reads it.
const latestOf = preparedRead((db, { requestId }: { requestId: string }) =>
  db.selectFrom('request_answers').selectAll().where('request_id', '=', requestId).orderBy('number', 'desc').limit(1),
);

export async function latestAnswer(db: Db, requestId: string): Promise<AnswerRow | null> {
  return (await latestOf(db, { requestId }))[0] ?? null;
}

/**
 * True while the request has fewer than `limit` answers besides `answerId`: the guard for that answer,
 * which holds the same before and after the answer itself is written.
 */
export function fewerAnswersBesides(requestId: string, answerId: string, limit: number): Guard {
  const eb = expressionBuilder<Database, never>();
  return eb(
    eb
      .selectFrom('request_answers as counted')
      .where('counted.request_id', '=', requestId)
      .where('counted.id', '<>', answerId)
      .select((sub) => sub.fn.countAll<number>().as('n')),
    '<',
    limit,
  );
}
