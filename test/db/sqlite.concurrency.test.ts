import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { deliverQueued } from '../../src/lifecycle/scheduler.ts';
import { startSchedulerLoop } from '../../src/lifecycle/scheduler-loop.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { exited, REPO_ROOT } from '../support/processes.ts';
import { ACME_GYM, JANE } from '../support/test-deps.ts';
import { webhookWorld } from '../support/webhook-world.ts';

/** How long the second process keeps taking the write lock; the service is used throughout. */
const HOLDER_MS = 4_000;
/** Its first transaction is exclusive and this long: a poll in WAL mode does not wait for it. */
const EXCLUSIVE_MS = 1_000;

describe('SQLite while a second process holds write transactions (THREATS 17)', async () => {
  const logged: string[] = [];
  // An app with a webhook endpoint, so the sender writes webhook results besides the emails'.
  const world = await webhookWorld({ log: (line) => logged.push(line) });
  const dbFile = world.deps.config.databaseUrl.replace(/^file:/, '');
  const api = world.endpointApi;
  // Warm: the first email of a provider is rendered by react-email, the slow path that later ones skip.
  const warm = await world.createRequest();

  it("runs the runtime's own connection in WAL mode with a busy timeout", async () => {
    // On the connection the app uses, not a fresh one: the opener in src/node.ts must set both.
    expect((await sql`pragma journal_mode`.execute(world.deps.db)).rows).toEqual([{ journal_mode: 'wal' }]);
    const [busy] = (await sql<{ timeout: number }>`pragma busy_timeout`.execute(world.deps.db)).rows;
    expect(busy!.timeout).toBeGreaterThanOrEqual(1_000);
  });

  it("lets polls read past the other process's lock, and answers every create, answer and poll with a 2xx while the sender delivers, with no SQLITE_BUSY anywhere", async () => {
    const holder = startLockHolder(dbFile);
    onTestFinished(() => holder.stop());
    await holder.holding;

    // WAL: a reader goes on from the last commit while the other process holds its exclusive lock. A
    // poll that waited for the lock could only be answered after the holder let go; a slow machine
    // makes the poll slower, not later than that.
    expect((await world.api.get(`/cancellation-requests/${warm.id}`)).status).toBe(200);
    const pollAnsweredAt = Date.now();
    expect(pollAnsweredAt).toBeLessThan(await holder.released);

    // The server's own sender: it claims and records mail and webhooks while the requests come in.
    const scheduler = startSchedulerLoop(world.deps, { tickMs: 200 });
    const statuses: [string, number][] = [];
    const ids: string[] = [];
    let previousReplyPath: string | null = null;
    while (holder.running()) {
      const response = await api.post('/cancellation-requests', { provider: ACME_GYM.id, customer: JANE });
      statuses.push(['create', response.status]);
      if (response.status !== 201) break;
      const { id } = (await response.json()) as { id: string };
      ids.push(id);
      if (previousReplyPath) statuses.push(['answer', (await world.sendForm(previousReplyPath, { outcome: 'not_found' })).status]);
      previousReplyPath = await world.replyPathOf(id);
      statuses.push(['show', (await api.get(`/cancellation-requests/${id}`)).status]);
      statuses.push(['list', (await api.get('/cancellation-requests?limit=50')).status]);
      // Let the scheduler's timers, the webhook posts and the holder's exit run between requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await scheduler.stop();

    expect(statuses.filter(([, status]) => status < 200 || status >= 300)).toEqual([]);
    const { code, transactions, errors } = await holder.finished;
    expect(code, errors).toBe(0);
    expect(transactions).toBeGreaterThanOrEqual(10);
    expect(ids.length).toBeGreaterThanOrEqual(3);

    await deliverQueued(world.deps);
    const emails = await world.deps.db.selectFrom('outbox').select(['status', 'last_error']).where('request_id', 'in', ids).execute();
    expect(emails.filter((e) => e.status !== 'sent')).toEqual([]);
    const messages = await world.deps.db.selectFrom('webhook_messages').select(['request_id', 'state', 'last_error']).where('request_id', 'in', ids).execute();
    expect(messages.filter((m) => m.state !== 'delivered')).toEqual([]);
    // Each request changed at least once (sent, or answered first when its answer beat the email out).
    expect(new Set(messages.map((m) => m.request_id))).toEqual(new Set(ids));
    expect(logged.filter((line) => /SQLITE_BUSY|database is locked|\[error\]|run failed/i.test(line))).toEqual([]);
  });
});

describe('two processes starting on a new database (THREATS 17)', () => {
  it('waits its turn to switch the file to WAL while the other writes its first transaction, where SQLite would answer "database is locked" at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'canceldesk-new-db-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'new.db');
    // As a second `migrate` or `serve` would be: its first write transaction on the file, still in the
    // rollback journal, held for a while. Switching to WAL meanwhile fails at once, busy timeout or not.
    const holder = spawn(
      process.execPath,
      ['-e', `const db = new (require('better-sqlite3'))(${JSON.stringify(file)}); db.exec('BEGIN IMMEDIATE; CREATE TABLE first (x)'); console.log('holding'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400); db.exec('COMMIT');`],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => String(d).includes('holding') && resolve()));
    const runtime = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: `file:${file}` }, () => {});
    onTestFinished(() => runtime.close());
    expect((await sql`pragma journal_mode`.execute(runtime.deps.db)).rows).toEqual([{ journal_mode: 'wal' }]);
    expect(await exited(holder)).toBe(0);
  });
});

/** The second process (test/support/write-lock-holder.ts) on the service's database file. */
function startLockHolder(dbFile: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/write-lock-holder.ts', dbFile, String(HOLDER_MS), String(EXCLUSIVE_MS)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (errors += d));
  let running = true;
  const finished = exited(child).then((code) => {
    running = false;
    const last = output.trim().split('\n').at(-1) ?? '';
    return { code, errors, transactions: last.startsWith('{') ? (JSON.parse(last) as { transactions: number }).transactions : 0 };
  });
  /** What the holder prints on its way, read off its output once it appears; rejected if it exits first. */
  const printed = <T>(what: string, read: (output: string) => T | undefined): Promise<T> => {
    const seen = new Promise<T>((resolve, reject) => {
      child.stdout.on('data', () => {
        const value = read(output);
        if (value !== undefined) resolve(value);
      });
      void finished.then(() => reject(new Error(`the lock holder stopped before ${what}: ${errors}`)));
    });
    // A test that fails before it asks would otherwise leave this rejection unhandled.
    seen.catch(() => undefined);
    return seen;
  };
  const holding = printed('holding', (out) => (out.includes('holding') ? true : undefined));
  // When it let go of the exclusive lock, by the machine's clock (both processes read the same one).
  const released = printed('releasing', (out) => {
    const at = /released (\d+)/.exec(out);
    return at ? Number(at[1]) : undefined;
  });
  return { holding, released, finished, running: () => running, stop: () => void (running && child.kill()) };
}
