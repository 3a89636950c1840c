import { sql } from 'kysely';
import type { OutcomeType } from '../outcome.ts';
import type { Db, RequestStatus } from './schema.ts';

/**
 * The provider stats' reads (migration 0015's indexes). Each covers the requests made in a window
 * (`created_at >= since`), of one provider or all; none reads a request row, only index entries.
 */
export interface StatsScope {
  since: string;
  provider?: string;
}

/** Requests per provider, status and latest outcome type: the counts, grouped in index order. */
export async function countRequestsByState(db: Db, scope: StatsScope) {
  return db
    .selectFrom('cancellation_requests')
    .select((eb) => ['provider_id', 'status', 'outcome_type', eb.fn.countAll<number>().as('requests')])
    .where('created_at', '>=', scope.since)
    .$if(scope.provider !== undefined, (query) => query.where('provider_id', '=', scope.provider!))
    .groupBy(['provider_id', 'status', 'outcome_type'])
    .execute() as Promise<{ provider_id: string; status: RequestStatus; outcome_type: OutcomeType | null; requests: number }[]>;
}

/** Still waiting on the provider (`sent`) past its reply window at `now`: the scheduler has not expired them yet. */
export async function countOverdueWaiting(db: Db, scope: StatsScope, now: string) {
  // From the providers, so each one's waiting requests are a range of the partial index (status is a literal for it).
  return db
    .selectFrom('providers as p')
    .innerJoin('cancellation_requests as r', 'r.provider_id', 'p.id')
    .select((eb) => ['r.provider_id', eb.fn.countAll<number>().as('overdue')])
    .where('r.status', '=', 'sent')
    .where('r.created_at', '>=', scope.since)
    .where('r.waiting_since', '<', sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${now}, '-' || p.reply_window_days || ' days')`)
    .$if(scope.provider !== undefined, (query) => query.where('r.provider_id', '=', scope.provider!))
    .groupBy('r.provider_id')
    .execute();
}

/** Upper bounds (exclusive) of the time-to-answer buckets, in seconds; the last bucket has none. */
export const ANSWER_TIME_BOUNDS = [3600, 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400] as const;

export interface AnswerTimes {
  answered: number;
  /** Nearest rank: the answer time by which half (nine tenths) of the answered requests were answered. */
  median: number | null;
  p90: number | null;
  /** Answered requests per bucket of ANSWER_TIME_BOUNDS (one more than bounds: the last is open-ended). */
  buckets: number[];
}

const OVERALL = '';

/**
 * Answer times per provider and over all of them: counts and buckets in one pass over the answer-time
 * index, then each percentile as the row at its rank, reached by stepping along the same index in order
 * (no sort of every answered request).
 */
export async function answerTimes(db: Db, scope: StatsScope): Promise<{ perProvider: Map<string, AnswerTimes>; overall: AnswerTimes }> {
  const { rows } = await sql<{ provider_id: string; answered: number } & Record<`b${number}`, number>>`
    SELECT provider_id, count(*) AS answered, ${bucketColumns()}
      FROM cancellation_requests
     WHERE answer_seconds IS NOT NULL AND created_at >= ${scope.since} ${scope.provider === undefined ? sql`` : sql`AND provider_id = ${scope.provider}`}
     GROUP BY provider_id`.execute(db);
  const counted = new Map(rows.map((row) => [row.provider_id, { answered: row.answered, buckets: bucketsOf(row) }]));
  const all = { answered: 0, buckets: bucketsOf({}) };
  for (const { answered, buckets } of counted.values()) {
    all.answered += answered;
    buckets.forEach((n, i) => (all.buckets[i]! += n));
  }
  const wanted = [...counted].map(([provider, { answered }]) => ({ provider, answered }));
  if (scope.provider === undefined) wanted.push({ provider: OVERALL, answered: all.answered });
  const ranked = await timesAtRanks(db, scope.since, wanted.filter((w) => w.answered > 0));
  const timesOf = (provider: string, counts: { answered: number; buckets: number[] }): AnswerTimes => ({
    ...counts,
    median: ranked.get(provider)?.median ?? null,
    p90: ranked.get(provider)?.p90 ?? null,
  });
  const perProvider = new Map([...counted].map(([provider, counts]) => [provider, timesOf(provider, counts)]));
  return { perProvider, overall: scope.provider === undefined ? timesOf(OVERALL, all) : (perProvider.get(scope.provider) ?? timesOf(OVERALL, all)) };
}

/** SQLite takes no column of an outer query in OFFSET, so each rank is a literal in its own term; D1 binds at most 100 values a statement. */
const TERMS_PER_STATEMENT = 90;

async function timesAtRanks(db: Db, since: string, wanted: { provider: string; answered: number }[]) {
  const found = new Map<string, { median: number; p90: number }>();
  for (let i = 0; i < wanted.length; i += TERMS_PER_STATEMENT) {
    const terms = wanted.slice(i, i + TERMS_PER_STATEMENT).map(({ provider, answered }) => {
      const of = provider === OVERALL ? sql`` : sql`AND t.provider_id = p.id`;
      const at = (rank: number) =>
        sql`(SELECT t.answer_seconds FROM cancellation_requests t WHERE t.answer_seconds IS NOT NULL AND t.created_at >= (SELECT since FROM scope) ${of}
              ORDER BY t.answer_seconds LIMIT 1 OFFSET ${sql.lit(rank - 1)})`;
      // Nearest rank: the ceil(p × n)-th smallest.
      return sql`SELECT p.id AS provider, ${at(Math.ceil(answered / 2))} AS median, ${at(Math.ceil((answered * 9) / 10))} AS p90 FROM (SELECT ${provider} AS id) p`;
    });
    const { rows } = await sql<{ provider: string; median: number; p90: number }>`
      WITH scope(since) AS (SELECT ${since}) ${sql.join(terms, sql` UNION ALL `)}`.execute(db);
    for (const row of rows) found.set(row.provider, { median: row.median, p90: row.p90 });
  }
  return found;
}

const bucketColumns = () =>
  sql.join(
    ANSWER_TIME_BOUNDS.map((bound, i) => sql`coalesce(sum(answer_seconds < ${bound}${i === 0 ? sql`` : sql` AND answer_seconds >= ${ANSWER_TIME_BOUNDS[i - 1]}`}), 0) AS ${sql.ref(`b${i}`)}`).concat(
      sql`coalesce(sum(answer_seconds >= ${ANSWER_TIME_BOUNDS.at(-1)}), 0) AS ${sql.ref(`b${ANSWER_TIME_BOUNDS.length}`)}`,
    ),
  );

const bucketsOf = (row: Record<string, unknown>): number[] => [...ANSWER_TIME_BOUNDS, null].map((_, i) => Number(row[`b${i}`] ?? 0));

/** Requests made, and first answers given (to requests made since `scope.since`), in each `[start, end)`. */
export async function countPerPeriod(db: Db, scope: StatsScope, periods: { start: string; end: string }[]) {
  if (periods.length === 0) return [];
  const provider = scope.provider === undefined ? sql`` : sql`AND r.provider_id = ${scope.provider}`;
  const { rows } = await sql<{ start: string; requests: number; answers: number }>`
    WITH periods(start, "end") AS (VALUES ${sql.join(periods.map((p) => sql`(${p.start}, ${p.end})`))})
    SELECT periods.start,
      (SELECT count(*) FROM cancellation_requests r
        WHERE r.created_at >= periods.start AND r.created_at < periods."end" AND r.created_at >= ${scope.since} ${provider}) AS requests,
      (SELECT count(*) FROM cancellation_requests r
        WHERE r.first_answered_at >= periods.start AND r.first_answered_at < periods."end" AND r.created_at >= ${scope.since} ${provider}) AS answers
      FROM periods ORDER BY periods.start`.execute(db);
  return rows;
}

/** Every provider's id and name, for the report's names and to check a `provider` filter. */
export async function providerNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('providers').select(['id', 'name']).orderBy('id').execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}
