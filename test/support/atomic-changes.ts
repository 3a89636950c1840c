import { expressionBuilder } from 'kysely';
import { expect } from 'vitest';
import type { Changes, Write } from '../../src/db/atomic.ts';
import { insertRow } from '../../src/db/requests.ts';
import type { Database, Db } from '../../src/db/schema.ts';

// One atomic unit whose statements change 1, 2 and 0 rows, run by the Node tests and inside workerd
// alike: both atomics must report the same counts. Nothing here may import a runtime.

const provider = (id: string) => ({
  id,
  name: `Provider ${id}`,
  emails: '[]',
  locale: 'en',
  identifiers: '[]',
  reply_window_days: 14,
  reminder_days: '[]',
  created_at: '2026-11-21T10:00:00.000Z',
  updated_at: '2026-11-21T10:00:00.000Z',
});

const providerExists = (id: string) => {
  const eb = expressionBuilder<Database, never>();
  return eb.exists(eb.selectFrom('providers as known').select('known.id').where('known.id', '=', id));
};

/** The unit's statements by name, and the count each must report, for providers prefixed `prefix`. */
export function unitWithKnownChanges(db: Db, prefix: string) {
  const [a, b, c] = ['a', 'b', 'c'].map((name) => `${prefix}-${name}`);
  const statements = {
    insertA: insertRow(db, 'providers', provider(a!)),
    insertB: insertRow(db, 'providers', provider(b!)),
    renameBoth: db.updateTable('providers').set({ name: 'Renamed' }).where('id', 'in', [a!, b!]).compile(),
    // Guarded on a provider no statement writes: the guard fails, nothing is inserted.
    guardFails: insertRow(db, 'providers', provider(c!), providerExists(`${prefix}-never`)),
    deleteNothing: db.deleteFrom('providers').where('id', '=', `${prefix}-never`).compile(),
    // Guarded on a provider an earlier statement of the same unit wrote: the guard holds.
    guardHolds: insertRow(db, 'providers', provider(c!), providerExists(a!)),
  } satisfies Record<string, Write>;
  const expected = { insertA: 1, insertB: 1, renameBoth: 2, guardFails: 0, deleteNothing: 0, guardHolds: 1 };
  return { statements, expected, writes: Object.values(statements) };
}

/** Checks what an atomic unit reported against what each statement of `unit` changed. */
export function expectKnownChanges(unit: ReturnType<typeof unitWithKnownChanges>, changes: Changes) {
  expect(changes.counts).toEqual(Object.values(unit.expected));
  for (const [name, statement] of Object.entries(unit.statements)) {
    expect(changes.of(statement), name).toBe(unit.expected[name as keyof typeof unit.expected]);
  }
}
