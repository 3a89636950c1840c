import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Runs before each test file: the same .sql migrations wrangler applies to D1 (applied ones are skipped).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
