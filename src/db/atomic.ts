import type { CompiledQuery } from 'kysely';

/** One statement of an atomic unit, compiled with its values. */
export type Write = CompiledQuery;

/**
 * What an atomic unit changed: for each statement, the rows it inserted, updated or deleted (SQLite's
 * `changes`, D1's `meta.changes`). A guarded statement whose guard did not hold changed 0 rows, so a
 * use case learns from the write itself whether it happened, without reading it back.
 */
export interface Changes {
  /** Per statement, in the order the unit was given. */
  readonly counts: readonly number[];
  /** The rows this statement of the unit changed. */
  of(write: Write): number;
}

/**
 * Writes that land together or not at all. They are given as a list of compiled statements rather than
 * a callback because D1 has no interactive transactions, only an atomic `batch()`: nothing can be read
 * between the statements, so every id and value must be decided before the unit is built, and a
 * statement that depends on another carries the dependency as a guard (see `Guard`, requests.ts). On
 * Node it is one better-sqlite3 transaction (src/node.ts), on Workers one D1 batch (d1-atomic.ts).
 */
export type AtomicWrite = (writes: Write[]) => Promise<Changes>;

/** The unit's counts, each answerable by the statement it belongs to. */
export function changesOf(writes: readonly Write[], counts: readonly number[]): Changes {
  if (counts.length !== writes.length) throw new Error(`an atomic unit of ${writes.length} statements reported ${counts.length} counts`);
  return {
    counts,
    of(write) {
      const index = writes.indexOf(write);
      if (index < 0) throw new Error('not a statement of this atomic unit');
      return counts[index]!;
    },
  };
}

/**
 * SQLite and D1 both say "UNIQUE constraint failed: table.column[, table.column]" when a unique index
 * rejects a row; `column` (as `table.column`) narrows it to one index.
 */
export const isUniqueViolation = (error: unknown, column?: string): boolean =>
  error instanceof Error && /UNIQUE constraint failed/i.test(error.message) && (!column || error.message.includes(column));
