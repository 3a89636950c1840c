import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findErasable } from '../../src/db/retention.ts';
import type { Database } from '../../src/db/schema.ts';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { replyWorld } from '../support/reply-world.ts';

// Every email sent rewrites its request's entry in each index on a column the send sets (status,
// updated_at, change_seq, waiting_since, lifecycle_due_at) or named in the index's WHERE. These tests keep
// that set from growing for nothing: no index twice, and retention's index narrow enough that a queued or
// sent request is never in it (figures: docs/benchmarks.md, "Dispatch and the indexes of a request").

const world = await replyWorld();
const { dbFile } = world;

/** Entries in an index's B-tree (dbstat: the cells of its leaf pages; one page while it is small). */
function entriesOf(index: string): number {
  const sqlite = new SQLite(dbFile, { readonly: true });
  const { n } = sqlite.prepare("SELECT coalesce(sum(ncell), 0) AS n FROM dbstat WHERE name = ? AND pagetype = 'leaf'").get(index) as { n: number };
  sqlite.close();
  return n;
}

function planOf(run: (db: Kysely<Database>) => Promise<unknown>): Promise<string> {
  const sqlite = new SQLite(dbFile, { readonly: true });
  let compiled = { sql: '', parameters: [] as readonly unknown[] };
  const logged = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void (compiled = event.query) });
  return run(logged).then(() => {
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
    sqlite.close();
    return plan.map((p) => p.detail).join(' | ');
  });
}

describe('the indexes of cancellation_requests', () => {
  it('hold no two alike (same columns, same WHERE): a copy is written at every send for nothing', () => {
    const sqlite = new SQLite(dbFile, { readonly: true });
    const indexes = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cancellation_requests' AND sql IS NOT NULL").all() as { name: string; sql: string }[];
    sqlite.close();
    const shapes = indexes.map(({ name, sql }) => ({ name, shape: sql.replace(/^CREATE (UNIQUE )?INDEX \S+/i, '$1').replace(/\s+/g, ' ').trim() }));
    const repeated = shapes.filter((a, i) => shapes.findIndex((b) => b.shape === a.shape) !== i);
    expect(repeated).toEqual([]);
  });

  it("retention's search reads its partial index of final requests, sorted by it", async () => {
    const steps = await planOf((db) => findErasable(db, '2026-01-01T00:00:00.000Z', 100));
    expect(steps).toContain('USING INDEX cancellation_requests_retention');
    expect(steps).not.toContain('TEMP B-TREE');
  });

  it("retention's index takes a request only once it is final: creating and sending it write no entry there", async () => {
    const created = await world.createRequest();
    expect(entriesOf('cancellation_requests_retention')).toBe(0);
    await runScheduledWork(world.deps);
    expect((await world.appView(created.id)).status).toBe('sent');
    expect(entriesOf('cancellation_requests_retention')).toBe(0);
    expect((await world.sendForm(created.replyPath, { outcome: 'cancelled', date: ['2026-12-31', '', ''] })).status).toBe(200);
    expect((await world.appView(created.id)).status).toBe('answered');
    expect(entriesOf('cancellation_requests_retention')).toBe(1);
  });
});
