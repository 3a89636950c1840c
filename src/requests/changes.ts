import { z } from 'zod';
import { latestChangeSeq, listClientRequestsByChange } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { type AppCancellationRequest, requestForApp } from './app-view.ts';
import { opaqueCursor } from './cursor.ts';

export interface ChangesPage {
  data: AppCancellationRequest[];
  /** Where the next poll continues; given even on an empty or last page, so polling never re-reads old rows. */
  nextCursor: string;
  hasMore: boolean;
}

/** A client's requests changed since a time (or after a cursor), oldest change first. */
export async function listChangedRequests(
  deps: Pick<Deps, 'db'>,
  clientId: string,
  query: { updatedSince?: string; afterChange?: number; limit: number },
): Promise<ChangesPage> {
  // Read before the list: anything committed after this point has a higher number, so a poll that
  // found nothing can hand out a cursor here without skipping a row that commits in between.
  const latest = query.afterChange ?? (await latestChangeSeq(deps.db));
  const rows = await listClientRequestsByChange(
    deps.db,
    clientId,
    { since: query.updatedSince, afterChange: query.afterChange },
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(requestForApp),
    nextCursor: encodeCursor(last ? last.change_seq : latest),
    hasMore: rows.length > query.limit,
  };
}

// Version 1 is a change number; a later version may be anything else.
const changeCursor = opaqueCursor(z.tuple([z.literal(1), z.number().int().nonnegative()]));

export const encodeCursor = (changeSeq: number): string => changeCursor.encode([1, changeSeq]);

/** The change number a cursor stands for, or null when it is not one we issued. */
export const decodeCursor = (cursor: string): number | null => changeCursor.decode(cursor)?.[1] ?? null;
