import { type Compilable, CompiledQuery } from 'kysely';
import type { Db } from './schema.ts';

type Slot = { arg: number } | { value: unknown };
interface Shape {
  sql: string;
  slots: Slot[];
}

/**
 * Statements that the hot paths run thousands of times a second (a poll's key check and row, the four
 * writes of every email sent), built by Kysely once per database and then given each call's values
 * bound to the same SQL. Building a query (immutable nodes, frozen at every step) and compiling it
 * cost more than SQLite's work itself.
 *
 * `build` must use its arguments only as values (`where('id', '=', id)`), never to shape the SQL: the
 * first call builds with stand-ins and refuses a shape where one is missing or lands in the SQL text.
 */
export function preparedStatements<A extends string[]>(build: (db: Db, ...args: A) => CompiledQuery[]) {
  const shapes = new WeakMap<Db, Shape[]>();
  return (db: Db, ...args: A): CompiledQuery[] => {
    let statements = shapes.get(db);
    if (!statements) shapes.set(db, (statements = compileShapes(db, build, args.length)));
    return statements.map(({ sql, slots }) => CompiledQuery.raw(sql, slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value))));
  };
}

/** A prepared read (see preparedStatements): its rows. */
export function preparedRead<A extends string[], R>(build: (db: Db, ...args: A) => Compilable<R>) {
  const statement = preparedStatements<A>((db, ...args) => [build(db, ...args).compile()]);
  return async (db: Db, ...args: A): Promise<R[]> => (await db.executeQuery<R>(statement(db, ...args)[0]!)).rows;
}

function compileShapes<A extends string[]>(db: Db, build: (db: Db, ...args: A) => CompiledQuery[], arity: number): Shape[] {
  const standIns = Array.from({ length: arity }, (_, i) => `\u0000arg${i}:${crypto.randomUUID()}`);
  const shapes = build(db, ...(standIns as A)).map(({ sql, parameters }) => ({
    sql,
    slots: parameters.map((value): Slot => {
      const arg = standIns.indexOf(value as string);
      return arg >= 0 ? { arg } : { value };
    }),
  }));
  standIns.forEach((standIn, arg) => {
    const bound = shapes.some(({ slots }) => slots.some((slot) => 'arg' in slot && slot.arg === arg));
    if (!bound || shapes.some(({ sql }) => sql.includes(standIn))) {
      throw new Error(`prepared statement: argument ${arg} must be a bound value of the query, not part of its SQL`);
    }
  });
  return shapes;
}
