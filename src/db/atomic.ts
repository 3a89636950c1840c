import type { CompiledQuery } from 'kysely';

/**
 * Writes that land together or not at all. They are given as a list of compiled statements rather than
 * a callback because D1 has no interactive transactions, only an atomic `batch()`: nothing can be read
 * between the statements, so every id and value must be decided before the unit is built. On Node it
 * is one better-sqlite3 transaction (src/node.ts), on Workers one D1 batch (d1-atomic.ts).
 */
export type AtomicWrite = (writes: CompiledQuery[]) => Promise<void>;

/**
 * SQLite and D1 both say "UNIQUE constraint failed: table.column[, table.column]" when a unique index
 * rejects a row; `column` (as `table.column`) narrows it to one index.
 */
export const isUniqueViolation = (error: unknown, column?: string): boolean =>
  error instanceof Error && /UNIQUE constraint failed/i.test(error.message) && (!column || error.message.includes(column));
