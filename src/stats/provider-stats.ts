import { DAY_MS } from '../clock.ts';
import {
  ANSWER_TIME_BOUNDS,
  cleanRollupsPerPeriod,
  cleanRollupsPerProvider,
  countOverdueWaiting,
  liveCohorts,
  overallTimeAtRank,
  providerNames,
  type RankInBucket,
  timesAtRanks,
} from '../db/provider-stats.ts';
import { addFigures, type CohortFigures, emptyFigures, ROLLUP_TIME_BOUNDS, rolledUpTo } from '../db/provider-stats-rollups.ts';
import type { Deps } from '../deps.ts';
import { OUTCOMES, type OutcomeType } from '../outcome.ts';
import type { FieldErrors } from '../validation.ts';

/** How one provider (or all of them) did with the requests made in the window. See docs/stats.md. */
export interface PerformanceFigures {
  /** Requests made in the window (queued ones included: on their way). */
  sent: number;
  /** Of those, answered at least once. */
  answered: number;
  /** answered ÷ sent, 0–1; null with nothing sent. */
  answerRate: number | null;
  /** From the email reaching the provider to its first answer (nearest rank); null with no answer. */
  medianSecondsToAnswer: number | null;
  p90SecondsToAnswer: number | null;
  /** The latest answer's outcome, per type. */
  outcomes: Record<OutcomeType, number>;
  /** Not answered, not expired, not bounced: queued or waiting on the provider. */
  open: number;
  /** Not answered past the reply window: expired, or still waiting past it. */
  overdue: number;
  /** The email could not be delivered (delivery_failed). */
  bounced: number;
}

export interface ProviderPerformance extends PerformanceFigures {
  provider: string;
  name: string;
}

export interface StatsReport {
  days: number;
  /** The window: requests made from `since` up to `until` (now). */
  since: string;
  until: string;
  provider: string | null;
  providers: ProviderPerformance[];
  totals: PerformanceFigures;
  /** Requests made and first answers given per week (Monday, UTC); the first week starts at `since`. */
  weeks: { start: string; requests: number; answers: number }[];
  /** Answered requests per time-to-answer bucket, over the providers in scope. */
  timeToAnswer: { fromSeconds: number; toSeconds: number | null; answered: number }[];
}

export const STATS_DAYS = { min: 1, max: 365, default: 30 } as const;

export type StatsResult = { kind: 'report'; report: StatsReport } | { kind: 'invalid'; fields: FieldErrors };

/** The provider stats over the last `days` days, of one provider or all, computed from the database now. */
export async function providerStats(deps: Deps, query: { days: number; provider?: string }): Promise<StatsResult> {
  const daysProblem = problemWithDays(query.days);
  if (daysProblem) return { kind: 'invalid', fields: { 'query.days': daysProblem } };
  const names = await providerNames(deps.db);
  if (query.provider !== undefined && !names.has(query.provider)) return { kind: 'invalid', fields: { 'query.provider': 'no provider with this id' } };
  const now = deps.clock.now();
  const until = now.toISOString();
  const since = new Date(now.getTime() - query.days * DAY_MS).toISOString();
  const scope = { since, provider: query.provider, mark: await rolledUpTo(deps.db) };
  const weeks = weeksOf(since, until);
  // Rollups for the cohorts unchanged since the scheduler's last pass, the rest live: exact and current.
  const [clean, cleanPeriods, live, overdueWaiting] = await Promise.all([
    cleanRollupsPerProvider(deps.db, scope),
    cleanRollupsPerPeriod(deps.db, scope),
    liveCohorts(deps.db, scope),
    countOverdueWaiting(deps.db, scope, until),
  ]);

  const perProvider = new Map(clean);
  const ofProvider = (provider: string) => perProvider.get(provider) ?? perProvider.set(provider, emptyFigures()).get(provider)!;
  if (query.provider !== undefined) ofProvider(query.provider);
  for (const cohort of live) addFigures(ofProvider(cohort.provider_id), cohort);
  for (const row of overdueWaiting) ofProvider(row.provider_id);
  const tallies = new Map([...perProvider].map(([provider, figures]) => [provider, tallyOf(figures)]));
  for (const row of overdueWaiting) tallies.get(row.provider_id)!.overdue += row.overdue;
  const all = emptyFigures();
  for (const figures of perProvider.values()) addFigures(all, figures);
  const { times, overall } = await answerTimes(deps, since, perProvider, all, query.provider);
  const perWeek = countPerWeek(weeks, [...cleanPeriods.days, ...live.map((cohort): [string, number] => [cohort.day, cohort.sent])], [
    ...cleanPeriods.answerWeeks,
    ...live.flatMap((cohort) => Object.entries(cohort.answerWeeks)),
  ]);

  const providers = [...tallies].map(([provider, tally]) => ({ provider, name: names.get(provider) ?? provider, ...figures(tally, times.get(provider)) }));
  providers.sort((a, b) => a.provider.localeCompare(b.provider));
  const total = emptyTally();
  for (const tally of tallies.values()) addTally(total, tally);

  return {
    kind: 'report',
    report: {
      days: query.days,
      since,
      until,
      provider: query.provider ?? null,
      providers,
      totals: figures(total, overall),
      weeks: perWeek.map((row) => ({ start: row.start, requests: row.requests, answers: row.answers })),
      timeToAnswer: chartBuckets(all.times).map((answered, i) => ({ fromSeconds: i === 0 ? 0 : ANSWER_TIME_BOUNDS[i - 1]!, toSeconds: ANSWER_TIME_BOUNDS[i] ?? null, answered })),
    },
  };
}

/** The API's schema says the same; this holds for the CLI beside the database, which has no schema in front. */
function problemWithDays(days: number): string | null {
  if (!Number.isInteger(days)) return 'must be a whole number';
  if (days < STATS_DAYS.min) return `must be at least ${STATS_DAYS.min}`;
  if (days > STATS_DAYS.max) return `must be at most ${STATS_DAYS.max}`;
  return null;
}

interface AnswerTimes {
  median: number | null;
  p90: number | null;
}

/**
 * The median and 90th percentile (nearest rank: the ⌈p × n⌉-th smallest) per provider and overall (`all`: every provider's figures summed). The
 * rollups' bucket counts say which bucket holds each rank and how many answers lie below it; the index
 * of answer times then gives the exact time, stepping over that bucket's answers only.
 */
async function answerTimes(deps: Pick<Deps, 'db'>, since: string, perProvider: Map<string, CohortFigures>, all: CohortFigures, onlyProvider: string | undefined) {
  const ranksOf = (times: number[]) => {
    const answered = times.reduce((sum, n) => sum + n, 0);
    return answered === 0 ? null : { median: rankIn(times, Math.ceil(answered / 2)), p90: rankIn(times, Math.ceil((answered * 9) / 10)) };
  };
  const wanted = [...perProvider].flatMap(([provider, figures]) => {
    const ranks = ranksOf(figures.times);
    return ranks === null ? [] : [{ provider, ...ranks.median }, { provider, ...ranks.p90 }];
  });
  const overallRanks = onlyProvider === undefined ? ranksOf(all.times) : null;
  const [found, overallMedian, overallP90] = await Promise.all([
    timesAtRanks(deps.db, since, wanted),
    overallRanks && overallTimeAtRank(deps.db, since, overallRanks.median),
    overallRanks && overallTimeAtRank(deps.db, since, overallRanks.p90),
  ]);
  const times = new Map<string, AnswerTimes>([...perProvider.keys()].map((provider) => [provider, { median: null, p90: null }]));
  wanted.forEach(({ provider }, i) => (times.get(provider)![i % 2 === 0 ? 'median' : 'p90'] = found[i] ?? null));
  const overall = onlyProvider === undefined ? { median: overallMedian ?? null, p90: overallP90 ?? null } : times.get(onlyProvider)!;
  return { times, overall };
}

/**
 * Requests made per week from their days, first answers given per week from their Mondays (an answer
 * comes after its request, so never before `since`: the first week's cut at `since` holds for both).
 */
function countPerWeek(weeks: { start: string; end: string }[], requestsPerDay: [string, number][], answersPerMonday: [string, number][]) {
  const perWeek = weeks.map((week) => ({ ...week, monday: new Date(Date.parse(week.end) - 7 * DAY_MS).toISOString().slice(0, 10), requests: 0, answers: 0 }));
  for (const [day, requests] of requestsPerDay) {
    const week = perWeek.find((w) => `${day}T00:00:00.000Z` < w.end);
    if (week) week.requests += requests;
  }
  for (const [monday, answers] of answersPerMonday) {
    const week = perWeek.find((w) => w.monday === monday);
    if (week) week.answers += answers;
  }
  return perWeek;
}

/** The bucket of ROLLUP_TIME_BOUNDS holding the `rank`-th smallest answer time, and its place in it. */
function rankIn(times: number[], rank: number): RankInBucket {
  let below = 0;
  for (let i = 0; i < times.length; i++) {
    if (below + times[i]! >= rank) return { from: i === 0 ? 0 : ROLLUP_TIME_BOUNDS[i - 1]!, to: ROLLUP_TIME_BOUNDS[i] ?? null, offset: rank - below - 1 };
    below += times[i]!;
  }
  throw new Error(`rank ${rank} beyond ${below} answers`);
}

/** The chart's buckets (ANSWER_TIME_BOUNDS) from the rollups' finer ones, each inside one of them. */
function chartBuckets(times: number[]): number[] {
  const chart = [...ANSWER_TIME_BOUNDS, null].map(() => 0);
  times.forEach((n, i) => {
    const from = i === 0 ? 0 : ROLLUP_TIME_BOUNDS[i - 1]!;
    chart[ANSWER_TIME_BOUNDS.filter((bound) => bound <= from).length]! += n;
  });
  return chart;
}

type Tally = Omit<PerformanceFigures, 'answerRate' | 'medianSecondsToAnswer' | 'p90SecondsToAnswer'>;

const emptyTally = (): Tally => ({
  sent: 0,
  answered: 0,
  outcomes: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<OutcomeType, number>,
  open: 0,
  overdue: 0,
  bounced: 0,
});

function addTally(into: Tally, tally: Tally): void {
  into.sent += tally.sent;
  into.answered += tally.answered;
  into.open += tally.open;
  into.overdue += tally.overdue;
  into.bounced += tally.bounced;
  for (const outcome of OUTCOMES) into.outcomes[outcome] += tally.outcomes[outcome];
}

const tallyOf = (figures: CohortFigures): Tally => ({
  sent: figures.sent,
  answered: figures.answered,
  outcomes: Object.fromEntries(OUTCOMES.map((outcome) => [outcome, figures[outcome]])) as Record<OutcomeType, number>,
  open: figures.open,
  // Expired, and (added from a live count) still waiting past the reply window.
  overdue: figures.expired,
  bounced: figures.bounced,
});

const figures = (tally: Tally, times: AnswerTimes | undefined): PerformanceFigures => ({
  sent: tally.sent,
  answered: tally.answered,
  answerRate: tally.sent === 0 ? null : tally.answered / tally.sent,
  medianSecondsToAnswer: times?.median ?? null,
  p90SecondsToAnswer: times?.p90 ?? null,
  outcomes: tally.outcomes,
  open: tally.open,
  overdue: tally.overdue,
  bounced: tally.bounced,
});

/** The weeks (Monday 00:00 UTC to the next) that overlap [since, until], the first cut at `since`; the last runs past now. */
export function weeksOf(since: string, until: string): { start: string; end: string }[] {
  const sinceMs = Date.parse(since);
  const untilMs = Date.parse(until);
  const day = new Date(since.slice(0, 10) + 'T00:00:00Z');
  const monday = day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS;
  const weeks: { start: string; end: string }[] = [];
  for (let start = monday; start <= untilMs; start += 7 * DAY_MS) {
    weeks.push({ start: new Date(Math.max(start, sinceMs)).toISOString(), end: new Date(start + 7 * DAY_MS).toISOString() });
  }
  return weeks;
}
