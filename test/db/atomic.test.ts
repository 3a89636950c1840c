import { describe, expect, it } from 'vitest';
import { testDeps } from '../support/test-deps.ts';
import { expectKnownChanges, unitWithKnownChanges } from '../support/atomic-changes.ts';

const { deps } = await testDeps();

describe('an atomic write on SQLite (one better-sqlite3 transaction)', () => {
  it('says, per statement, how many rows it changed: 1 per insert, 2 for an update of two rows, 0 where a guard failed', async () => {
    const unit = unitWithKnownChanges(deps.db, 'node');
    expectKnownChanges(unit, await deps.atomic(unit.writes));
  });

  it('refuses to answer for a statement that was not part of the unit', async () => {
    const unit = unitWithKnownChanges(deps.db, 'other');
    const changes = await deps.atomic([unit.statements.deleteNothing]);
    expect(() => changes.of(unit.statements.insertA)).toThrow(/not a statement of this atomic unit/);
  });
});
