import type { Context } from 'hono';
import { authenticateApiKey } from '../../clients/api-clients.ts';
import type { Deps } from '../../deps.ts';
import { jsonBearerAuth } from '../bearer.ts';

/** The calling app, as routes know it: who it is, nothing of how it authenticated. */
export type ApiEnv = { Variables: { client: { id: string; name: string } } };

/** `Authorization: Bearer <api key>`; the client it belongs to is on `c.var.client` from then on. */
export const apiKeyAuth = (deps: Pick<Deps, 'db'>) =>
  jsonBearerAuth({
    credential: 'your API key',
    placeholder: '<key>',
    refused: 'Unknown API key',
    verifyToken: async (key, c) => {
      const client = await authenticateApiKey(deps, key);
      if (client) (c as Context<ApiEnv>).set('client', { id: client.id, name: client.name });
      return client !== null;
    },
  });
