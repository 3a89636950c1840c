import { findClientRequest } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { type ClientCancellationRequest, requestForClient } from './client-view.ts';

export interface ShownRequest {
  request: ClientCancellationRequest;
  /** Moves with every change an app can see (list polls page by it too): the poll's ETag is made of it. */
  changeSeq: number;
}

/** One of the client's own requests as the app sees it; another client's reads as absent (THREATS 10). */
export async function showRequestToClient(deps: Pick<Deps, 'db'>, clientId: string, id: string): Promise<ShownRequest | null> {
  const row = await findClientRequest(deps.db, clientId, id);
  return row ? { request: requestForClient(row), changeSeq: row.change_seq } : null;
}
