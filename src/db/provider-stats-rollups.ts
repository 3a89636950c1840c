import { type CompiledQuery, type RawBuilder, sql } from 'kysely';
import { OUTCOMES, type OutcomeType } from '../outcome.ts';
import type { Db } from './schema.ts';

/**
 * The provider stats' daily rollups (migration 0017): one row per provider and day its requests were
 * made (a cohort), computed by the scheduler from the cohort index; the reports read them for cohorts
 * unchanged since (provider-stats.ts). Rows are never deleted, so a cohort only ever grows or changes.
 */

/**
 * Upper bounds (exclusive, in seconds) of the answer-time buckets a rollup counts: fine enough that a
 * percentile's bucket holds few answers, so reading it exactly from the index steps over few. They
 * include every bound of the report's chart (ANSWER_TIME_BOUNDS), whose buckets are sums of these.
 * Columns t0…t22 of provider_stats_days: one more than bounds, the last open-ended.
 */
export const ROLLUP_TIME_BOUNDS = [
  300, 900, 1800, 3600, 7200, 14_400, 28_800, 43_200, 86_400, 129_600, 172_800, 259_200, 345_600, 432_000, 518_400, 604_800, 777_600, 950_400,
  1_209_600, 1_814_400, 2_592_000, 5_184_000,
] as const;

const TIME_COLUMNS = [...ROLLUP_TIME_BOUNDS, null].map((_, i) => `t${i}`);
const COUNT_COLUMNS = ['sent', 'answered', ...OUTCOMES, 'open', 'expired', 'bounced'] as const;
type CountColumn = (typeof COUNT_COLUMNS)[number];

/** A cohort's figures, or the sum of several. */
export interface CohortFigures extends Record<CountColumn, number> {
  /** Answered requests per bucket of ROLLUP_TIME_BOUNDS. */
  times: number[];
}

/** One cohort as read live: its figures and its first answers per week (Monday, YYYY-MM-DD). */
export interface LiveCohort extends CohortFigures {
  provider_id: string;
  day: string;
  answerWeeks: Record<string, number>;
}

/** Requests made from `start` to `end` by one provider: a day, or the part of one inside a window. */
export type CohortRange = { provider_id: string; start: string; end: string };

/** The end of a day's range of created_at (ISO times of that day sort before `YYYY-MM-DDU`). */
export const dayEnd = (day: RawBuilder<unknown> | string) => sql`(${day} || 'U')`;

const bucketOf = (column: RawBuilder<unknown>) =>
  sql`CASE WHEN ${column} IS NULL THEN NULL ${sql.join(
    ROLLUP_TIME_BOUNDS.map((bound, i) => sql`WHEN ${column} < ${sql.lit(bound)} THEN ${sql.lit(i)}`),
    sql` `,
  )} ELSE ${sql.lit(ROLLUP_TIME_BOUNDS.length)} END`;

/**
 * Each cohort of `cohorts` (a CTE of CohortRange rows) with its figures: one range of the cohort index
 * each, never the table. The requests are first grouped by what the figures count (a few groups per
 * cohort, each request's bucket worked out once), then each figure is a sum over the groups. The
 * answer weeks take a second look at the same range.
 */
export function cohortFiguresQuery(cohorts: RawBuilder<unknown>) {
  const of = (condition: RawBuilder<unknown>) => sql`coalesce(sum(CASE WHEN ${condition} THEN g.requests END), 0)`;
  return sql`
    SELECT g.provider_id, substr(g.start, 1, 10) AS day,
           sum(g.requests) AS sent, ${of(sql`g.outcome_type IS NOT NULL`)} AS answered,
           ${sql.join(OUTCOMES.map((outcome) => sql`${of(sql`g.outcome_type = ${sql.lit(outcome)}`)} AS ${sql.ref(outcome)}`))},
           ${of(sql`g.status IN ('queued', 'sent')`)} AS open,
           ${of(sql`g.status = 'expired'`)} AS expired,
           ${of(sql`g.status = 'delivery_failed'`)} AS bounced,
           ${sql.join(TIME_COLUMNS.map((column, i) => sql`${of(sql`g.bucket = ${sql.lit(i)}`)} AS ${sql.ref(column)}`))},
           (SELECT coalesce(json_group_object(week, answers), '{}') FROM (
              SELECT date(a.first_answered_at, 'weekday 0', '-6 days') AS week, count(*) AS answers
                FROM cancellation_requests a INDEXED BY cancellation_requests_provider_cohorts
               WHERE a.provider_id = g.provider_id AND a.created_at >= g.start AND a.created_at < g."end" AND a.first_answered_at IS NOT NULL
               GROUP BY week)) AS answer_weeks
      FROM (
        SELECT c.provider_id, c.start, c."end", r.status, r.outcome_type, ${bucketOf(sql`r.answer_seconds`)} AS bucket, count(*) AS requests
          FROM ${cohorts} c
          JOIN cancellation_requests r INDEXED BY cancellation_requests_provider_cohorts
            ON r.provider_id = c.provider_id AND r.created_at >= c.start AND r.created_at < c."end"
         GROUP BY c.provider_id, c.start, c."end", r.status, r.outcome_type, bucket) g
     GROUP BY g.provider_id, g.start`;
}

type FiguresRow = Record<CountColumn | `t${number}`, number>;

export const figuresOf = (row: FiguresRow): CohortFigures => ({
  ...(Object.fromEntries(COUNT_COLUMNS.map((column) => [column, Number(row[column] ?? 0)])) as Record<CountColumn, number>),
  times: TIME_COLUMNS.map((column) => Number(row[column as `t${number}`] ?? 0)),
});

export const emptyFigures = (): CohortFigures => figuresOf({} as FiguresRow);

export function addFigures(into: CohortFigures, figures: CohortFigures): void {
  for (const column of COUNT_COLUMNS) into[column] += figures[column];
  figures.times.forEach((n, i) => (into.times[i]! += n));
}

/** Sums of the rollup columns, for a SELECT over provider_stats_days `s`. */
export const rollupSums = () => sql.join([...COUNT_COLUMNS, ...TIME_COLUMNS].map((column) => sql`sum(s.${sql.ref(column)}) AS ${sql.ref(column)}`));

export type OutcomeCounts = Record<OutcomeType, number>;

/** The rollups' high-water mark: every cohort holds every change numbered up to it. */
export async function rolledUpTo(db: Db): Promise<number> {
  const { rows } = await sql<{ change_seq: number }>`SELECT change_seq FROM provider_stats_rollup WHERE id = 1`.execute(db);
  return rows[0]?.change_seq ?? 0;
}

/**
 * The change number that ends the next pass over at most `maxChanges` changes after `after`, or null when
 * nothing changed since. Changes are numbered in commit order, so every change up to it has committed.
 */
export async function nextRollupEnd(db: Db, after: number, maxChanges: number): Promise<number | null> {
  const { rows } = await sql<{ upto: number | null }>`
    SELECT coalesce(
      (SELECT change_seq FROM cancellation_requests WHERE change_seq > ${after} ORDER BY change_seq LIMIT 1 OFFSET ${sql.lit(maxChanges - 1)}),
      (SELECT max(change_seq) FROM cancellation_requests WHERE change_seq > ${after})) AS upto`.execute(db);
  return rows[0]?.upto ?? null;
}

/**
 * Recomputes every cohort with a change numbered in (after, upto], then moves the mark to `upto`: one
 * atomic unit. A cohort written by a pass that reached further is kept (`as_of`), so two passes at once
 * (the CLI beside the server, two cron runs) leave the newer figures.
 */
export function rollUpCohorts(db: Db, after: number, upto: number): CompiledQuery[] {
  const cohorts = sql`(SELECT DISTINCT provider_id, substr(created_at, 1, 10) AS start, ${dayEnd(sql`substr(created_at, 1, 10)`)} AS "end"
                         FROM cancellation_requests WHERE change_seq > ${after} AND change_seq <= ${upto})`;
  const columns = ['provider_id', 'day', ...COUNT_COLUMNS, ...TIME_COLUMNS, 'answer_weeks'];
  const upsert = sql`
    INSERT INTO provider_stats_days (${sql.join(columns.map((c) => sql.ref(c)))}, as_of)
    SELECT ${sql.join(columns.map((c) => sql.ref(`f.${c}`)))}, ${upto} FROM (${cohortFiguresQuery(cohorts)}) f WHERE true
    ON CONFLICT (provider_id, day) DO UPDATE SET
      ${sql.join(columns.slice(2).concat('as_of').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}
    WHERE excluded.as_of >= provider_stats_days.as_of`.compile(db);
  const mark = sql`UPDATE provider_stats_rollup SET change_seq = ${upto} WHERE id = 1 AND change_seq < ${upto}`.compile(db);
  return [upsert, mark];
}
