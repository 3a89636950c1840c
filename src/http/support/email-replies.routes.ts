import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../../deps.ts';
import { supportActorName } from '../../requests/record-answer.ts';
import { acceptSuggestion, assignToRequest, type EmailReplyActor, markHandled, recordFromEmailReply } from '../../support/email-replies.ts';
import { listEmailRepliesForSupport, openEmailReplyForSupport } from '../../support/email-reply-view.ts';
import { createRouter, errorResponse, errorResponses, jsonBody, jsonResponse, routeOf } from '../api/router.ts';
import { apiError } from '../errors.ts';
import { actionResponse } from './requests.routes.ts';
import { EmailReplyAssignSchema, EmailReplyPageSchema, EmailReplySchema, emailReplyListQuery } from './email-reply-schemas.ts';
import { SupportActionDoneSchema, SupportAnswerSchema } from './schemas.ts';
import { type SupportEnv, supportBearerAuth } from './session.ts';

const supportRoute = routeOf('support');
const replyId = z.object({ id: z.string().max(100) });
const NO_SUCH_REPLY = 'No such email reply';
const CONFLICT = errorResponse(['conflict'], 'Already handled, changed meanwhile by another supporter, or not possible for its request (`conflict`)');

const list = supportRoute({
  method: 'get',
  path: '/email-replies',
  operationId: 'listSupportEmailReplies',
  summary: 'Email replies to triage, newest first (auto-replies folded away: counted, listed on request)',
  request: { query: emailReplyListQuery },
  responses: { 200: jsonResponse('Replies with their text; the read is now in each matched request’s history', EmailReplyPageSchema), ...errorResponses(400, 401) },
});

const show = supportRoute({
  method: 'get',
  path: '/email-replies/{id}',
  operationId: 'getSupportEmailReply',
  summary: 'One email reply in full',
  request: { params: replyId },
  responses: { 200: jsonResponse('The reply', EmailReplySchema), ...errorResponses(401, 404) },
});

const ACTION_RESPONSES = { 200: jsonResponse('Done', SupportActionDoneSchema), ...errorResponses(400, 401, 404, 413), 409: CONFLICT };
const WITH_BODY = { ...ACTION_RESPONSES, ...errorResponses(415) };

const action = (config: { path: `/email-replies/{id}/${string}`; operationId: string; summary: string }) =>
  supportRoute({ method: 'post', ...config, request: { params: replyId }, responses: ACTION_RESPONSES });

const accept = action({
  path: '/email-replies/{id}/accept',
  operationId: 'acceptSupportEmailReplySuggestion',
  summary: "Record the reply's suggested outcome on the provider's behalf (same checks as the form; only while the request waits for its first answer)",
});
const handled = action({ path: '/email-replies/{id}/handled', operationId: 'markSupportEmailReplyHandled', summary: 'Settle the reply without recording an outcome' });

const record = supportRoute({
  method: 'post',
  path: '/email-replies/{id}/record',
  operationId: 'recordSupportEmailReplyOutcome',
  summary: 'Record the outcome support read in the reply (same body and checks as …/requests/{id}/answers) and settle it',
  request: { params: replyId, body: jsonBody(SupportAnswerSchema) },
  responses: WITH_BODY,
});

const assign = supportRoute({
  method: 'post',
  path: '/email-replies/{id}/assign',
  operationId: 'assignSupportEmailReply',
  summary: 'Match an unmatched reply to a request, by id or `CD-…` reference',
  request: { params: replyId, body: jsonBody(EmailReplyAssignSchema) },
  responses: WITH_BODY,
});

/** Support's triage of email replies as JSON, mounted at `/api/v1/support` behind `supportBearerAuth`. */
export function supportEmailReplyApiRoutes(deps: Deps) {
  const actor = (c: Context<SupportEnv>): EmailReplyActor => ({ accountId: c.var.supporter.id, email: c.var.supporter.email });
  const signedIn = supportBearerAuth(deps);
  const router = createRouter<SupportEnv>();
  router.use('/email-replies', signedIn);
  router.use('/email-replies/*', signedIn);
  return router
    .openapi(list, async (c) => {
      const query = c.req.valid('query');
      const filter = { state: query.state ?? 'open', matched: query.matched, autoReplies: query.autoReplies, limit: query.limit ?? 50 };
      return c.json(await listEmailRepliesForSupport(deps, filter, supportActorName(actor(c))), 200);
    })
    .openapi(show, async (c) => {
      const reply = await openEmailReplyForSupport(deps, c.req.valid('param').id, supportActorName(actor(c)));
      return reply ? c.json(reply, 200) : apiError(c, 404, 'not_found', NO_SUCH_REPLY);
    })
    .openapi(accept, async (c) => actionResponse(c, await acceptSuggestion(deps, c.req.valid('param').id, actor(c)), NO_SUCH_REPLY))
    .openapi(record, async (c) => {
      const { outcome, date, message, note } = c.req.valid('json');
      return actionResponse(c, await recordFromEmailReply(deps, c.req.valid('param').id, { outcome, dates: date ? [date] : [], message, note }, actor(c)), NO_SUCH_REPLY);
    })
    .openapi(assign, async (c) => actionResponse(c, await assignToRequest(deps, c.req.valid('param').id, c.req.valid('json').requestId, actor(c)), NO_SUCH_REPLY))
    .openapi(handled, async (c) => actionResponse(c, await markHandled(deps, c.req.valid('param').id, actor(c)), NO_SUCH_REPLY));
}
