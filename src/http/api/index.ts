import type { Deps } from '../../deps.ts';
import { adminRoutes } from '../admin/admin.routes.ts';
import { limitBody } from '../body-limit.ts';
import { docsRoutes } from '../docs/docs.routes.ts';
import { apiError } from '../errors.ts';
import { supportEmailReplyApiRoutes } from '../support/email-replies.routes.ts';
import { supportRequestApiRoutes } from '../support/requests.routes.ts';
import { supportSessionApiRoutes } from '../support/sessions.routes.ts';
import { supportStatsApiRoutes } from '../support/stats.routes.ts';
import { type ApiEnv, apiKeyAuth } from './auth.ts';
import { providerKeyAuth } from './provider-auth.ts';
import { providerRequestRoutes } from './provider-requests.routes.ts';
import { providerRoutes } from './providers.routes.ts';
import { cancellationRequestRoutes } from './requests.routes.ts';
import { createRouter, SECURITY_SCHEMES, SURFACE_TAGS } from './router.ts';
import { registerWebhooks } from './webhooks.doc.ts';

/** No legitimate request comes near this; a bigger body is refused before it is read whole. */
export const API_BODY_LIMIT = 64 * 1024;

/**
 * As package.json says: not licensed for use outside the project; in SPDX's form for a licence of our
 * own, as OpenAPI 3.1 asks for an identifier or a URL (a constant: @hono/zod-openapi types `license` as 3.0's).
 */
const LICENSE = { name: 'UNLICENSED', identifier: 'LicenseRef-Proprietary' };

/** The JSON API, mounted at /api/v1: the apps', support's and the operator's, described by one OpenAPI document. */
export function apiRoutes(deps: Deps) {
  const api = createRouter<ApiEnv>();
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES)) api.openAPIRegistry.registerComponent('securitySchemes', name, scheme);
  registerWebhooks(api.openAPIRegistry);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Canceldesk API',
      version: '1',
      description: "Ask providers to cancel customers' subscriptions and follow the outcome; support's and the operator's tools.",
      license: LICENSE,
    },
    // Paths are relative to it, so a generated client calls /api/v1/cancellation-requests.
    servers: [{ url: '/api/v1' }],
    tags: SURFACE_TAGS,
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
  // Providers: their own keys, never an app's (and an app never reaches these with its key).
  api.use('/provider/*', limitApiBody, providerKeyAuth(deps));
  api.route('/', providerRequestRoutes(deps));
  // Support tooling: its own sessions, never an app's key (the free text lives here).
  api.use('/support/*', limitApiBody);
  api.route('/support', supportSessionApiRoutes(deps));
  api.route('/support', supportRequestApiRoutes(deps));
  api.route('/support', supportEmailReplyApiRoutes(deps));
  api.route('/support', supportStatsApiRoutes(deps));
  api.route('/admin', adminRoutes(deps));
  api.route('/docs', docsRoutes(deps.referenceBundle));
  return api;
}
