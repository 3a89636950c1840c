import SQLite from 'better-sqlite3';
import { createApiClient } from '../src/clients/api-clients.ts';
import { DAY_MS } from '../src/clock.ts';
import { openNodeRuntime } from '../src/node.ts';
import { importProviders } from '../src/operator/import-providers.ts';
import type { ProviderInput } from '../src/providers/provider.ts';
import { ACME_GYM, JANE } from '../test/support/fixtures.ts';

/**
 * The bench's data. The provider and the app's key go through the real use cases; the bulk rows are
 * written straight into the SQLite file (one transaction, prepared statements) in the shape the app
 * writes them, since a million requests through the API would take longer than the whole bench.
 */

/** ACME_GYM asks for 7 identifiers, the phone among them. */
export const BENCH_PROVIDER: ProviderInput = ACME_GYM;
export const BENCH_CUSTOMER = { ...JANE, phone: '+44 20 7946 0000' };

export interface BenchDatabase {
  clientId: string;
  apiKey: string;
}

/** Migrates a fresh database and sets up the provider and one app, as an operator would. */
export async function prepareDatabase(env: Record<string, string>): Promise<BenchDatabase> {
  const runtime = openNodeRuntime(env, () => {});
  try {
    await runtime.migrate();
    const imported = await importProviders(runtime.deps, [BENCH_PROVIDER]);
    if (imported.kind === 'invalid') throw new Error(`provider import failed: ${JSON.stringify(imported.fields)}`);
    const created = await createApiClient(runtime.deps, { name: 'Bench app' });
    if (created.kind === 'invalid') throw new Error(`client creation failed: ${JSON.stringify(created.fields)}`);
    return { clientId: created.client.id, apiKey: created.client.apiKey };
  } finally {
    await runtime.close();
  }
}

/** Seeded rows have ids made from their index, so the bench can name any of them without keeping a list. */
export const requestId = (index: number): string => `cr_${String(index).padStart(20, '0')}`;
export const linkId = (index: number): string => `ln_${String(index).padStart(20, '0')}`;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const reference = (index: number): string => {
  let out = '';
  for (let n = index, i = 0; i < 8; i++, n = Math.floor(n / 32)) out = CROCKFORD[n % 32] + out;
  return `CD-${out}`;
};

export interface SeedOptions {
  clientId: string;
  /** Index of the first row; indexes keep counting across calls so ids never collide. */
  from: number;
  count: number;
  /** `sent` rows are what apps poll; `queued` rows each come with a queued email (the dispatch bench). */
  status: 'sent' | 'queued';
  email?: { subject: string; html: string; text: string };
  now: Date;
  /**
   * A service has the database open and its sender running. The seed's ~13 KB per email would reach its
   * sender as one burst of disk work no real backlog brings (a real one is written by the service, one
   * request at a time): the first commit after it checkpointed the whole seed, or stalled behind its
   * writeback, for ~0.7 s. So the emails are written not yet due, copied into the database file here,
   * and only then made due, in one short write.
   */
  intoRunningService?: boolean;
}

const NOT_YET_DUE = '9999-12-31T00:00:00.000Z';

/** Appends `count` requests (each with its `created` history entry, and its email when queued). */
export function seedRequests(databaseFile: string, options: SeedOptions): void {
  const sqlite = new SQLite(databaseFile);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const insertRequest = sqlite.prepare(`INSERT INTO cancellation_requests
    (id, reference, client_id, client_reference, provider_id, customer, status, outcome, answered_at, link_id,
     idempotency_key, body_hash, created_at, updated_at, change_seq)
    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL, ?, ?, ?, ?)`);
  const insertHistory = sqlite.prepare(`INSERT INTO request_history (id, request_id, at, actor, event, detail)
    VALUES (?, ?, ?, ?, 'created', NULL)`);
  const insertEmail = sqlite.prepare(`INSERT INTO outbox
    (id, request_id, kind, recipients, reply_to, subject, idempotency_key, status, attempts, next_attempt_at, created_at)
    VALUES (?, ?, 'cancellation_request', ?, NULL, ?, ?, 'queued', 0, ?, ?)`);
  const insertBodies = sqlite.prepare('INSERT INTO outbox_bodies (outbox_id, html, text) VALUES (?, ?, ?)');
  const latest = (sqlite.prepare('SELECT coalesce(max(change_seq), 0) AS n FROM cancellation_requests').get() as { n: number }).n;
  const customer = JSON.stringify(BENCH_CUSTOMER);
  const recipients = JSON.stringify(BENCH_PROVIDER.emails);
  // Spread over the last 20 days, oldest first, as a steady stream of requests would be.
  const step = (20 * DAY_MS) / options.count;
  const start = options.now.getTime() - 20 * DAY_MS;

  sqlite.transaction(() => {
    for (let i = 0; i < options.count; i++) {
      const index = options.from + i;
      const id = requestId(index);
      const at = new Date(start + i * step).toISOString();
      insertRequest.run(id, reference(index), options.clientId, `bench-${index}`, BENCH_PROVIDER.id, customer, options.status,
        linkId(index), 'bench', at, at, latest + i + 1);
      insertHistory.run(`ev_${String(index).padStart(20, '0')}`, id, at, `app:${options.clientId}`);
      if (options.status === 'queued' && options.email) {
        const outboxId = `ob_${String(index).padStart(20, '0')}`;
        insertEmail.run(outboxId, id, recipients, options.email.subject, `outbox/${outboxId}`, options.intoRunningService ? NOT_YET_DUE : at, at);
        insertBodies.run(outboxId, options.email.html, options.email.text);
      }
    }
  })();
  if (options.intoRunningService) {
    // The service's readers may hold the WAL: PASSIVE copies what it can and waits for no one.
    sqlite.pragma('wal_checkpoint(PASSIVE)');
    sqlite.prepare("UPDATE outbox SET next_attempt_at = ? WHERE status = 'queued' AND next_attempt_at = ?").run(options.now.toISOString(), NOT_YET_DUE);
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } else {
    // Everything into the main file, so the file alone is the database (the scale bench copies it).
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
  sqlite.close();
}

/**
 * The newest `count` requests (by change number) as changed within the hour before `now`, spread over
 * it in change order, and no other: what a list poll by `updatedSince` an hour ago then pages through.
 * A database grown by a second seed (the scale bench's million) holds two runs of times over the same
 * 20 days, so the first seed's last rows would sit in that hour with change numbers far below the rest:
 * the poll, walking the changes in change order from the first one since then, would then read past
 * every request between them (~890,000 at a million, ~0.45 s a page) — a shape no real database has,
 * where every write stamps its time and takes the next change number together. Those are stamped just
 * before the hour.
 */
export function changedWithinTheHour(databaseFile: string, count: number, now: Date): void {
  const sqlite = new SQLite(databaseFile);
  sqlite.pragma('busy_timeout = 5000');
  const { top } = sqlite.prepare('SELECT max(change_seq) AS top FROM cancellation_requests').get() as { top: number };
  const hourAgo = new Date(now.getTime() - 60 * 60_000);
  sqlite.transaction(() => {
    sqlite
      .prepare(`UPDATE cancellation_requests SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', ? - (? - change_seq) * 3500.0 / ?, 'unixepoch') WHERE change_seq > ?`)
      .run(now.getTime() / 1000, top, count, top - count);
    sqlite
      .prepare('UPDATE cancellation_requests SET updated_at = ? WHERE change_seq <= ? AND updated_at >= ?')
      .run(new Date(hourAgo.getTime() - 1000).toISOString(), top - count, hourAgo.toISOString());
  })();
  sqlite.close();
}
