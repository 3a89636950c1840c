import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { AtomicWrite } from './db/atomic.ts';
import type { Database } from './db/schema.ts';
import { randomIds, systemClock, type Deps } from './deps.ts';
import { localOutboxMailer } from './mail/mailer.ts';
import { resendMailer } from './mail/resend.ts';
import { drainOutbox } from './outbox/drain.ts';

/**
 * The Cloudflare Workers entry: builds deps from the bindings, with D1 through Kysely, and drains the
 * outbox from the cron trigger. Its tests inside workerd, the admin API and `wrangler dev` come with the
 * Workers issue; until then the Node entry is the supported way to run.
 */
interface Env {
  DB: D1Database;
  [variable: string]: unknown;
}

/** D1 has no interactive transactions; `batch()` runs the statements atomically instead. */
const d1Atomic =
  (d1: D1Database): AtomicWrite =>
  async (writes) => {
    await d1.batch(writes.map((w) => d1.prepare(w.sql).bind(...w.parameters)));
  };

function buildDeps(env: Env, ctx: ExecutionContext): Deps {
  const strings = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const config = loadConfig(strings);
  const db = new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) });
  const deps: Deps = {
    config,
    db,
    atomic: d1Atomic(env.DB),
    mailer: config.resend ? resendMailer(config.resend) : localOutboxMailer,
    clock: systemClock,
    ids: randomIds,
    // The response need not wait for the mail API; the cron picks up whatever this misses.
    wakeSender: () => ctx.waitUntil(drainOutbox(deps, 20)),
    log: (line) => console.log(line),
  };
  return deps;
}

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext) => createApp(buildDeps(env, ctx)).fetch(request),
  scheduled: async (_controller: ScheduledController, env: Env, ctx: ExecutionContext) => {
    ctx.waitUntil(drainOutbox(buildDeps(env, ctx)));
  },
};
