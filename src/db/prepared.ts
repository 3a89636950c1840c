import { type Compilable, CompiledQuery } from 'kysely';
import type { Db } from './schema.ts';

type Slot = { arg: number } | { value: unknown };

/**
 * A read that the app's hot paths run thousands of times a second (a poll's key check and row), built
 * by Kysely once per database and then run with each call's values bound to the same SQL. Building a
 * query (immutable nodes, frozen at every step) and compiling it cost more than SQLite's lookup itself.
 *
 * `build` must use its arguments only as values (`where('id', '=', id)`), never to shape the SQL: the
 * first call builds with stand-ins and refuses a shape where a stand-in is missing or lands in the text.
 */
export function preparedRead<A extends (string | number)[], R>(build: (db: Db, ...args: A) => Compilable<R>) {
  const shapes = new WeakMap<Db, { sql: string; slots: Slot[] }>();
  return async (db: Db, ...args: A): Promise<R[]> => {
    let shape = shapes.get(db);
    if (!shape) shapes.set(db, (shape = compileShape(db, build, args.length)));
    const parameters = shape.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    return (await db.executeQuery<R>(CompiledQuery.raw(shape.sql, parameters))).rows;
  };
}

function compileShape<A extends unknown[]>(db: Db, build: (db: Db, ...args: A) => Compilable<unknown>, arity: number) {
  const standIns = Array.from({ length: arity }, (_, i) => `\u0000arg${i}:${crypto.randomUUID()}`);
  const { sql, parameters } = build(db, ...(standIns as A)).compile();
  const slots = parameters.map((value): Slot => {
    const arg = standIns.indexOf(value as string);
    return arg >= 0 ? { arg } : { value };
  });
  standIns.forEach((standIn, arg) => {
    if (sql.includes(standIn) || !slots.some((slot) => 'arg' in slot && slot.arg === arg)) {
      throw new Error(`preparedRead: argument ${arg} must be a bound value of the query, not part of its SQL`);
    }
  });
  return { sql, slots };
}
