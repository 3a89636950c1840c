import { DAY_MS } from '../clock.ts';
import { eraseRequests, findErasable } from '../db/retention.ts';
import type { Deps } from '../deps.ts';

/** Erased per atomic unit: small enough to keep each write short (THREATS 17). */
const PER_UNIT = 100;

/**
 * Erases the personal data of requests that have been final for RETENTION_DAYS (THREATS 16). Apps keep
 * what they can read (status, outcome type, dates); support keeps the history's shape.
 */
export async function eraseAfterRetention(deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'config'>, limit = 1_000): Promise<number> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - deps.config.retentionDays * DAY_MS).toISOString();
  let erased = 0;
  while (erased < limit) {
    const ids = await findErasable(deps.db, cutoff, Math.min(PER_UNIT, limit - erased));
    if (ids.length === 0) break;
    await deps.atomic(eraseRequests(deps.db, ids, cutoff, now.toISOString()));
    erased += ids.length;
    if (ids.length < PER_UNIT) break;
  }
  return erased;
}
