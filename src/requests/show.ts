import { findClientRequest } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { type AppCancellationRequest, requestForApp } from './app-view.ts';

export interface ShownRequest {
  request: AppCancellationRequest;
  /** Moves with every change an app can see (list polls page by it too): the poll's ETag is made of it. */
  changeSeq: number;
}

/** One of the client's own requests as the app sees it; another client's reads as absent (THREATS 10). */
export async function showRequestToApp(deps: Pick<Deps, 'db'>, clientId: string, id: string): Promise<ShownRequest | null> {
  const row = await findClientRequest(deps.db, clientId, id);
  return row ? { request: requestForApp(row), changeSeq: row.change_seq } : null;
}
