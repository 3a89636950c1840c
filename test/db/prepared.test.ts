import { describe, expect, it } from 'vitest';
import { preparedRead } from '../../src/db/prepared.ts';
import { testDeps } from '../support/test-deps.ts';

const { deps } = await testDeps();
await deps.db
  .insertInto('providers')
  .values(['a', 'b', 'c'].map((id, i) => ({ id, name: `Provider ${id}`, emails: '[]', locale: i === 1 ? 'sv' : 'en', identifiers: '[]', reply_window_days: 14, reminder_days: '[]', created_at: '2026-11-21T10:00:00.000Z', updated_at: '2026-11-21T10:00:00.000Z' })))
  .execute();

describe('a prepared read', () => {
  it('binds each call its own values, in the order the SQL wants them, beside the constants it was built with', async () => {
    const named = preparedRead((db, locale: string, id: string) =>
      db.selectFrom('providers').select(['id', 'name']).where('reply_window_days', '=', 14).where('id', '=', id).where('locale', '=', locale),
    );
    expect(await named(deps.db, 'sv', 'b')).toEqual([{ id: 'b', name: 'Provider b' }]);
    expect(await named(deps.db, 'en', 'a')).toEqual([{ id: 'a', name: 'Provider a' }]);
    expect(await named(deps.db, 'en', 'b')).toEqual([]);
    // The value is bound, never pasted into the SQL.
    expect(await named(deps.db, "en' OR '1'='1", 'a')).toEqual([]);
  });

  it('refuses a query whose arguments shape the SQL instead of being bound values', async () => {
    const shaped = preparedRead((db, column: string) => db.selectFrom('providers').select(column as 'id'));
    await expect(shaped(deps.db, 'id')).rejects.toThrow(/argument 0 must be a bound value/);
    const unused = preparedRead((db, _id: string) => db.selectFrom('providers').select('id'));
    await expect(unused(deps.db, 'a')).rejects.toThrow(/argument 0 must be a bound value/);
  });
});
