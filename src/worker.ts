import type { D1Database, ExecutionContext, ForwardableEmailMessage, ScheduledController } from '@cloudflare/workers-types';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { type App, createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { d1Atomic } from './db/d1-atomic.ts';
import type { Database } from './db/schema.ts';
import { systemClock } from './clock.ts';
import type { Deps } from './deps.ts';
import { receiveRoutedEmail } from './email-replies/receive-routed-email.ts';
import { randomIds } from './ids.ts';
import { localOutboxMailer } from './mail/mailer.ts';
import { resendMailer } from './mail/resend.ts';
import { deliverQueued, runScheduledWork } from './lifecycle/scheduler.ts';
import { inIsolateLinearTimeCheck } from './providers/pattern-safety.ts';
import { fetchTransport } from './webhooks/transport.ts';

/**
 * The Cloudflare Workers entry: builds deps once per isolate from the bindings, with D1 through
 * Kysely; delivers queued mail and webhooks after a request that queued some, and runs the scheduled work
 * (reminders, expiry, retention, deliveries) from the cron trigger, and stores the email Cloudflare
 * Email Routing hands it (`email`). Tested inside workerd (test/workerd/).
 */
interface Env {
  DB: D1Database;
  [variable: string]: unknown;
}

interface Isolate {
  deps: Deps;
  app: App;
  /**
   * Set when a request queued mail, so a response can be followed by a drain. Shared by the isolate's
   * concurrent requests: whichever finishes next drains, and a drain sends everything due.
   */
  mailQueued: boolean;
}

let isolate: Isolate | null = null;

function isolateFor(env: Env): Isolate {
  if (isolate) return isolate;
  const strings = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const config = loadConfig(strings);
  const db = new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) });
  const built: Isolate = { mailQueued: false } as Isolate;
  built.deps = {
    config,
    db,
    atomic: d1Atomic(env.DB),
    mailer: config.resend ? resendMailer(config.resend) : localOutboxMailer,
    // Workers cannot reach private networks; literal private addresses are refused by the deliverer.
    webhookTransport: fetchTransport(),
    linearTimeCheck: inIsolateLinearTimeCheck(),
    clock: systemClock,
    ids: randomIds,
    wakeSender: () => void (built.mailQueued = true),
    // Set by Cloudflare's edge on every request; a client cannot choose it.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    log: (line) => console.log(line),
  };
  built.app = createApp(built.deps);
  return (isolate = built);
}

/** The isolate's deps, or null (logged) when the environment does not validate. */
function configuredIsolate(env: Env): Isolate | null {
  try {
    return isolateFor(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`invalid configuration: ${error.problems.join('; ')}`);
    return null;
  }
}

/** Sends what a request or a message queued, after the answer: the cron picks up whatever this misses. */
function deliverAfter(current: Isolate, ctx: ExecutionContext) {
  if (!current.mailQueued) return;
  current.mailQueued = false;
  ctx.waitUntil(deliverQueued(current.deps, 20));
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const current = configuredIsolate(env);
    if (!current) {
      const body = { error: { code: 'internal_error', message: 'The service is misconfigured; the operator has been told' } };
      return Response.json(body, { status: 500 });
    }
    const response = await current.app.fetch(request);
    deliverAfter(current, ctx);
    return response;
  },
  async scheduled(_controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const current = configuredIsolate(env);
    if (current) ctx.waitUntil(runScheduledWork(current.deps));
  },
  /**
   * A message for INBOUND_DOMAIN from Cloudflare Email Routing. A throw here is a temporary SMTP
   * failure, so the sending server keeps the message and tries again: a misconfigured service or a
   * failing D1 loses nothing. Only what can never be stored is rejected (receiveRoutedEmail).
   */
  async email(message: ForwardableEmailMessage, env: Env, ctx: ExecutionContext): Promise<void> {
    const current = configuredIsolate(env);
    if (!current) throw new Error('invalid configuration: the message is left with its sender to try again');
    await receiveRoutedEmail(current.deps, {
      to: message.to,
      rawSize: message.rawSize,
      // One stream, declared twice: by @cloudflare/workers-types and by the DOM types the core is written against.
      raw: message.raw as unknown as ReadableStream<Uint8Array>,
      setReject: (reason) => message.setReject(reason),
    });
    deliverAfter(current, ctx);
  },
};
