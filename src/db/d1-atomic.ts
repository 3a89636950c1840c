import type { D1Database } from '@cloudflare/workers-types';
import { type AtomicWrite, changesOf } from './atomic.ts';

/** D1 has no interactive transactions; `batch()` runs the statements atomically instead. */
export const d1Atomic =
  (d1: D1Database): AtomicWrite =>
  async (writes) => {
    const results = await d1.batch(writes.map((w) => d1.prepare(w.sql).bind(...w.parameters)));
    return changesOf(
      writes,
      results.map((result) => result.meta.changes),
    );
  };
