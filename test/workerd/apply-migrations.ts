import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { vi } from 'vitest';

/**
 * Runs before each test file. The workerd files share one workerd (the project's `isolate: false`: a
 * workerd and its module graph each cost seconds), so each file starts as if it had its own: the same
 * .sql migrations wrangler applies (applied ones are skipped), then every table emptied, then the
 * sources imported afresh, since src/worker.ts keeps the deps of the first environment it sees.
 */
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
const { results: tables } = await env.DB.prepare(
  `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name <> 'd1_migrations'`,
).all<{ name: string }>();
await env.DB.batch([env.DB.prepare('PRAGMA defer_foreign_keys = ON'), ...tables.map(({ name }) => env.DB.prepare(`DELETE FROM "${name}"`))]);
vi.resetModules();
