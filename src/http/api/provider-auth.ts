import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { authenticateProviderKey } from '../../providers/provider-access.ts';
import { jsonBearerAuth } from '../bearer.ts';

/** The calling provider, as the provider API's routes know it. */
export type ProviderApiEnv = { Variables: { provider: { id: string } } };

/** `Authorization: Bearer <provider API key>`: a key of one provider, never an app's. */
export const providerKeyAuth = (deps: Pick<Deps, 'db'>) =>
  jsonBearerAuth({
    credential: 'your provider API key',
    placeholder: '<provider key>',
    refused: 'Unknown or revoked provider API key',
    verifyToken: async (key, c) => {
      const found = await authenticateProviderKey(deps, key);
      if (found) (c as Context<ProviderApiEnv>).set('provider', { id: found.providerId });
      return found !== null;
    },
  });
