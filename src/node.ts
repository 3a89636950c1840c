import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { lookup, type LookupAddress } from 'node:dns';
import { setFlagsFromString } from 'node:v8';
import { getConnInfo } from '@hono/node-server/conninfo';
import SQLite from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { type Config, loadConfig } from './config.ts';
import { type AtomicWrite, changesOf } from './db/atomic.ts';
import { applyMigrations, type Migration } from './db/migrate.ts';
import { readImmediately } from './db/prepared.ts';
import type { Database } from './db/schema.ts';
import { systemClock } from './clock.ts';
import type { Deps } from './deps.ts';
import { randomIds } from './ids.ts';
import { installedReferenceBundle } from './reference-bundle.ts';
import { localOutboxMailer } from './mail/mailer.ts';
import { resendMailer } from './mail/resend.ts';
import type { SchedulerLoop } from './lifecycle/scheduler-loop.ts';
import { releaseAsyncContextAfterRuns } from './node-async-context.ts';
import { offThreadLinearTimeCheck } from './providers/pattern-safety.ts';
import { isPublicAddress } from './webhooks/endpoint-policy.ts';
import { fetchTransport, type WebhookTransport } from './webhooks/transport.ts';

const MIGRATIONS_DIR = new URL('./db/migrations/', import.meta.url);

export interface NodeRuntime {
  deps: Deps;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Starts the in-process scheduler (mail, webhooks, reminders, expiry, retention); every new outbox email wakes it. */
  startScheduler(): Promise<SchedulerLoop>;
  close(): Promise<void>;
}

/** This process's environment: read here and nowhere else in src/ (the CLI asks for it). */
export const processEnvironment = (): Record<string, string | undefined> => process.env;

/**
 * The Node entry: the only place that reads `process.env`, opens better-sqlite3 or starts
 * @hono/node-server. Everything it builds is handed to the runtime-agnostic core as `deps`.
 */
export function openNodeRuntime(env: Record<string, string | undefined> = processEnvironment(), log = (line: string) => console.log(line)): NodeRuntime {
  const config = loadConfig(env);
  const sqlite = openSqlite(config);
  const statements = withStatementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: statements }) });
  readImmediately(db, (sql, parameters) => statements.prepare(sql).all(parameters));
  // Without a running scheduler (the CLI) new mail simply waits in the outbox for the next drain.
  let scheduler: SchedulerLoop | null = null;
  const deps: Deps = {
    config,
    db,
    atomic: synchronousWrite(sqlite, statements),
    mailer: config.resend ? resendMailer(config.resend) : localOutboxMailer,
    webhookTransport: config.environment === 'production' ? publicOnlyTransport() : fetchTransport(),
    linearTimeCheck: offThreadLinearTimeCheck(),
    clock: systemClock,
    ids: randomIds,
    // After the response, not before it: the app's request never waits on the mail API.
    wakeSender: () => void setImmediate(() => scheduler?.wake()),
    // Requests made in process (app.request, the CLI) have no socket, so no address.
    clientAddress: (c) => (c.env?.incoming ? getConnInfo(c).remote.address : undefined),
    referenceBundle: installedReferenceBundle(),
    log,
  };
  return {
    deps,
    migrate: async () => applyMigrations(sqlite, readMigrations()),
    // Loaded here, not at the top: a CLI command never runs the loop, and its modules are half the app.
    startScheduler: async () => (scheduler ??= (await import('./lifecycle/scheduler-loop.ts')).startSchedulerLoop(deps)),
    close: async () => {
      await scheduler?.stop();
      await db.destroy();
    },
  };
}

/** How long a second process waits for the database before it gives up (SQLITE_BUSY). */
const BUSY_TIMEOUT_MS = 5000;

function openSqlite(config: Config): SQLite.Database {
  const path = config.databaseUrl.replace(/^file:/, '');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets readers go on while the sender writes; the busy timeout makes a second process (the CLI,
  // another server) wait for the write lock instead of failing with SQLITE_BUSY (THREATS 17).
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  switchToWal(sqlite);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  return sqlite;
}

/**
 * Switching a new database to WAL takes it whole, and while another process is creating or switching
 * the same file SQLite answers SQLITE_BUSY at once: its busy handler does not wait there. So two
 * processes starting on a new database at the same moment (`serve` beside `migrate`) had one fail with
 * "database is locked" (1–5 in 30 paired `migrate` runs here). Now the later one waits its turn, up to
 * the busy timeout, as it then does for the migrations. Once the file is in WAL the pragma takes no lock.
 */
function switchToWal(sqlite: SQLite.Database): void {
  const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= giveUpAt) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/** Distinct statements the app prepares: a few dozen query shapes (an `in (…)` list adds one per length). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing (parsing and planning the SQL) was the
 * biggest single cost of a status poll. Kysely compiles each query shape to the same SQL with `?`
 * parameters, so a prepared statement can be kept per SQL text and reused: the driver only ever runs
 * it to completion (`all`/`run`), never holds it open between awaits.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        // The oldest entry goes first: a shape not used for a while is cheap to prepare again.
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Webhooks in production reach public addresses only. The check runs on the addresses DNS gave for
 * the very connection being made, so a name that resolves to 127.0.0.1 (or flips to it after a first
 * check: DNS rebinding) is refused too. `resolve` is DNS; tests give their own.
 */
export function publicOnlyTransport(resolve: typeof lookup = lookup): WebhookTransport {
  // undici is loaded with the first webhook sent, not by every CLI command that opens the runtime.
  let client: Promise<{ fetch: typeof import('undici').fetch; dispatcher: import('undici').Agent }> | undefined;
  const undici = () => (client ??= import('undici').then(({ Agent, fetch }) => ({ fetch, dispatcher: publicOnlyAgent(Agent, resolve) })));
  return fetchTransport(async (url, init) => {
    const { fetch, dispatcher } = await undici();
    return fetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>;
  });
}

function publicOnlyAgent(Agent: typeof import('undici').Agent, resolve: typeof lookup) {
  return new Agent({
    connect: {
      lookup: (hostname, options, callback) => {
        resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
          if (error) return callback(error, '', 0);
          const refused = addresses.find((a) => !isPublicAddress(a.address));
          if (refused || addresses.length === 0) return callback(new Error(`${hostname} resolves to a private, loopback or link-local address`), '', 0);
          if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
          callback(null, addresses[0]!.address, addresses[0]!.family);
        });
      },
    },
  });
}

/**
 * An atomic unit as one synchronous better-sqlite3 transaction, skipping Kysely's executor round per
 * statement (why: docs/benchmarks.md). It shares the connection with Kysely safely because it never
 * yields: no other query can run inside it, and no other code opens a transaction.
 */
function synchronousWrite(sqlite: SQLite.Database, statements: SqliteDatabase): AtomicWrite {
  const run = sqlite.transaction((writes: CompiledQuery[]) =>
    // `run` reports the rows the statement itself changed (0 for one that changed nothing, RETURNING or not).
    writes.map(({ sql, parameters }) => (statements.prepare(sql) as unknown as SQLite.Statement).run(parameters).changes),
  );
  return async (writes) => changesOf(writes, run(writes));
}

/** The migrations shipped beside this module (src/db/migrations, or dist/db/migrations in the bundle). */
export function readMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith('.sql'))
    .map((name) => ({ name, sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8') }));
}

/**
 * Before collecting the old generation again, V8 lets it grow to up to four times what survived the
 * last full collection. Under load much of a server's garbage lands there: a request queued behind 50
 * others outlives the two scavenges that would have freed it young, and the sender's batch bodies
 * (1.3 MB strings) are allocated there directly. The heap swelled to ~280 MB resident while ~30 MB
 * stayed alive. Growing by half at most keeps the peak near 190 MB for a few per cent of dispatch
 * speed (issue 7; figures in docs/benchmarks.md). V8 reads the flag at each full collection, so setting it in
 * a running process takes effect. The bench's floor server sets it too, so its memory compares.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=50');
}

/** `canceldesk serve`: migrate, start the scheduler loop and the HTTP server; stop cleanly on a signal. */
export async function serveNode(runtime: NodeRuntime, onListening: (url: string) => void | Promise<void>) {
  const { deps } = runtime;
  boundHeapGrowth();
  releaseAsyncContextAfterRuns();
  await runtime.startScheduler();
  // The server's modules load for `serve` alone: the other commands start without them.
  const [{ serveHttp }, { createApp }] = await Promise.all([import('./node-http.ts'), import('./app.ts')]);
  const server = serveHttp(createApp(deps), { port: deps.config.port, hostname: deps.config.host }, () => {
    void onListening(`http://localhost:${deps.config.port}`);
  });
  // A port already taken is the operator's to fix: one line, not Node's stack trace.
  server.once('error', (error: NodeJS.ErrnoException) => {
    deps.log(error.code === 'EADDRINUSE' ? `port ${deps.config.port} on ${deps.config.host} is already in use; set PORT` : `server error: ${error.message}`);
    void runtime.close().finally(() => process.exit(1));
  });
  const shutdown = async () => {
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
