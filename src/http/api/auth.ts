import type { Context } from 'hono';
import { authenticateApiKey } from '../../clients/api-clients.ts';
import type { Deps } from '../../deps.ts';
import { jsonBearerAuth } from '../bearer.ts';

/** The calling app, as routes know it: who it is, nothing of how it authenticated. */
export type ApiEnv = { Variables: { client: { id: string; name: string } } };

/** How the API key is named in the 401s (the bench's status-poll floor with the layers answers the same). */
export const API_KEY_WORDS = { credential: 'your API key', placeholder: '<key>', refused: 'Unknown API key' };

/** `Authorization: Bearer <api key>`; the client it belongs to is on `c.var.client` from then on. */
export const apiKeyAuth = (deps: Pick<Deps, 'db'>) =>
  jsonBearerAuth({
    ...API_KEY_WORDS,
    verifyToken: async (key, c) => {
      const client = await authenticateApiKey(deps, key);
      if (client) (c as Context<ApiEnv>).set('client', { id: client.id, name: client.name });
      return client !== null;
    },
  });
