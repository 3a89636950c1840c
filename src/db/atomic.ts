import type { CompiledQuery } from 'kysely';
import type { Db } from './schema.ts';

/**
 * Writes that land together or not at all. They are given as a list of compiled statements rather than
 * a callback because D1 has no interactive transactions, only an atomic `batch()`: nothing can be read
 * between the statements, so every id and value must be decided before the unit is built.
 */
export type AtomicWrite = (writes: CompiledQuery[]) => Promise<void>;

/** The SQLite implementation: one short transaction with no awaits on anything but the statements. */
export function transactionalWrite(db: Db): AtomicWrite {
  return (writes) =>
    db.transaction().execute(async (trx) => {
      for (const write of writes) await trx.executeQuery(write);
    });
}

/**
 * SQLite and D1 both say "UNIQUE constraint failed: table.column[, table.column]" when a unique index
 * rejects a row; `column` (as `table.column`) narrows it to one index.
 */
export const isUniqueViolation = (error: unknown, column?: string): boolean =>
  error instanceof Error && /UNIQUE constraint failed/i.test(error.message) && (!column || error.message.includes(column));
