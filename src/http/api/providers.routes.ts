import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { providerForClient } from '../../providers/client-view.ts';
import { providerById } from '../../requests/providers.ts';
import { apiError } from '../errors.ts';
import type { ApiEnv } from './auth.ts';
import { createRouter, errorResponses, jsonResponse, routeOf } from './router.ts';
import { ProviderSchema } from './schemas.ts';

const show = routeOf('app')({
  method: 'get',
  path: '/providers/{id}',
  operationId: 'getProvider',
  summary: 'Which identifiers a provider needs to find the customer',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: jsonResponse('The provider', ProviderSchema),
    ...errorResponses(400, 401, 404),
  },
});

export function providerRoutes(deps: Deps) {
  return createRouter<ApiEnv>().openapi(show, async (c) => {
    const provider = await providerById(deps, c.req.valid('param').id);
    if (!provider) return apiError(c, 404, 'not_found', 'No provider with this id');
    return c.json(providerForClient(provider), 200);
  });
}
