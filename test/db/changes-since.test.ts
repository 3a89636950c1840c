import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema.ts';
import { listClientRequestsByChange } from '../../src/db/requests.ts';
import { testDeps } from '../support/test-deps.ts';

// The list poll from a time: the client's requests changed since then, in change order, read by walking
// the change-order index from the first change since then — never by sorting every row changed since.

const { deps, dbFile } = await testDeps();
const row = (i: number, updatedAt: string, changeSeq: number, clientId = 'cli_a') => ({
  status: 'sent' as const,
  id: `cr_${i}`, reference: `CD-${String(i).padStart(8, '0')}`, client_id: clientId, client_reference: null, provider_id: 'p', customer: '{}',
  outcome: null, answered_at: null, link_id: `ln_${i}`, idempotency_key: null, body_hash: 'h', created_at: updatedAt, updated_at: updatedAt, change_seq: changeSeq,
  closed_at: null, waiting_since: null, reminders_sent: 0, lifecycle_due_at: null, erased_at: null, reply_key: null, follow_up_binding_contract: 1, follow_up_of: null, follow_up: null,
});
await deps.db.insertInto('api_clients').values([{ id: 'cli_a', name: 'A', key_hash: 'a', created_at: '2026-11-01T00:00:00.000Z' }, { id: 'cli_b', name: 'B', key_hash: 'b', created_at: '2026-11-01T00:00:00.000Z' }] as never).execute();
await deps.db.insertInto('providers').values({ id: 'p', name: 'P', emails: '[]', locale: 'en', identifiers: '[]', reply_window_days: 14, reminder_days: '[]', created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z' }).execute();
await deps.db
  .insertInto('cancellation_requests')
  .values([
    row(1, '2026-11-20T09:00:00.000Z', 1),
    // Committed before request 3 but stamped a moment after it (another writer's clock ran ahead).
    row(2, '2026-11-20T10:00:00.005Z', 2),
    row(3, '2026-11-20T10:00:00.000Z', 3),
    row(4, '2026-11-20T11:00:00.000Z', 4, 'cli_b'),
    row(5, '2026-11-20T12:00:00.000Z', 5),
    row(6, '2026-11-20T08:00:00.000Z', 6),
  ])
  .execute();

describe('the client\'s requests changed since a time', () => {
  it('are every one changed since then, its own only, in change order, even one stamped out of commit order', async () => {
    const rows = await listClientRequestsByChange(deps.db, 'cli_a', { since: '2026-11-20T10:00:00.000Z' }, 10);
    expect(rows.map((r) => r.id)).toEqual(['cr_2', 'cr_3', 'cr_5']);
    expect((await listClientRequestsByChange(deps.db, 'cli_a', { since: '2026-11-20T10:00:00.002Z' }, 10)).map((r) => r.id)).toEqual(['cr_2', 'cr_5']);
    expect(await listClientRequestsByChange(deps.db, 'cli_a', { since: '2026-11-21T00:00:00.000Z' }, 10)).toEqual([]);
  });

  it('are read in change order from an index, with no sort of the rows changed since then', async () => {
    const sqlite = new SQLite(dbFile, { readonly: true });
    let compiled = { sql: '', parameters: [] as readonly unknown[] };
    const logged = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), log: (event) => void (compiled = event.query) });
    await listClientRequestsByChange(logged, 'cli_a', { since: '2026-11-20T10:00:00.000Z' }, 10);
    const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as { detail: string }[];
    sqlite.close();
    const steps = plan.map((p) => p.detail).join(' | ');
    expect(steps).not.toContain('TEMP B-TREE');
    expect(steps).toContain('cancellation_requests_client_changes');
  });
});
