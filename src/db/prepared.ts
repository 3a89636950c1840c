import { type Compilable, CompiledQuery } from 'kysely';
import type { Write } from './atomic.ts';
import type { Db } from './schema.ts';

/** A prepared statement's values, by name; a null is bound as NULL (each pattern of nulls is its own shape). */
type Values = Record<string, string | null>;

type Slot = { value: string } | { constant: unknown };
interface Shape {
  sql: string;
  slots: Slot[];
}

/**
 * Statements of the hottest paths (a poll's reads, the writes of every email sent), built and compiled
 * by Kysely once per database, then bound to each call's values: building cost more than SQLite's work
 * (figures: docs/benchmarks.md). `build` must use each value only as a bound value
 * (`where('id', '=', values.id)`), never to shape the SQL: the first call builds with stand-ins and
 * refuses a shape where a value is missing or lands in the SQL text. A value may be null: the builder
 * may shape the SQL by which values are null (`IS NULL`, a column left out), so each pattern of nulls
 * is built once on its own, with the nulls as they are.
 */
export function preparedStatements<V extends Values>(build: (db: Db, values: V) => Write[]): (db: Db, values: V) => Write[] {
  const shapes = new WeakMap<Db, Map<string, Shape[]>>();
  return (db, values) => {
    let byNulls = shapes.get(db);
    if (!byNulls) shapes.set(db, (byNulls = new Map()));
    const names = Object.keys(values);
    const nulls = names.filter((name) => values[name] === null).join(',');
    let statements = byNulls.get(nulls);
    if (!statements) byNulls.set(nulls, (statements = compileShapes(db, build, names, values)));
    return statements.map(({ sql, slots }) => CompiledQuery.raw(sql, slots.map((slot) => ('value' in slot ? values[slot.value] : slot.constant))));
  };
}

/** A database that answers a read there and then (better-sqlite3): the rows of one statement. */
export type ImmediateReader = (sql: string, parameters: readonly unknown[]) => unknown[];

const immediateReaders = new WeakMap<Db, ImmediateReader>();

/**
 * Lets prepared reads on `db` run straight on its synchronous database, past Kysely's executor: its
 * connection lock, driver and result hand-over are half a dozen awaits a read, more than SQLite's own
 * work for the status poll's two (docs/benchmarks.md). Nothing is skipped that could matter while no
 * code holds a connection over an await: every other Kysely query on better-sqlite3 runs to its end
 * within one call, and the ones that would not (a transaction, `db.connection()`, a `.stream()`, which
 * also keeps its cached statement busy) are used nowhere (test/architecture.test.ts). Writes go through
 * `atomic`, synchronously, or are single statements. So no read lands inside someone else's
 * transaction. D1 answers asynchronously and keeps Kysely's path.
 */
export function readImmediately(db: Db, reader: ImmediateReader): void {
  immediateReaders.set(db, reader);
}

/** A prepared read (see preparedStatements): its rows. */
export function preparedRead<V extends Values, R>(build: (db: Db, values: V) => Compilable<R>): (db: Db, values: V) => Promise<R[]> {
  const statement = preparedStatements<V>((db, values) => [build(db, values).compile()]);
  return async (db, values) => {
    const query = statement(db, values)[0]!;
    const immediate = immediateReaders.get(db);
    return immediate ? (immediate(query.sql, query.parameters) as R[]) : (await db.executeQuery<R>(query)).rows;
  };
}

function compileShapes<V extends Values>(db: Db, build: (db: Db, values: V) => Write[], names: string[], values: V): Shape[] {
  const given = names.filter((name) => values[name] !== null);
  const standIns = Object.fromEntries(given.map((name) => [name, `\u0000${name}:${crypto.randomUUID()}`]));
  const nameOf = new Map(Object.entries(standIns).map(([name, standIn]) => [standIn, name]));
  const nulls = Object.fromEntries(names.filter((name) => values[name] === null).map((name) => [name, null]));
  const shapes = build(db, { ...nulls, ...standIns } as V).map(({ sql, parameters }) => ({
    sql,
    slots: parameters.map((parameter): Slot => {
      const name = nameOf.get(parameter as string);
      return name === undefined ? { constant: parameter } : { value: name };
    }),
  }));
  // A value in the SQL text, or inside a longer bound string (a JSON payload, say), would stay the first
  // build's stand-in for every later call. Looked for by the stand-in's random part, which survives
  // escaping (JSON writes its NUL as \u0000).
  const shaping = (standIn: string) => {
    const mark = standIn.slice(standIn.indexOf(':') + 1);
    return shapes.some(({ sql, slots }) => sql.includes(mark) || slots.some((slot) => 'constant' in slot && typeof slot.constant === 'string' && slot.constant.includes(mark)));
  };
  for (const [name, standIn] of Object.entries(standIns)) {
    const bound = shapes.some(({ slots }) => slots.some((slot) => 'value' in slot && slot.value === name));
    if (!bound || shaping(standIn)) {
      throw new Error(`prepared statement: "${name}" must be a bound value of the query, whole: not part of its SQL or of another bound value`);
    }
  }
  return shapes;
}
