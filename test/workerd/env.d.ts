import type { D1Migration } from 'cloudflare:test';

// What `cloudflare:workers` gives the tests inside workerd (wrangler types would generate the same).
declare global {
  namespace Cloudflare {
    /** wrangler.toml's bindings with vitest.config.ts's test values on top. */
    interface Env {
      DB: D1Database;
      NODE_ENV: string;
      PUBLIC_URL: string;
      ADMIN_TOKEN: string;
      TEST_MIGRATIONS: D1Migration[];
      // As src/worker.ts reads it: any other variable may be there too.
      [variable: string]: unknown;
    }
    /** The main module (wrangler.toml `main`), so `exports.default` is the Workers entry's loopback. */
    interface GlobalProps {
      mainModule: typeof import('../../src/worker.ts');
    }
  }
}
