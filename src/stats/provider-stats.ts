import { DAY_MS } from '../clock.ts';
import {
  ANSWER_TIME_BOUNDS,
  type AnswerTimes,
  answerTimes,
  countOverdueWaiting,
  countPerPeriod,
  countRequestsByState,
  providerNames,
} from '../db/provider-stats.ts';
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
  const scope = { since, provider: query.provider };
  const weeks = weeksOf(since, until);
  const [states, overdueWaiting, { perProvider: times, overall }, perWeek] = await Promise.all([
    countRequestsByState(deps.db, scope),
    countOverdueWaiting(deps.db, scope, until),
    answerTimes(deps.db, scope),
    countPerPeriod(deps.db, scope, weeks),
  ]);

  const tallies = new Map<string, Tally>();
  const tallyOf = (provider: string) => tallies.get(provider) ?? tallies.set(provider, emptyTally()).get(provider)!;
  if (query.provider !== undefined) tallyOf(query.provider);
  for (const row of states) {
    const tally = tallyOf(row.provider_id);
    tally.sent += row.requests;
    if (row.outcome_type !== null) {
      tally.answered += row.requests;
      tally.outcomes[row.outcome_type] += row.requests;
    }
    if (row.status === 'queued' || row.status === 'sent') tally.open += row.requests;
    if (row.status === 'expired') tally.overdue += row.requests;
    if (row.status === 'delivery_failed') tally.bounced += row.requests;
  }
  for (const row of overdueWaiting) tallyOf(row.provider_id).overdue += row.overdue;

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
      timeToAnswer: overall.buckets.map((answered, i) => ({ fromSeconds: i === 0 ? 0 : ANSWER_TIME_BOUNDS[i - 1]!, toSeconds: ANSWER_TIME_BOUNDS[i] ?? null, answered })),
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
