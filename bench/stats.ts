import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { createApiClient } from '../src/clients/api-clients.ts';
import { DAY_MS } from '../src/clock.ts';
import { openNodeRuntime } from '../src/node.ts';
import { OUTCOMES } from '../src/outcome.ts';
import { providerStats } from '../src/stats/provider-stats.ts';
import { rollUpProviderStats } from '../src/stats/rollups.ts';
import { BENCH_CUSTOMER, BENCH_PROVIDER, linkId, requestId } from './seed.ts';

/** Wall and CPU (user + system) time of one step, in milliseconds. */
export interface Timed {
  name: string;
  ms: number;
  cpuMs: number;
}

export interface StatsFigures {
  rows: number;
  providers: number;
  seedSeconds: number;
  /** The scheduler's rollup passes: the first over every request, then one after CHANGES answers. */
  passes: Timed[];
  /** Best of ROUNDS runs of the whole use case (every query of a report), with the rollups up to date, then with CHANGES answers since the last pass. */
  queries: Timed[];
}

const CHANGES = 1_000;

const ROUNDS = 3;

/**
 * The provider stats (issue 17) over `rows` requests across `providers` providers, made over the last
 * 20 days as the scale bench's are: 60 % answered (after up to 14 days), 20 % waiting, 10 % bounced,
 * 10 % expired. Times the use case itself, on the real SQLite file, as the support API calls it.
 */
export async function statsBench(rows: number, providers: number): Promise<StatsFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'canceldesk-stats-bench-'));
  const env = { NODE_ENV: 'test', DATABASE_URL: `file:${join(dir, 'stats.db')}`, PUBLIC_URL: 'http://127.0.0.1' };
  try {
    const runtime = openNodeRuntime(env, () => {});
    await runtime.migrate();
    const client = await createApiClient(runtime.deps, { name: 'Bench app' });
    if (client.kind === 'invalid') throw new Error(JSON.stringify(client.fields));
    await runtime.close();

    const now = new Date();
    const seedStart = performance.now();
    seed(join(dir, 'stats.db'), client.client.id, rows, providers, now);
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const reading = openNodeRuntime(env, () => {});
    try {
      const deps = { ...reading.deps, clock: { now: () => now } };
      const cases = [
        { name: '30 days, all providers', query: { days: 30 } },
        { name: '7 days, all providers', query: { days: 7 } },
        { name: '30 days, one provider', query: { days: 30, provider: providerId(0) } },
      ];
      const reports = async (when: string) => {
        const timed: Timed[] = [];
        for (const { name, query } of cases) {
          let best: Timed | null = null;
          for (let round = 0; round < ROUNDS; round++) {
            const run = await time(`${name}${when}`, () => providerStats(deps, query));
            if (run.result.kind !== 'report') throw new Error(JSON.stringify(run.result));
            if (best === null || run.ms < best.ms) best = run;
          }
          timed.push({ name: best!.name, ms: best!.ms, cpuMs: best!.cpuMs });
        }
        return timed;
      };
      // As the scheduler runs it (runScheduledWork): the first pass over every request, unbounded here.
      const full = await time('full pass (every request)', () => rollUpProviderStats(deps, Number.POSITIVE_INFINITY));
      const clean = await reports('');
      answerSome(join(dir, 'stats.db'), rows, now);
      const pending = await reports(`, ${CHANGES.toLocaleString('en-US')} answers since the pass`);
      const incremental = await time(`incremental pass after ${CHANGES.toLocaleString('en-US')} answers`, () => rollUpProviderStats(deps));
      return { rows, providers, seedSeconds, passes: [full, incremental], queries: [...clean, ...pending] };
    } finally {
      await reading.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function time<T>(name: string, run: () => Promise<T>): Promise<Timed & { result: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { name, ms: Math.round(ms), cpuMs: Math.round((used.user + used.system) / 1000), result };
}

/** CHANGES waiting requests answered now, spread over the window, each a write of its own as an answer is. */
function answerSome(databaseFile: string, rows: number, now: Date): void {
  const sqlite = new SQLite(databaseFile);
  const answer = sqlite.prepare(`UPDATE cancellation_requests
       SET status = 'answered', outcome = '{"type":"cancelled"}', outcome_type = 'cancelled', answered_at = @at, updated_at = @at, first_answered_at = @at,
           answer_seconds = CAST(round((julianday(@at) - julianday(waiting_since)) * 86400) AS INTEGER),
           change_seq = (SELECT max(change_seq) + 1 FROM cancellation_requests)
     WHERE id = @id AND status = 'sent'`);
  const at = now.toISOString();
  // An odd step visits every kind of request (seed: kind = (i × 7) mod 10), 20 % of them waiting.
  const step = Math.max(1, Math.floor(rows / (CHANGES * 5))) | 1;
  let answered = 0;
  for (let i = 0; answered < CHANGES && i < rows; i += step) answered += answer.run({ id: requestId(i), at }).changes;
  sqlite.close();
}

const providerId = (index: number) => `provider-${String(index).padStart(4, '0')}`;

export function seed(databaseFile: string, clientId: string, rows: number, providers: number, now: Date): void {
  const sqlite = new SQLite(databaseFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const at = now.toISOString();
  const insertProvider = sqlite.prepare(`INSERT INTO providers (id, name, emails, locale, identifiers, reply_window_days, reminder_days, created_at, updated_at)
    VALUES (?, ?, ?, 'en', ?, 14, '[3,7]', ?, ?)`);
  const insertRequest = sqlite.prepare(`INSERT INTO cancellation_requests
    (id, reference, client_id, client_reference, provider_id, customer, status, outcome, answered_at, link_id, body_hash,
     created_at, updated_at, change_seq, waiting_since, first_answered_at, answer_seconds, outcome_type)
    VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?, ?, ?, ?)`);
  const customer = JSON.stringify(BENCH_CUSTOMER);
  const step = (20 * DAY_MS) / rows;
  const start = now.getTime() - 20 * DAY_MS;
  sqlite.transaction(() => {
    for (let p = 0; p < providers; p++) {
      insertProvider.run(providerId(p), `Provider ${p}`, JSON.stringify(BENCH_PROVIDER.emails), JSON.stringify(BENCH_PROVIDER.identifiers), at, at);
    }
    for (let i = 0; i < rows; i++) {
      const created = start + i * step;
      const waiting = created + 5_000;
      const kind = (i * 7) % 10;
      const answered = kind < 6;
      // Spread, not sorted: a pseudo-random time up to 14 days.
      const seconds = answered ? (i * 2_654_435_761) % (14 * 86_400) : null;
      const outcome = OUTCOMES[i % OUTCOMES.length]!;
      const status = answered ? 'answered' : kind < 8 ? 'sent' : kind === 8 ? 'delivery_failed' : 'expired';
      const answeredAt = seconds === null ? null : new Date(waiting + seconds * 1000).toISOString();
      insertRequest.run(
        requestId(i), `CD-S${String(i).padStart(8, '0')}`, clientId, providerId((i * 7919) % providers), customer, status,
        answered ? JSON.stringify({ type: outcome }) : null, answeredAt, linkId(i),
        new Date(created).toISOString(), answeredAt ?? new Date(created).toISOString(), i + 1,
        new Date(waiting).toISOString(), answeredAt, seconds, answered ? outcome : null,
      );
    }
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}

// `npx tsx bench/stats.ts [rows] [providers]`: this bench alone.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [rows = 1_000_000, providers = 2_000] = process.argv.slice(2).map(Number);
  const figures = await statsBench(rows, providers);
  console.log(`provider stats over ${rows.toLocaleString('en-US')} requests across ${providers.toLocaleString('en-US')} providers (seeded in ${figures.seedSeconds.toFixed(1)} s):`);
  for (const p of figures.passes) console.log(`  rollup ${p.name}: ${p.ms} ms wall, ${p.cpuMs} ms CPU`);
  for (const q of figures.queries) console.log(`  ${q.name}: ${q.ms} ms wall, ${q.cpuMs} ms CPU (best of ${ROUNDS})`);
}
