import { findClientRequest } from '../db/requests.ts';
import type { Deps } from '../deps.ts';
import { type AppCancellationRequest, requestForApp } from './app-view.ts';

/** One of the client's own requests as the app sees it; another client's reads as absent (THREATS 10). */
export async function showRequestToApp(deps: Pick<Deps, 'db'>, clientId: string, id: string): Promise<AppCancellationRequest | null> {
  const row = await findClientRequest(deps.db, clientId, id);
  return row ? requestForApp(row) : null;
}
