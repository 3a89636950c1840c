export interface Migration {
  name: string;
  sql: string;
}

/** The little of a synchronous SQLite handle the runner needs; better-sqlite3's Database has this shape. */
export interface SqliteScriptHandle {
  exec(script: string): unknown;
  prepare(statement: string): { all(...params: unknown[]): unknown[]; run(...params: unknown[]): unknown };
  transaction(fn: () => string[]): { immediate(): string[] };
}

/**
 * Applies the `.sql` migrations not yet applied, in name order, and returns their names.
 * A migration must not contain BEGIN/COMMIT (it already runs inside a transaction), and must use
 * `PRAGMA defer_foreign_keys = ON` rather than `foreign_keys = OFF`, which is ignored inside one. Bookkeeping
 * uses wrangler's own `d1_migrations` table, so a database migrated here and one migrated by
 * `wrangler d1 migrations apply` agree on what has run. Everything happens in one IMMEDIATE
 * transaction: two processes starting on a new database take turns, and the second finds nothing to do.
 */
export function applyMigrations(sqlite: SqliteScriptHandle, migrations: Migration[]): string[] {
  return sqlite
    .transaction(() => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS d1_migrations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT UNIQUE,
        applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
      )`);
      const done = new Set((sqlite.prepare('SELECT name FROM d1_migrations').all() as { name: string }[]).map((row) => row.name));
      const pending = [...migrations].sort((a, b) => a.name.localeCompare(b.name)).filter((m) => !done.has(m.name));
      const record = sqlite.prepare('INSERT INTO d1_migrations (name) VALUES (?)');
      for (const migration of pending) {
        sqlite.exec(migration.sql);
        record.run(migration.name);
      }
      return pending.map((m) => m.name);
    })
    .immediate();
}
