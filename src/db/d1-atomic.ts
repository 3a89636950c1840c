import type { D1Database } from '@cloudflare/workers-types';
import type { AtomicWrite } from './atomic.ts';

/** D1 has no interactive transactions; `batch()` runs the statements atomically instead. */
export const d1Atomic =
  (d1: D1Database): AtomicWrite =>
  async (writes) => {
    await d1.batch(writes.map((w) => d1.prepare(w.sql).bind(...w.parameters)));
  };
