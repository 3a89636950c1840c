import { latestClientChangeSeq, listClientRequestsByChange } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { type ClientCancellationRequest, requestForClient } from './client-view.ts';
import { clientPositions } from './client-positions.ts';

export interface ChangesPage {
  data: ClientCancellationRequest[];
  /** Where the next poll continues; given even on an empty or last page, so polling never re-reads old rows. */
  nextCursor: string;
  hasMore: boolean;
}

/** The change number a cursor stands for, or null when it is not one this client was given. */
export const readCursor = (deps: Pick<Deps, 'config'>, clientId: string, cursor: string): number | null =>
  clientPositions(deps.config.tokenKeys).changeOf(clientId, cursor);

/** A client's requests changed since a time (or after a cursor), oldest change first. */
export async function listChangedRequests(
  deps: Pick<Deps, 'db' | 'config'>,
  clientId: string,
  query: { updatedSince?: string; afterChange?: number; limit: number },
): Promise<ChangesPage> {
  // The client's own latest change, read before the list: anything committed after it has a higher
  // number, so a poll that found nothing continues from here without skipping a row that commits in
  // between. Its own, not the platform's: where an app stands must not move with other apps' requests.
  const latest = query.afterChange ?? (await latestClientChangeSeq(deps.db, clientId));
  const rows = await listClientRequestsByChange(
    deps.db,
    clientId,
    { since: query.updatedSince, afterChange: query.afterChange },
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(requestForClient),
    nextCursor: clientPositions(deps.config.tokenKeys).cursor(clientId, last ? last.change_seq : latest),
    hasMore: rows.length > query.limit,
  };
}
