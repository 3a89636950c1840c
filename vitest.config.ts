import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { HeaviestFirst } from './test/support/heaviest-first.ts';

// Wrangler and Miniflare stay offline: no metrics, no fetch of Cloudflare's request metadata.
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

/** The variables the Workers entry sees in tests: wrangler.toml says production, which needs secrets. */
const WORKERD_TEST_BINDINGS = {
  NODE_ENV: 'test',
  PUBLIC_URL: 'https://canceldesk.test',
  ADMIN_TOKEN: 'test-admin-token-0123456789abcdef0123',
};

/** The node tests that need a process no other file has run in (the 'node-alone' project). */
const PROCESS_WIDE = ['test/server/async-context.test.ts'];

/**
 * What both node projects run on: React's production build, which the deployed server loads too (it
 * renders an email in half the time of the development build). Its jsx runtime has no jsxDEV, so TSX
 * is compiled without it.
 */
const NODE_RUNTIME = { oxc: { jsx: { development: false } }, test: { env: { NODE_ENV: 'production' } } };

const PREBUNDLED = ['@hono/zod-openapi', '@react-email/render', 'hono', 'jose', 'kysely', 'react', 'resend', 'zod'];

export default defineConfig({
  test: {
    // A worker per core: vitest's default leaves one core to its main process (on 2 cores: one worker,
    // every file in turn), which mostly waits while the workers and their child processes run. A third
    // worker gained nothing once the workerd files went first (7 Dec: 132 s against 132 s, back to back).
    maxWorkers: '100%',
    // The workerd files first, then the slowest, across both projects: a fresh clone has no durations for vitest to go by.
    sequence: { sequencer: HeaviestFirst },
    projects: [
      {
        ...NODE_RUNTIME,
        test: {
          ...NODE_RUNTIME.test,
          name: 'node',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/workerd/**', '**/node_modules/**', ...PROCESS_WIDE],
          // Each file gets its own SQLite file and servers on ephemeral ports, so files can run in parallel.
          pool: 'forks',
          // A worker runs its files in one module graph: the app is imported once per worker, not once
          // per file (1-2 s of CPU each). Files keep no state in shared modules and leave globals alone.
          isolate: false,
          // Spies end with their test, so none carries over into the next file.
          restoreMocks: true,
          globalSetup: ['test/support/build-bundle.ts', 'test/support/typecheck.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        // Files about state the whole process shares (V8's promise hooks), which the files run before
        // them in a shared worker would have set: a fork of their own each.
        ...NODE_RUNTIME,
        test: { ...NODE_RUNTIME.test, name: 'node-alone', include: PROCESS_WIDE, pool: 'forks', isolate: true },
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
          // One workerd and one module graph per vitest worker rather than per file: each cost ~5 s of CPU
          // (and the sequencer hands every workerd file to one worker). The setup file gives each file an
          // empty D1, as a workerd of its own did; the two files that need an untouched entry use freshEntry.
          isolate: false,
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
