import { nextRollupEnd, rolledUpTo, rollUpCohorts } from '../db/provider-stats-rollups.ts';
import type { Deps } from '../deps.ts';

/** Changes rolled up per atomic unit: each unit recomputes at most this many cohorts, a short write. */
const CHANGES_PER_UNIT = 10_000;

/**
 * The scheduler's part of the provider stats (docs/stats.md): recomputes the daily rollup of every
 * (provider, day made) cohort with a request changed since the last pass, found by change number, and
 * moves the mark past them. Nothing on the request paths writes a rollup; the reports read cohorts
 * changed since the mark live, so a pass that has not run yet costs time, never exactness. A first
 * pass over an existing database takes `maxChanges` at a time, continuing at the next run.
 * Returns the change numbers passed over.
 */
export async function rollUpProviderStats(deps: Pick<Deps, 'db' | 'atomic'>, maxChanges = 200_000): Promise<number> {
  const start = await rolledUpTo(deps.db);
  let after = start;
  while (after - start < maxChanges) {
    const upto = await nextRollupEnd(deps.db, after, Math.min(CHANGES_PER_UNIT, maxChanges - (after - start)));
    if (upto === null) break;
    await deps.atomic(rollUpCohorts(deps.db, after, upto));
    after = upto;
  }
  return after - start;
}
