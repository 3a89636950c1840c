import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { providerForApp } from '../../providers/app-view.ts';
import { providerById } from '../../requests/providers.ts';
import { apiError, invalidFields } from '../errors.ts';
import type { ApiEnv } from './auth.ts';
import { errorResponses, ProviderSchema } from './schemas.ts';

const show = createRoute({
  method: 'get',
  path: '/providers/{id}',
  summary: 'Which identifiers a provider needs to find the customer',
  security: [{ apiKey: [] }],
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'The provider', content: { 'application/json': { schema: ProviderSchema } } },
    ...errorResponses(401, 404),
  },
});

export function providerRoutes(deps: Deps) {
  return new OpenAPIHono<ApiEnv>({ defaultHook: invalidFields }).openapi(show, async (c) => {
    const provider = await providerById(deps, c.req.valid('param').id);
    if (!provider) return apiError(c, 404, 'not_found', 'No provider with this id');
    return c.json(providerForApp(provider), 200);
  });
}
