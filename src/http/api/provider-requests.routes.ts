import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { answerAsProvider, listRequestsForProvider, showRequestToProvider } from '../../requests/provider-requests.ts';
import { fieldErrors } from '../../validation.ts';
import { apiError, invalidFields, invalidRequest, NO_SUCH_REQUEST } from '../errors.ts';
import type { ProviderApiEnv } from './provider-auth.ts';
import { ProviderAnswerSchema, ProviderCancellationRequestSchema, ProviderRequestPageSchema, RecordedProviderAnswerSchema } from './provider-schemas.ts';
import { createRouter, errorResponse, errorResponses, idempotencyConflict, idempotencyKeyHeader, idempotentReplay, jsonBody, jsonResponse, routeOf } from './router.ts';

const providerRoute = routeOf('provider');
const byId = z.object({ id: z.string().min(1).max(64) });

const list = providerRoute({
  method: 'get',
  path: '/provider/cancellation-requests',
  operationId: 'listProviderCancellationRequests',
  summary: 'Your cancellation requests, oldest first, with the identifiers of each customer',
  request: {
    query: z.object({
      status: z.enum(['open', 'answered']).optional().openapi({ description: '`open`: waiting for your answer; `answered`; absent: all' }),
      cursor: z.string().max(300).optional().openapi({ description: 'A `nextCursor` we gave' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: { 200: jsonResponse('A page of requests', ProviderRequestPageSchema), ...errorResponses(400, 401) },
});

const show = providerRoute({
  method: 'get',
  path: '/provider/cancellation-requests/{id}',
  operationId: 'getProviderCancellationRequest',
  summary: 'One of your requests',
  request: { params: byId },
  responses: { 200: jsonResponse('The request', ProviderCancellationRequestSchema), ...errorResponses(400, 401, 404) },
});

const answer = providerRoute({
  method: 'post',
  path: '/provider/cancellation-requests/{id}/answers',
  operationId: 'answerProviderCancellationRequest',
  summary: 'Answer a request, as the form in the email does (a later answer corrects an earlier one)',
  request: {
    params: byId,
    headers: idempotencyKeyHeader('Same key and body: the same answer back, nothing recorded again. Same key, other body: 409.'),
    body: jsonBody(ProviderAnswerSchema),
  },
  responses: {
    201: jsonResponse('Recorded; the app is told', RecordedProviderAnswerSchema),
    ...errorResponses(400, 401, 404, 413, 415),
    409: errorResponse(
      ['idempotency_conflict', 'conflict'],
      'Idempotency-Key reused with a different body (`idempotency_conflict`), or the request takes no more answers: closed by support, or its answers at their limit (`conflict`)',
    ),
    422: errorResponse(['invalid_request'], 'The answer breaks a rule of the form (`invalid_request`): `fields` names each of outcome, date, message and note that does'),
  },
});

/** A bad answer is a 422 naming each field, as the form answers it; a bad path or header stays a 400. */
function answerHook(result: Parameters<typeof invalidFields>[0], c: Context) {
  if (result.success || result.target !== 'json') return invalidFields(result, c);
  return unprocessable(c, fieldErrors(result.error));
}

const unprocessable = (c: Context, fields: Record<string, string>) => apiError(c, 422, 'invalid_request', `Invalid ${Object.keys(fields).join(', ')}`, fields);

/** The provider API, under /api/v1/provider: a provider's own requests and nothing of any other's. */
export function providerRequestRoutes(deps: Deps) {
  return createRouter<ProviderApiEnv>()
    .openapi(list, async (c) => {
      const page = await listRequestsForProvider(deps, c.var.provider.id, c.req.valid('query'));
      if (!page) return invalidRequest(c, { 'query.cursor': 'is not a cursor this API gave you' });
      return c.json(page, 200);
    })
    .openapi(show, async (c) => {
      const request = await showRequestToProvider(deps, c.var.provider.id, c.req.valid('param').id);
      return request ? c.json(request, 200) : apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
    })
    .openapi(
      answer,
      async (c) => {
        const key = c.req.valid('header')['idempotency-key'] ?? null;
        const result = await answerAsProvider(deps, c.var.provider.id, c.req.valid('param').id, c.req.valid('json'), key);
        switch (result.kind) {
          case 'recorded':
            return c.json(result.answer, 201);
          case 'replayed':
            return idempotentReplay(c, result.answer);
          case 'invalid':
            return unprocessable(c, result.fields);
          case 'not_found':
            return apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
          case 'idempotency_conflict':
            return idempotencyConflict(c);
          case 'refused':
            return apiError(c, 409, 'conflict', 'This request takes no more answers');
        }
      },
      answerHook,
    );
}
