import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { answerOnBehalf, closeForAnswers, reissueLink, resendEmail, type SupportActionResult } from '../../support/request-actions.ts';
import { supportActorName } from '../../requests/record-answer.ts';
import { listForSupport, openRequestForSupport } from '../../support/request-view.ts';
import { createRouter, errorResponse, errorResponses, jsonBody, jsonResponse, routeOf } from '../api/router.ts';
import { apiError, invalidRequest, NO_SUCH_REQUEST } from '../errors.ts';
import { supportListQuery, toSupportFilter } from './filters.ts';
import { SupportActionDoneSchema, SupportAnswerSchema, SupportRequestPageSchema, SupportRequestSchema } from './schemas.ts';
import { type SupportEnv, supportBearerAuth } from './session.ts';

const supportRoute = routeOf('support');
const requestId = z.object({ id: z.string() });

const list = supportRoute({
  method: 'get',
  path: '/requests',
  operationId: 'listSupportRequests',
  summary: 'Requests newest first, filtered (or searched by reference or identifier value) and paged',
  request: { query: supportListQuery },
  responses: {
    200: jsonResponse('A page of requests (no free text)', SupportRequestPageSchema),
    ...errorResponses(400, 401),
  },
});

const show = supportRoute({
  method: 'get',
  path: '/requests/{id}',
  operationId: 'getSupportRequest',
  summary: 'One request in full, by id or CD-… reference: identifiers, answers with their free text, emails, history',
  request: { params: requestId },
  responses: {
    200: jsonResponse('The request; a read of its free text is now in its history', SupportRequestSchema),
    ...errorResponses(401, 404),
  },
});

/** The actions answer the same way: done, no such request, refused in this state, or invalid input. */
const action = (config: { path: `/requests/{id}/${string}`; operationId: string; summary: string }) =>
  supportRoute({
    method: 'post',
    ...config,
    request: { params: requestId },
    responses: {
      200: jsonResponse('Done', SupportActionDoneSchema),
      ...errorResponses(400, 401, 404, 413),
      409: errorResponse(['conflict'], 'Not possible in the state the request is in (`conflict`)'),
    },
  });

const resend = action({ path: '/requests/{id}/resend', operationId: 'resendSupportRequestEmail', summary: 'Send the email again, same link' });
const reissue = action({
  path: '/requests/{id}/reissue-link',
  operationId: 'reissueSupportRequestLink',
  summary: 'A new email with a new link; every older link stops working',
});
const close = action({ path: '/requests/{id}/close', operationId: 'closeSupportRequest', summary: 'Take no more answers for this request' });

const answer = supportRoute({
  method: 'post',
  path: '/requests/{id}/answers',
  operationId: 'answerSupportRequest',
  summary: "Record an outcome on the provider's behalf (same checks; marked as entered by support)",
  request: { params: requestId, body: jsonBody(SupportAnswerSchema) },
  responses: {
    200: jsonResponse('Recorded', SupportActionDoneSchema),
    ...errorResponses(400, 401, 404, 413, 415),
    409: errorResponse(['conflict'], 'Not possible in the state the request is in (`conflict`)'),
  },
});

/**
 * The support JSON API, mounted at `/api/v1/support` behind `supportBearerAuth`: the console's data
 * and actions for support tooling. Free text is here, so every read of one is written to the history.
 */
export function supportRequestApiRoutes(deps: Deps) {
  const actor = (c: Context<SupportEnv>) => ({ accountId: c.var.supporter.id });
  const signedIn = supportBearerAuth(deps);
  const router = createRouter<SupportEnv>();
  router.use('/requests', signedIn);
  router.use('/requests/*', signedIn);
  return router
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const listed = await listForSupport(deps, toSupportFilter(query, deps.clock.now()), query.cursor, query.limit ?? 50);
      if (listed.kind === 'invalid_cursor') return invalidRequest(c, { 'query.cursor': 'is not a cursor from this API' });
      return c.json(listed.page, 200);
    })
    .openapi(show, async (c) => {
      const request = await openRequestForSupport(deps, c.req.valid('param').id, supportActorName(actor(c)));
      return request ? c.json(request, 200) : apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
    })
    .openapi(resend, async (c) => actionResponse(c, await resendEmail(deps, c.req.valid('param').id, actor(c))))
    .openapi(reissue, async (c) => actionResponse(c, await reissueLink(deps, c.req.valid('param').id, actor(c))))
    .openapi(close, async (c) => actionResponse(c, await closeForAnswers(deps, c.req.valid('param').id, actor(c))))
    .openapi(answer, async (c) => {
      const { outcome, date, message, note } = c.req.valid('json');
      const result = await answerOnBehalf(deps, c.req.valid('param').id, { outcome, dates: date ? [date] : [], message, note }, actor(c));
      return actionResponse(c, result);
    });
}

/** A support action's result as the API answers it; `notFound` words the 404 for what the action was on. */
export function actionResponse(c: Context, result: SupportActionResult, notFound = NO_SUCH_REQUEST) {
  switch (result.kind) {
    case 'done':
      return c.json({ ok: true }, 200);
    case 'not_found':
      return apiError(c, 404, 'not_found', notFound);
    case 'refused':
      return apiError(c, 409, 'conflict', `Not possible: ${result.reason}`);
    case 'invalid':
      return invalidRequest(c, result.fields);
  }
}
