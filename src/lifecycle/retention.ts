import { DAY_MS } from '../clock.ts';
import { eraseRequests, eraseUnmatchedReplies, findErasable } from '../db/retention.ts';
import type { Deps } from '../deps.ts';

/** Erased per atomic unit: small enough to keep each write short (THREATS 17). */
const PER_UNIT = 100;

/**
 * Erases the personal data of requests that have been final for RETENTION_DAYS (THREATS 16), their
 * email replies with them, and email replies that never found a request once received that long ago.
 * Apps keep what they can read (status, outcome type, dates); support keeps the history's shape.
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
  await eraseOldUnmatchedReplies(deps, cutoff, now.toISOString(), limit);
  return erased;
}

/** Unmatched email replies received before the cutoff, one unit of PER_UNIT at a time. */
async function eraseOldUnmatchedReplies(deps: Pick<Deps, 'db' | 'atomic'>, cutoff: string, now: string, limit: number): Promise<void> {
  for (let done = 0; done < limit; done += PER_UNIT) {
    const erase = eraseUnmatchedReplies(deps.db, cutoff, now, Math.min(PER_UNIT, limit - done));
    const changes = await deps.atomic([erase]);
    if (changes.of(erase) < PER_UNIT) break;
  }
}
