import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

// Wrangler and Miniflare stay offline: no metrics, no fetch of Cloudflare's request metadata.
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

/** The variables the Workers entry sees in tests: wrangler.toml says production, which needs secrets. */
const WORKERD_TEST_BINDINGS = {
  NODE_ENV: 'test',
  PUBLIC_URL: 'https://canceldesk.test',
  ADMIN_TOKEN: 'test-admin-token-0123456789abcdef0123',
};

const PREBUNDLED = ['@hono/zod-openapi', '@react-email/render', 'hono', 'jose', 'kysely', 'react', 'resend', 'zod'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/workerd/**', '**/node_modules/**'],
          // Each file gets its own SQLite file and servers on ephemeral ports, so files can run in parallel.
          pool: 'forks',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The Workers entry inside workerd, on a local D1 migrated from the same .sql files.
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { ...WORKERD_TEST_BINDINGS, TEST_MIGRATIONS: await readD1Migrations('src/db/migrations') },
            },
          })),
        ],
        test: {
          name: 'workerd',
          include: ['test/workerd/**/*.test.ts'],
          setupFiles: ['test/workerd/apply-migrations.ts'],
          // Each test file loads the Workers entry's whole module graph inside workerd; pre-bundling the
          // big dependencies makes that one module each instead of hundreds.
          deps: { optimizer: { ssr: { enabled: true, include: PREBUNDLED } } },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
