import type { ProviderPerformance } from './provider-stats.ts';

/** A time to answer as people read it: minutes under an hour, hours under two days, then days. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `${trimmed(seconds / 3600)} h`;
  return `${trimmed(seconds / 86_400)} d`;
}

const trimmed = (n: number) => (Math.round(n * 10) / 10).toString();

/** An answer rate as a whole percentage; none without requests. */
export const formatRate = (rate: number | null): string => (rate === null ? '–' : `${Math.round(rate * 100)} %`);

/** How the table can be ordered: by id, slowest first (median, then p90), or least answering first (rate, then most sent). */
export const STATS_SORTS = ['provider', 'slowest', 'least_answering'] as const;
export type StatsSort = (typeof STATS_SORTS)[number];

export const isStatsSort = (value: unknown): value is StatsSort => STATS_SORTS.includes(value as StatsSort);

/** The providers in the order asked for; a provider without an answer time (or rate) comes last, by id. */
export function sortProviders(providers: readonly ProviderPerformance[], sort: StatsSort): ProviderPerformance[] {
  const byId = (a: ProviderPerformance, b: ProviderPerformance) => a.provider.localeCompare(b.provider);
  const missingLast = (a: number | null, b: number | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : 0);
  const order: Record<StatsSort, (a: ProviderPerformance, b: ProviderPerformance) => number> = {
    provider: byId,
    slowest: (a, b) =>
      missingLast(a.medianSecondsToAnswer, b.medianSecondsToAnswer) ||
      (b.medianSecondsToAnswer ?? 0) - (a.medianSecondsToAnswer ?? 0) ||
      (b.p90SecondsToAnswer ?? 0) - (a.p90SecondsToAnswer ?? 0) ||
      byId(a, b),
    least_answering: (a, b) => missingLast(a.answerRate, b.answerRate) || (a.answerRate ?? 0) - (b.answerRate ?? 0) || b.sent - a.sent || byId(a, b),
  };
  return [...providers].sort(order[sort]);
}
