import { type RawBuilder, sql } from 'kysely';
import { type CohortFigures, cohortFiguresQuery, dayEnd, figuresOf, type LiveCohort, rollupSums } from './provider-stats-rollups.ts';
import type { Db } from './schema.ts';

/**
 * The provider stats' reads: the daily rollups of cohorts unchanged since the scheduler's last pass, a
 * live read of the others from the cohort index (migration 0017), and percentiles from the answer-time
 * indexes (0015). Each covers the requests made in a window (`created_at >= since`), of one provider or all.
 */
export interface StatsScope {
  since: string;
  provider?: string;
}

/** Still waiting on the provider (`sent`) past its reply window at `now`: the scheduler has not expired them yet. */
export async function countOverdueWaiting(db: Db, scope: StatsScope, now: string) {
  // From the providers (CROSS JOIN keeps them the outer loop), so each one's overdue requests are one
  // range of the partial index, its bound worked out once per provider. Left to itself the planner
  // walked every waiting request (7 times slower at 200,000 waiting), or a status index (15 times).
  const { rows } = await sql<{ provider_id: string; overdue: number }>`
    SELECT r.provider_id, count(*) AS overdue
      FROM providers p CROSS JOIN cancellation_requests r INDEXED BY cancellation_requests_provider_waiting
     WHERE r.provider_id = p.id AND r.status = 'sent' AND r.created_at >= ${scope.since}
       AND r.waiting_since < strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '-' || p.reply_window_days || ' days') ${ofProvider(scope, sql`p.id`)}
     GROUP BY r.provider_id`.execute(db);
  return rows;
}

/** Upper bounds (exclusive) of the time-to-answer buckets, in seconds; the last bucket has none. */
export const ANSWER_TIME_BOUNDS = [3600, 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400] as const;

/** Every provider's id and name, for the report's names and to check a `provider` filter. */
export async function providerNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('providers').select(['id', 'name']).orderBy('id').execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The report's scope and the rollups' mark it reads them at: cohorts with a change past it are read live. */
export interface RollupScope extends StatsScope {
  mark: number;
}

const DAY_MS = 86_400_000;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * The cohorts after the window's first day (which is read live, cut at `since`) with a change past the
 * mark: their rollup rows may be out of date. Found from the change numbers' unique index.
 */
function changedCohorts(scope: RollupScope) {
  // Materialized once, from the newest changes down the change numbers' index (the planner would
  // otherwise walk a provider index for the DISTINCT, and again for every rollup row it checks).
  return sql`changed(provider_id, day) AS MATERIALIZED (
    SELECT DISTINCT provider_id, substr(created_at, 1, 10) FROM (
      SELECT provider_id, created_at FROM cancellation_requests WHERE change_seq > ${scope.mark} ORDER BY change_seq)
     WHERE created_at >= ${dayAfter(scope.since.slice(0, 10))} ${ofProvider(scope, sql`provider_id`)})`;
}

const ofProvider = (scope: StatsScope, column: RawBuilder<unknown>) => (scope.provider === undefined ? sql`` : sql`AND ${column} = ${scope.provider}`);

/** Rollup rows of the window's whole days whose cohort has not changed since the mark. */
const cleanRollups = (scope: RollupScope) => sql`
  s.day >= ${dayAfter(scope.since.slice(0, 10))} ${ofProvider(scope, sql`s.provider_id`)}
  AND NOT EXISTS (SELECT 1 FROM changed c WHERE c.provider_id = s.provider_id AND c.day = s.day)`;

/** The clean cohorts' figures summed per provider. */
export async function cleanRollupsPerProvider(db: Db, scope: RollupScope): Promise<Map<string, CohortFigures>> {
  const { rows } = await sql<Record<string, number> & { provider_id: string }>`
    WITH ${changedCohorts(scope)}
    SELECT s.provider_id, ${rollupSums()} FROM provider_stats_days s WHERE ${cleanRollups(scope)} GROUP BY s.provider_id`.execute(db);
  return new Map(rows.map((row) => [row.provider_id, figuresOf(row as never)]));
}

/** The clean cohorts' requests per day made, and their first answers per week given (Monday, YYYY-MM-DD). */
export async function cleanRollupsPerPeriod(db: Db, scope: RollupScope): Promise<{ days: Map<string, number>; answerWeeks: Map<string, number> }> {
  const [days, weeks] = await Promise.all([
    sql<{ day: string; sent: number }>`
      WITH ${changedCohorts(scope)}
      SELECT s.day, sum(s.sent) AS sent FROM provider_stats_days s WHERE ${cleanRollups(scope)} GROUP BY s.day`.execute(db),
    sql<{ week: string; answers: number }>`
      WITH ${changedCohorts(scope)}
      SELECT w.key AS week, sum(w.value) AS answers FROM provider_stats_days s, json_each(s.answer_weeks) w WHERE ${cleanRollups(scope)} GROUP BY w.key`.execute(db),
  ]);
  return { days: new Map(days.rows.map((row) => [row.day, row.sent])), answerWeeks: new Map(weeks.rows.map((row) => [row.week, row.answers])) };
}

/**
 * The cohorts read live: those changed since the mark, and every provider's part of the window's first
 * day (from `since` to its end), each one range of the cohort index.
 */
export async function liveCohorts(db: Db, scope: RollupScope): Promise<LiveCohort[]> {
  const { rows } = await sql<Record<string, number> & { provider_id: string; day: string; answer_weeks: string }>`
    WITH ${changedCohorts(scope)},
    cohorts(provider_id, start, "end") AS (
      SELECT provider_id, day, ${dayEnd(sql`day`)} FROM changed
      UNION ALL
      SELECT p.id, ${scope.since}, ${dayEnd(scope.since.slice(0, 10))} FROM providers p WHERE true ${ofProvider(scope, sql`p.id`)})
    ${cohortFiguresQuery(sql`cohorts`)}`.execute(db);
  return rows.map((row) => ({ ...figuresOf(row as never), provider_id: row.provider_id, day: row.day, answerWeeks: JSON.parse(row.answer_weeks) as Record<string, number> }));
}

/** Where to find a percentile: the `offset`-th (from 0) answer time in [from, to) inside the window. */
export interface RankInBucket {
  from: number;
  /** The bucket's end (exclusive); null for the last bucket. */
  to: number | null;
  offset: number;
}

/**
 * The answer time at each rank, per provider: each read from the provider's answer-time index, inside
 * the bucket the rollups place it in (a few answers each). One statement for every provider, the
 * ranks given as one JSON value (D1 binds at most 100 values a statement; SQLite takes no column in OFFSET,
 * so the rank is a row number).
 */
export async function timesAtRanks(db: Db, since: string, wanted: ({ provider: string } & RankInBucket)[]): Promise<(number | null)[]> {
  if (wanted.length === 0) return [];
  const list = JSON.stringify(wanted.map(({ provider, from, to, offset }, i) => [i, provider, from, to ?? Number.MAX_SAFE_INTEGER, offset + 1]));
  // Per rank, a row number over its provider's bucket in index order (no sort): a third of the time of
  // one row number over every bucket's rows together, which sorted them all.
  const { rows } = await sql<{ i: number; answer_seconds: number | null }>`
    WITH wanted(i, provider, lo, hi, n) AS MATERIALIZED (
      SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), json_extract(value, '$[4]')
        FROM json_each(${list}))
    SELECT w.i, (
      SELECT answer_seconds FROM (
        SELECT t.answer_seconds, row_number() OVER (ORDER BY t.answer_seconds) AS at
          FROM cancellation_requests t INDEXED BY cancellation_requests_provider_answer_times
         WHERE t.provider_id = w.provider AND t.answer_seconds >= w.lo AND t.answer_seconds < w.hi
           AND t.answer_seconds IS NOT NULL AND t.created_at >= ${since})
       WHERE at = w.n) AS answer_seconds
      FROM wanted w`.execute(db);
  const found: (number | null)[] = wanted.map(() => null);
  for (const row of rows) found[row.i] = row.answer_seconds;
  return found;
}

/** The same over every provider together: from the answer-time index over all of them, stepping from the bucket's start. */
export async function overallTimeAtRank(db: Db, since: string, { from, offset }: RankInBucket): Promise<number | null> {
  const { rows } = await sql<{ answer_seconds: number }>`
    SELECT answer_seconds FROM cancellation_requests INDEXED BY cancellation_requests_answer_times
     WHERE answer_seconds IS NOT NULL AND answer_seconds >= ${from} AND created_at >= ${since}
     ORDER BY answer_seconds LIMIT 1 OFFSET ${offset}`.execute(db);
  return rows[0]?.answer_seconds ?? null;
}
