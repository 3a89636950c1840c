import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { preparedRead } from '../../src/db/prepared.ts';
import type { Database } from '../../src/db/schema.ts';
import { testDeps } from '../support/test-deps.ts';

const { deps, dbFile } = await testDeps();
await deps.db
  .insertInto('providers')
  .values(['a', 'b', 'c'].map((id, i) => ({ id, name: `Provider ${id}`, emails: '[]', locale: i === 1 ? 'sv' : 'en', identifiers: '[]', reply_window_days: 14, reminder_days: '[]', created_at: '2026-11-21T10:00:00.000Z', updated_at: '2026-11-21T10:00:00.000Z' })))
  .execute();

describe('a prepared read', () => {
  it('binds each call its own values by name, in the order the SQL wants them, beside the constants it was built with', async () => {
    const named = preparedRead((db, { locale, id }: { locale: string; id: string }) =>
      db.selectFrom('providers').select(['id', 'name']).where('reply_window_days', '=', 14).where('id', '=', id).where('locale', '=', locale),
    );
    expect(await named(deps.db, { locale: 'sv', id: 'b' })).toEqual([{ id: 'b', name: 'Provider b' }]);
    expect(await named(deps.db, { id: 'a', locale: 'en' })).toEqual([{ id: 'a', name: 'Provider a' }]);
    expect(await named(deps.db, { locale: 'en', id: 'b' })).toEqual([]);
    // The value is bound, never pasted into the SQL.
    expect(await named(deps.db, { locale: "en' OR '1'='1", id: 'a' })).toEqual([]);
  });

  it('binds a null as NULL, and builds each pattern of nulls on its own, so a builder may shape the SQL by which values are empty', async () => {
    const byWebhook = preparedRead((db, { url }: { url: string | null }) =>
      db.selectFrom('providers').select('id').$if(url === null, (query) => query.where('webhook_url', 'is', null)).$if(url !== null, (query) => query.where('webhook_url', '=', url!)).orderBy('id'),
    );
    expect(await byWebhook(deps.db, { url: 'https://example.test/hook' })).toEqual([]);
    // Built once with `= ?`, a null would match nothing there; its own shape says `IS NULL`.
    expect(await byWebhook(deps.db, { url: null })).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    const echoed = preparedRead((db, { value }: { value: string | null }) => db.selectFrom('providers').select((eb) => eb.val(value).as('given')).where('id', '=', 'a'));
    expect(await echoed(deps.db, { value: null })).toEqual([{ given: null }]);
    expect(await echoed(deps.db, { value: 'sv' })).toEqual([{ given: 'sv' }]);
    expect(await echoed(deps.db, { value: null })).toEqual([{ given: null }]);
  });

  it('refuses a query whose values shape the SQL instead of being bound, or are not used at all', async () => {
    const shaped = preparedRead((db, { column }: { column: string }) => db.selectFrom('providers').select(column as 'id'));
    await expect(shaped(deps.db, { column: 'id' })).rejects.toThrow(/"column" must be a bound value/);
    const unused = preparedRead((db, _values: { id: string }) => db.selectFrom('providers').select('id'));
    await expect(unused(deps.db, { id: 'a' })).rejects.toThrow(/"id" must be a bound value/);
  });

  it('refuses a value that also goes inside a longer bound string: that string would keep the first build’s stand-in for every call', async () => {
    const payload = preparedRead((db, { id }: { id: string }) =>
      db.selectFrom('providers').select((eb) => eb.val(JSON.stringify({ provider: id })).as('payload')).where('id', '=', id),
    );
    await expect(payload(deps.db, { id: 'a' })).rejects.toThrow(/"id" must be a bound value/);
  });
});

describe('a prepared read on Node', () => {
  // The same file through a Kysely of its own, as D1's path goes: through Kysely's executor.
  const throughKysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(dbFile, { readonly: true }) }) });
  afterAll(() => throughKysely.destroy());
  const byLocale = preparedRead((db, { locale, url }: { locale: string; url: string | null }) =>
    db.selectFrom('providers').select(['id', 'name', 'reply_window_days', 'webhook_url']).where('locale', '=', locale).where('webhook_url', url === null ? 'is' : '=', url).orderBy('id'),
  );

  it("runs straight on better-sqlite3, past Kysely's executor, and reads the rows the executor reads", async () => {
    const executed = vi.spyOn(deps.db, 'executeQuery');
    const immediate = await byLocale(deps.db, { locale: 'en', url: null });
    expect(executed).not.toHaveBeenCalled();
    executed.mockRestore();
    expect(immediate).toEqual([
      { id: 'a', name: 'Provider a', reply_window_days: 14, webhook_url: null },
      { id: 'c', name: 'Provider c', reply_window_days: 14, webhook_url: null },
    ]);
    const viaExecutor = vi.spyOn(throughKysely, 'executeQuery');
    for (const values of [{ locale: 'en', url: null }, { locale: 'sv', url: null }, { locale: 'en', url: 'https://example.test/hook' }]) {
      expect(await byLocale(throughKysely, values)).toEqual(await byLocale(deps.db, values));
    }
    expect(viaExecutor).toHaveBeenCalledTimes(3);
  });

  it('rejects, as the executor does, when SQLite refuses the statement', async () => {
    const missing = preparedRead((db, { id }: { id: string }) => db.selectFrom('no_such_table' as 'providers').select('id').where('id', '=', id));
    await expect(missing(deps.db, { id: 'a' })).rejects.toThrow(/no such table/);
    await expect(missing(throughKysely, { id: 'a' })).rejects.toThrow(/no such table/);
  });
});
