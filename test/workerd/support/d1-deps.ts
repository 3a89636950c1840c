import { env } from 'cloudflare:workers';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { systemClock } from '../../../src/clock.ts';
import { loadConfig } from '../../../src/config.ts';
import { type AtomicWrite, changesOf } from '../../../src/db/atomic.ts';
import { d1Atomic } from '../../../src/db/d1-atomic.ts';
import type { Database } from '../../../src/db/schema.ts';
import type { Deps } from '../../../src/deps.ts';
import { randomIds } from '../../../src/ids.ts';
import { localOutboxMailer } from '../../../src/mail/mailer.ts';
import { inIsolateLinearTimeCheck } from '../../../src/providers/pattern-safety.ts';
import { fetchTransport } from '../../../src/webhooks/transport.ts';

/** The same writes one statement at a time: what a non-atomic unit would do (the control case). */
export const oneByOne =
  (d1: D1Database): AtomicWrite =>
  async (writes) => {
    const counts: number[] = [];
    for (const w of writes) counts.push((await d1.prepare(w.sql).bind(...w.parameters).run()).meta.changes);
    return changesOf(writes, counts);
  };

/**
 * Deps over this test file's D1 built as src/worker.ts builds them, for driving the use cases
 * directly: a create whose post-response drain never ran, a unit whose statement fails.
 */
export function d1Deps(overrides: Partial<Deps> = {}): Deps {
  const strings = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    config: loadConfig(strings),
    db: new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) }),
    atomic: d1Atomic(env.DB),
    mailer: localOutboxMailer,
    webhookTransport: fetchTransport(),
    linearTimeCheck: inIsolateLinearTimeCheck(),
    clock: systemClock,
    ids: randomIds,
    // No drain after the write: whatever is queued waits for the cron.
    wakeSender: () => {},
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    log: () => {},
    ...overrides,
  };
}
