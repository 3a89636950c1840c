import { base64url } from 'jose';
import { z } from 'zod';
import { type ChangePosition, listClientRequestsByChange } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { type AppCancellationRequest, requestForApp } from './app-view.ts';

export interface ChangesPage {
  data: AppCancellationRequest[];
  /** Where the next poll continues; kept even on the last page, so polling never re-reads old rows. */
  nextCursor: string | null;
  hasMore: boolean;
}

/** A client's requests changed since a time (or after a cursor), oldest change first. */
export async function listChangedRequests(
  deps: Pick<Deps, 'db'>,
  clientId: string,
  query: { updatedSince?: string; after?: ChangePosition; limit: number },
): Promise<ChangesPage> {
  const rows = await listClientRequestsByChange(
    deps.db,
    clientId,
    { since: query.updatedSince, after: query.after },
    query.limit + 1,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: page.map(requestForApp),
    nextCursor: last ? encodeCursor({ updatedAt: last.updated_at, id: last.id }) : query.after ? encodeCursor(query.after) : null,
    hasMore: rows.length > query.limit,
  };
}

const cursorShape = z.tuple([z.iso.datetime(), z.string().min(1).max(64)]);

export const encodeCursor = (position: ChangePosition): string =>
  base64url.encode(JSON.stringify([position.updatedAt, position.id]));

/** An opaque cursor back into a position, or null when it is not one we issued. */
export function decodeCursor(cursor: string): ChangePosition | null {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(new TextDecoder().decode(base64url.decode(cursor))));
    return parsed.success ? { updatedAt: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}
