import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrate.ts';
import { readMigrations } from '../../src/node.ts';

const migrations = readMigrations();

describe('0006_outbox_bodies on a database that already has mail', () => {
  it('moves every email’s HTML and text to outbox_bodies, and the outbox rows keep everything else', () => {
    const sqlite = new SQLite(':memory:');
    sqlite.pragma('foreign_keys = ON');
    applyMigrations(sqlite, migrations.filter((m) => m.name < '0006'));
    const now = '2026-11-21T10:00:00.000Z';
    sqlite
      .prepare(`INSERT INTO outbox (id, request_id, kind, recipients, reply_to, subject, html, text, idempotency_key, status, attempts, next_attempt_at, created_at)
        VALUES (?, NULL, 'cancellation_request', '["stop@acme.example"]', NULL, ?, ?, ?, ?, ?, 0, ?, ?)`)
      .run('ob_1', 'Cancellation request: Jane Doe', '<p>Jane &amp; the link</p>', 'Jane & the link', 'outbox/ob_1', 'sent', now, now);

    expect(applyMigrations(sqlite, migrations.filter((m) => m.name < '0007'))).toEqual(['0006_outbox_bodies.sql']);
    expect(sqlite.prepare('SELECT outbox_id, html, text FROM outbox_bodies').all()).toEqual([
      { outbox_id: 'ob_1', html: '<p>Jane &amp; the link</p>', text: 'Jane & the link' },
    ]);
    expect(sqlite.prepare('SELECT id, subject, status FROM outbox').all()).toEqual([{ id: 'ob_1', subject: 'Cancellation request: Jane Doe', status: 'sent' }]);
    const columns = (sqlite.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('html');
    expect(columns).not.toContain('text');
    sqlite.close();
  });
});
