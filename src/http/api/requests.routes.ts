import { z } from '@hono/zod-openapi';
import type { Deps } from '../../deps.ts';
import { listChangedRequests, readCursor } from '../../requests/changes.ts';
import { createCancellationRequest } from '../../requests/create.ts';
import { showRequestToClient } from '../../requests/show.ts';
import { changeTag, taggedJson } from '../content-tag.ts';
import { apiError, invalidRequest, NO_SUCH_REQUEST } from '../errors.ts';
import type { ApiEnv } from './auth.ts';
import { createRouter, errorResponse, errorResponses, idempotencyConflict, idempotencyKeyHeader, idempotentReplay, jsonBody, jsonResponse, routeOf } from './router.ts';
import { CancellationRequestSchema, NewCancellationRequestSchema, RequestPageSchema } from './schemas.ts';

const appRoute = routeOf('app');

const create = appRoute({
  method: 'post',
  path: '/cancellation-requests',
  operationId: 'createCancellationRequest',
  summary: "Ask a provider to cancel a customer's subscription",
  request: {
    headers: idempotencyKeyHeader('Same key and body: the same request back, no second email. Same key, other body: 409.'),
    body: jsonBody(NewCancellationRequestSchema),
  },
  responses: {
    201: jsonResponse('Stored; the email to the provider is queued', CancellationRequestSchema),
    ...errorResponses(400, 401, 413, 415),
    409: errorResponse(['idempotency_conflict'], 'Idempotency-Key reused with a different body (`idempotency_conflict`)'),
  },
});

const show = appRoute({
  method: 'get',
  path: '/cancellation-requests/{id}',
  operationId: 'getCancellationRequest',
  summary: 'One request, with its outcome once the provider answered',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: jsonResponse('The request', CancellationRequestSchema),
    304: { description: 'Unchanged since the ETag given in If-None-Match' },
    ...errorResponses(400, 401, 404),
  },
});

const changes = appRoute({
  method: 'get',
  path: '/cancellation-requests',
  operationId: 'listChangedCancellationRequests',
  summary: "The client's requests changed since a time, oldest change first",
  request: {
    query: z
      .object({
        updatedSince: z
          .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be a date (YYYY-MM-DD) or a date and time such as 2026-12-01T10:00:00Z' })
          .optional()
          .openapi({ description: 'Where a poll starts: a date and time, or a date (midnight UTC). Not with `cursor`.', example: '2026-11-21T10:00:00Z' }),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(200).optional().openapi({ description: 'Where a poll continues: a `nextCursor` we gave. Not with `updatedSince`.' }),
      })
      // Both at once would ask two questions (since when, after which change); the app means one of them.
      .refine((query) => query.updatedSince === undefined || query.cursor === undefined, {
        path: ['cursor'],
        message: 'give cursor or updatedSince, not both: updatedSince starts a poll, cursor continues it',
      }),
  },
  responses: {
    200: jsonResponse('A page of requests', RequestPageSchema),
    ...errorResponses(400, 401),
  },
});

export function cancellationRequestRoutes(deps: Deps) {
  return createRouter<ApiEnv>()
    .openapi(create, async (c) => {
      const result = await createCancellationRequest(
        deps,
        c.var.client.id,
        c.req.valid('json'),
        c.req.valid('header')['idempotency-key'] ?? null,
      );
      switch (result.kind) {
        case 'created':
          return c.json(result.request, 201);
        case 'replayed':
          return idempotentReplay(c, result.request);
        case 'invalid':
          return invalidRequest(c, result.fields);
        case 'idempotency_conflict':
          return idempotencyConflict(c);
      }
    })
    .openapi(show, async (c) => {
      const shown = await showRequestToClient(deps, c.var.client.id, c.req.valid('param').id);
      if (!shown) return apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
      return taggedJson(c, shown.request, changeTag(deps.config, shown.changeSeq));
    })
    .openapi(changes, async (c) => {
      const { updatedSince, limit, cursor } = c.req.valid('query');
      const afterChange = cursor ? readCursor(deps, c.var.client.id, cursor) : undefined;
      if (afterChange === null) return invalidRequest(c, { 'query.cursor': 'is not a cursor this API gave you' });
      // A date alone reads as midnight UTC (ECMAScript's rule for a date-only ISO string).
      const since = updatedSince ? new Date(updatedSince).toISOString() : undefined;
      return c.json(await listChangedRequests(deps, c.var.client.id, { updatedSince: since, afterChange, limit }), 200);
    });
}
