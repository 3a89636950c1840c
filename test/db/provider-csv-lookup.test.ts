import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findProviderRequests } from '../../src/db/provider-csv.ts';
import type { Database } from '../../src/db/schema.ts';
import { testDeps } from '../support/test-deps.ts';

// An upload's references are looked up one by one by their unique index: the provider's other requests
// (tens of thousands for a provider at volume) are never walked to find the 5,000 of a file.

const { dbFile } = await testDeps();

describe("an upload's requests", () => {
  it('are found by walking the file\'s references, each by the reference index, never by the provider\'s requests', async () => {
    const sqlite = new SQLite(dbFile, { readonly: true });
    let compiled = { sql: '', parameters: [] as readonly unknown[] };
    const logged = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void (compiled = event.query) });
    await findProviderRequests(logged, 'acme-gym', ['CD-7K3M9QX2', 'CD-8NG33E5N']);
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[]).map((p) => p.detail);
    sqlite.close();
    expect(plan[0]).toMatch(/^SCAN wanted VIRTUAL TABLE/);
    expect(plan[1]).toMatch(/^SEARCH r USING INDEX \S+ \(reference=\?\)$/);
  });
});
