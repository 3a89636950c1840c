import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { receiveEmail } from '../../email-replies/receive.ts';
import { RECEIVED_EMAIL_LIMITS } from '../../email-replies/received-email.ts';
import { localOperator } from '../../operator/local-operator.ts';
import { createRouter, errorResponse, errorResponses, jsonBody, jsonResponse, routeOf } from '../api/router.ts';
import { jsonBearerAuth } from '../bearer.ts';
import { limitBody } from '../body-limit.ts';
import { apiError, invalidRequest, NO_SUCH_CLIENT, NO_SUCH_PROVIDER, NO_SUCH_PROVIDER_KEY, NO_SUCH_REQUEST } from '../errors.ts';
import { SupportRequestSchema } from '../support/schemas.ts';
import { statsRoute } from '../support/stats.routes.ts';
import { STATS_DAYS } from '../../stats/provider-stats.ts';
import {
  ApiClientChangeSchema,
  ChangedApiClientSchema,
  CreatedApiClientSchema,
  CreatedProviderKeySchema,
  CreatedSupportAccountSchema,
  DrainReportSchema,
  EmailReplySummarySchema,
  ImportedProvidersSchema,
  InboxLinkRequestSchema,
  InboxLinkSchema,
  InboxLinksRevokedSchema,
  LifecycleReportSchema,
  NewApiClientSchema,
  NewSupportAccountSchema,
  OutboxEmailSchema,
  ProviderConfigSchema,
  ProvidersFileSchema,
  ProviderWebhookChangeSchema,
  ProviderWebhookEndpointSchema,
  RevokedProviderKeySchema,
} from './schemas.ts';

/** A providers file for a whole catalogue is bigger than any app request. */
const ADMIN_BODY_LIMIT = 1024 * 1024;
/** A received email is taken up to the size the use case reads, attachments and all. */
const INBOUND_BODY_LIMIT = RECEIVED_EMAIL_LIMITS.maxRawBytes;
const RFC822 = 'message/rfc822';

const adminRoute = routeOf('admin');
const byId = z.object({ id: z.string() });

const listProviders = adminRoute({
  method: 'get',
  path: '/providers',
  operationId: 'listProviders',
  summary: 'Every provider as configured',
  responses: { 200: jsonResponse('The providers', z.array(ProviderConfigSchema)), ...errorResponses(401) },
});

const importProviders = adminRoute({
  method: 'post',
  path: '/providers',
  operationId: 'importProviders',
  summary: 'Create or update every provider in a providers file, or none (`canceldesk providers import`)',
  request: { body: jsonBody(ProvidersFileSchema) },
  responses: {
    200: jsonResponse('All imported', ImportedProvidersSchema),
    ...errorResponses(400, 401, 413, 415),
  },
});

const providerById = z.object({ id: z.string() });

const issueInboxLink = adminRoute({
  method: 'post',
  path: '/providers/{id}/inbox-links',
  operationId: 'issueInboxLink',
  summary: "A new link to the provider's inbox of open requests (`canceldesk providers inbox-link`)",
  request: { params: providerById, body: jsonBody(InboxLinkRequestSchema) },
  responses: {
    201: jsonResponse('The link; it works until `expiresAt` unless the provider\'s inbox links are revoked first', InboxLinkSchema),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const revokeInboxLinks = adminRoute({
  method: 'delete',
  path: '/providers/{id}/inbox-links',
  operationId: 'revokeInboxLinks',
  summary: "End every inbox link of the provider at once (`canceldesk providers inbox-link --revoke`)",
  request: { params: providerById },
  responses: { 200: jsonResponse('Revoked', InboxLinksRevokedSchema), ...errorResponses(401, 404) },
});

const createClient = adminRoute({
  method: 'post',
  path: '/clients',
  operationId: 'createApiClient',
  summary: 'A new app and its API key (`canceldesk clients create`)',
  request: { body: jsonBody(NewApiClientSchema) },
  responses: {
    201: jsonResponse('Created; the key and webhook secret are shown only here', CreatedApiClientSchema),
    ...errorResponses(400, 401, 413, 415),
  },
});

const updateClient = adminRoute({
  method: 'patch',
  path: '/clients/{id}',
  operationId: 'updateApiClient',
  summary: "Set, remove or re-secure an app's webhook endpoint (`canceldesk clients update`)",
  request: { params: byId, body: jsonBody(ApiClientChangeSchema) },
  responses: {
    200: jsonResponse('Changed', ChangedApiClientSchema),
    ...errorResponses(400, 401, 404, 413, 415),
  },
});

const createProviderKey = adminRoute({
  method: 'post',
  path: '/providers/{id}/keys',
  operationId: 'createProviderKey',
  summary: 'A new API key for one provider (`canceldesk providers keys create`)',
  request: { params: byId },
  responses: { 201: jsonResponse('Created; the key is shown only here', CreatedProviderKeySchema), ...errorResponses(401, 404, 413) },
});

const revokeProviderKey = adminRoute({
  method: 'post',
  path: '/provider-keys/{id}/revoke',
  operationId: 'revokeProviderKey',
  summary: 'End a provider API key at once (`canceldesk providers keys revoke`)',
  request: { params: byId },
  responses: { 200: jsonResponse('Revoked (again: unchanged)', RevokedProviderKeySchema), ...errorResponses(401, 404, 413) },
});

const setProviderWebhook = adminRoute({
  method: 'put',
  path: '/providers/{id}/webhook',
  operationId: 'setProviderWebhook',
  summary: "Set (with a new secret) or remove a provider's webhook endpoint (`canceldesk providers webhook`)",
  request: { params: byId, body: jsonBody(ProviderWebhookChangeSchema) },
  responses: { 200: jsonResponse('Changed', ProviderWebhookEndpointSchema), ...errorResponses(400, 401, 404, 413, 415) },
});

const createSupportAccount = adminRoute({
  method: 'post',
  path: '/support-accounts',
  operationId: 'createSupportAccount',
  summary: 'A support account with a one-time password (`canceldesk support create`)',
  request: { body: jsonBody(NewSupportAccountSchema) },
  responses: {
    201: jsonResponse('Created; the password is shown only here', CreatedSupportAccountSchema),
    ...errorResponses(400, 401, 413, 415),
  },
});

const runLifecycle = adminRoute({
  method: 'post',
  path: '/lifecycle/run',
  operationId: 'runLifecycle',
  summary: 'The scheduled work now: reminders, expiry, retention, then queued mail and webhooks (the cron does it every minute)',
  responses: { 200: jsonResponse('What the run did', LifecycleReportSchema), ...errorResponses(401, 413) },
});

const showRequest = adminRoute({
  method: 'get',
  path: '/requests/{id}',
  operationId: 'getRequestAsOperator',
  summary: 'One request in full, by id or CD-… reference, recorded as an `operator` read of its free text (`canceldesk requests show`)',
  request: { params: byId },
  responses: { 200: jsonResponse('The request', SupportRequestSchema), ...errorResponses(401, 404) },
});

const listOutbox = adminRoute({
  method: 'get',
  path: '/outbox',
  operationId: 'listOutbox',
  summary: 'The outbox, rendered emails included (not in production: they hold live reply links)',
  request: {
    query: z.object({
      to: z.string().optional().openapi({ description: 'Only emails to this address' }),
      request: z.string().optional().openapi({ description: 'Only emails of this request id' }),
    }),
  },
  responses: { 200: jsonResponse('The emails', z.array(OutboxEmailSchema)), ...errorResponses(400, 401) },
});

const drainOutbox = adminRoute({
  method: 'post',
  path: '/outbox/drain',
  operationId: 'drainOutbox',
  summary: 'Send what is due in the outbox now (not in production)',
  responses: { 200: jsonResponse('What the run did', DrainReportSchema), ...errorResponses(401, 413) },
});

const receiveInbound = adminRoute({
  method: 'post',
  path: '/inbound',
  operationId: 'receiveInboundEmail',
  summary: 'Store one received email as an email reply, matched to its request when it can be (`canceldesk inbound receive`)',
  request: {
    body: { required: true, content: { [RFC822]: { schema: z.string().openapi({ format: 'binary', description: 'The raw message (RFC 822), as received' }) } } },
  },
  responses: {
    201: jsonResponse('Stored', EmailReplySummarySchema),
    200: jsonResponse('The same message was received before: what became of it then', EmailReplySummarySchema),
    400: errorResponse(['invalid_request'], 'An empty message (`invalid_request`, `fields.body`)'),
    ...errorResponses(401),
    413: errorResponse(['payload_too_large'], `A message over ${INBOUND_BODY_LIMIT} bytes (\`payload_too_large\`), refused before more is read`),
    415: errorResponse(['unsupported_media_type'], `A body that is not ${RFC822} (\`unsupported_media_type\`)`),
  },
});

/**
 * The operator's API, mounted at `/api/v1/admin`: what the CLI does next to the database, for a
 * deployment that has no Node process beside it (Workers + D1). `Authorization: Bearer $ADMIN_TOKEN`;
 * without ADMIN_TOKEN configured it does not exist. The answers are the CLI's `--json` documents.
 */
export function adminRoutes(deps: Deps) {
  const router = createRouter();
  const token = deps.config.adminToken;
  if (!token) return router;

  const operator = localOperator(deps);
  const bodyLimits = {
    admin: bodyLimit(ADMIN_BODY_LIMIT, `The body must be at most ${ADMIN_BODY_LIMIT} bytes`),
    // Worded as the use case refuses a message it is handed whole (the CLI beside the database says the same).
    inbound: bodyLimit(INBOUND_BODY_LIMIT, `The message is larger than ${INBOUND_BODY_LIMIT} bytes.`),
  };
  router.use(
    '*',
    (c, next) => (c.req.path.endsWith('/admin/inbound') ? bodyLimits.inbound : bodyLimits.admin)(c, next),
    jsonBearerAuth({ credential: 'the admin token', placeholder: '<ADMIN_TOKEN>', refused: 'Wrong admin token', token }),
  );

  router
    .openapi(listProviders, async (c) => c.json(await operator.listProviders(), 200))
    .openapi(importProviders, async (c) => {
      const result = await operator.importProviders(c.req.valid('json'));
      return result.kind === 'done' ? c.json({ imported: result.imported }, 200) : invalidRequest(c, result.fields);
    })
    .openapi(issueInboxLink, async (c) => {
      const result = await operator.issueInboxLink(c.req.valid('param').id, { days: c.req.valid('json').days });
      if (!result) return apiError(c, 404, 'not_found', NO_SUCH_PROVIDER);
      return result.kind === 'done' ? c.json({ url: result.url, expiresAt: result.expiresAt }, 201) : invalidRequest(c, result.fields);
    })
    .openapi(revokeInboxLinks, async (c) => {
      if (!(await operator.revokeInboxLinks(c.req.valid('param').id))) return apiError(c, 404, 'not_found', NO_SUCH_PROVIDER);
      return c.json({ revoked: true as const }, 200);
    })
    .openapi(createClient, async (c) => {
      const { name, webhookUrl } = c.req.valid('json');
      const result = await operator.createClient({ name, webhookUrl: webhookUrl ?? undefined });
      return result.kind === 'done' ? c.json(result.client, 201) : invalidRequest(c, result.fields);
    })
    .openapi(updateClient, async (c) => {
      const result = await operator.updateClient(c.req.valid('param').id, c.req.valid('json'));
      if (!result) return apiError(c, 404, 'not_found', NO_SUCH_CLIENT);
      return result.kind === 'done' ? c.json(result.client, 200) : invalidRequest(c, result.fields);
    })
    .openapi(createProviderKey, async (c) => {
      const key = await operator.createProviderKey(c.req.valid('param').id);
      return key ? c.json(key, 201) : apiError(c, 404, 'not_found', NO_SUCH_PROVIDER);
    })
    .openapi(revokeProviderKey, async (c) => {
      const key = await operator.revokeProviderKey(c.req.valid('param').id);
      return key ? c.json(key, 200) : apiError(c, 404, 'not_found', NO_SUCH_PROVIDER_KEY);
    })
    .openapi(setProviderWebhook, async (c) => {
      const result = await operator.setProviderWebhook(c.req.valid('param').id, c.req.valid('json').webhookUrl);
      if (!result) return apiError(c, 404, 'not_found', NO_SUCH_PROVIDER);
      return result.kind === 'done' ? c.json(result.endpoint, 200) : invalidRequest(c, result.fields);
    })
    .openapi(createSupportAccount, async (c) => {
      const result = await operator.createSupportAccount(c.req.valid('json'));
      return result.kind === 'done' ? c.json(result.account, 201) : invalidRequest(c, result.fields);
    })
    // The scheduler's work on demand (the cron does the same every minute).
    .openapi(runLifecycle, async (c) => c.json(await operator.runLifecycle(), 200))
    .openapi(showRequest, async (c) => {
      const request = await operator.showRequest(c.req.valid('param').id);
      return request ? c.json(request, 200) : apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
    })
    .openapi(statsRoute('admin', 'getProviderStats'), async (c) => {
      const query = c.req.valid('query');
      const result = await operator.providerStats({ days: query.days ?? STATS_DAYS.default, provider: query.provider });
      return result.kind === 'report' ? c.json(result.report, 200) : invalidRequest(c, result.fields);
    })
    .openapi(receiveInbound, async (c) => {
      // No schema reads raw bytes, so @hono/zod-openapi checks no media type here: another one is a 415 all the same.
      const mediaType = (c.req.header('content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
      if (mediaType !== RFC822) return apiError(c, 415, 'unsupported_media_type', `Send the message as ${RFC822}`);
      const result = await receiveEmail(deps, { raw: new Uint8Array(await c.req.arrayBuffer()), source: 'admin_api' });
      if (result.kind === 'refused') {
        return result.reason === 'too_large'
          ? apiError(c, 413, 'payload_too_large', result.message)
          : apiError(c, 400, 'invalid_request', result.message, { body: result.message });
      }
      return c.json(result.reply, result.kind === 'stored' ? 201 : 200);
    });
  // Rendered emails carry live reply links: like /dev/outbox, only outside production.
  if (deps.config.environment !== 'production') {
    router
      .openapi(listOutbox, async (c) => {
        const { to, request } = c.req.valid('query');
        return c.json(await operator.listOutbox({ to, requestId: request }), 200);
      })
      .openapi(drainOutbox, async (c) => c.json(await operator.drainOutbox(), 200));
  }
  return router;
}

/** The body limit of an admin route: a declared Content-Length over it is a 413 before anything is read. */
const bodyLimit = (maxSize: number, message: string) => limitBody({ maxSize, onError: (c) => apiError(c, 413, 'payload_too_large', message) });
