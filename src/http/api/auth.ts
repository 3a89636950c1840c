import type { Context } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { authenticateApiKey } from '../../clients/api-clients.ts';
import type { Deps } from '../../deps.ts';
import type { ErrorBody } from '../errors.ts';

/** The calling app, as routes know it: who it is, nothing of how it authenticated. */
export type ApiEnv = { Variables: { client: { id: string; name: string } } };

const unauthorized = (message: string): ErrorBody => ({ error: { code: 'unauthorized', message } });

/** `Authorization: Bearer <api key>`; the client it belongs to is on `c.var.client` from then on. */
export const apiKeyAuth = (deps: Pick<Deps, 'db'>) =>
  bearerAuth({
    verifyToken: async (key, c) => {
      const client = await authenticateApiKey(deps, key);
      if (client) (c as Context<ApiEnv>).set('client', { id: client.id, name: client.name });
      return client !== null;
    },
    noAuthenticationHeader: { message: unauthorized('Send your API key as Authorization: Bearer <key>') },
    // Hono answers a malformed header with 400; an app gets 401 for every kind of missing credential.
    invalidAuthenticationHeader: {
      message: (c) => c.json(unauthorized('The Authorization header must be Bearer <key>'), 401),
    },
    invalidToken: { message: unauthorized('Unknown API key') },
  });
