import { OpenAPIHono } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { limitBody } from '../body-limit.ts';
import { apiError, invalidFields } from '../errors.ts';
import { type ApiEnv, apiKeyAuth } from './auth.ts';
import { adminRoutes } from '../admin/admin.routes.ts';
import { supportRequestApiRoutes } from '../support/requests.routes.ts';
import { supportSessionApiRoutes } from '../support/sessions.routes.ts';
import { providerRoutes } from './providers.routes.ts';
import { cancellationRequestRoutes } from './requests.routes.ts';

/** No legitimate request comes near this; a bigger body is refused before it is read whole. */
export const API_BODY_LIMIT = 64 * 1024;

/** The app-facing JSON API, mounted at /api/v1. */
export function apiRoutes(deps: Deps) {
  const api = new OpenAPIHono<ApiEnv>({ defaultHook: invalidFields });
  api.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key from `canceldesk clients create`',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Canceldesk API',
      version: '1',
      description: "Ask providers to cancel customers' subscriptions and follow the outcome.",
    },
  });

  const limitApiBody = limitBody<ApiEnv>({
    maxSize: API_BODY_LIMIT,
    onError: (c) => apiError(c, 413, 'payload_too_large', `The body must be at most ${API_BODY_LIMIT} bytes`),
  });
  for (const path of ['/cancellation-requests', '/cancellation-requests/*', '/providers/*']) {
    api.use(path, limitApiBody, apiKeyAuth(deps));
  }
  api.route('/', cancellationRequestRoutes(deps));
  api.route('/', providerRoutes(deps));
  // Support tooling: its own sessions, never an app's key (the free text lives here).
  api.use('/support/*', limitApiBody);
  api.route('/support', supportSessionApiRoutes(deps));
  api.route('/support', supportRequestApiRoutes(deps));
  api.route('/admin', adminRoutes(deps));
  api.notFound((c) => apiError(c, 404, 'not_found', 'No such endpoint'));
  return api;
}
