import { describe, expect, it } from 'vitest';
import { unitWithKnownChanges } from '../support/atomic-changes.ts';
import { d1Deps } from './support/d1-deps.ts';

describe('an atomic write on D1 (one batch)', () => {
  it('says, per statement, how many rows it changed (meta.changes): the same counts as on SQLite', async () => {
    const deps = d1Deps();
    const unit = unitWithKnownChanges(deps.db, 'd1');
    const changes = await deps.atomic(unit.writes);
    expect(changes.counts).toEqual(Object.values(unit.expected));
    for (const [name, statement] of Object.entries(unit.statements)) {
      expect(changes.of(statement), name).toBe(unit.expected[name as keyof typeof unit.expected]);
    }
  });
});
