import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

/**
 * Runs before each test file. The workerd files share a workerd and its module graph (the project's
 * `isolate: false`: each cost seconds per file), so each file starts on a D1 as if it had its own: the
 * same .sql migrations wrangler applies (applied ones are skipped), then every table emptied. The
 * modules stay: the two files that need an entry that has seen no environment yet import it afresh
 * (`freshEntry`, support/fresh-entry.ts).
 */
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
const { results: tables } = await env.DB.prepare(
  `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations'`,
).all<{ name: string }>();
await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = ON'), ...tables.map(({ name }) => env.DB.prepare(`DELETE FROM "${name}"`))]);
