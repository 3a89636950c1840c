import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { OUTCOMES } from '../../outcome.ts';
import { answerOnBehalf, closeForAnswers, reissueLink, resendEmail, type SupportActionResult } from '../../requests/support-actions.ts';
import { supportActorName } from '../../requests/record-answer.ts';
import { listForSupport, openRequestForSupport } from '../../requests/support-view.ts';
import { apiError, invalidFields, invalidRequest, NO_SUCH_REQUEST } from '../errors.ts';
import { jsonBodyOnly } from '../json-body.ts';
import { supportListQuery, toSupportFilter } from './filters.ts';
import { type SupportEnv, supportBearerAuth } from './session.ts';

const answerBody = z.strictObject({
  outcome: z.enum(OUTCOMES),
  date: z.string().max(20).optional(),
  message: z.string().max(10_000).optional(),
  note: z.string().max(10_000).optional(),
});

/**
 * The support JSON API, mounted at `/api/v1/support` behind `supportBearerAuth`: the console's data
 * and actions for support tooling. Free text is here, so every read of one is written to the history.
 */
export function supportRequestApiRoutes(deps: Deps) {
  const actor = (c: Context<SupportEnv>) => ({ accountId: c.var.supporter.id });
  const signedIn = supportBearerAuth(deps);
  return new Hono<SupportEnv>()
    .use('/requests', signedIn)
    .use('/requests/*', signedIn)
    .get('/requests', zValidator('query', supportListQuery, invalidFields), async (c) => {
      const query = c.req.valid('query');
      const page = await listForSupport(deps, toSupportFilter(query, deps.clock.now()), query.cursor, query.limit ?? 50);
      if ('invalidCursor' in page) return invalidRequest(c, { 'query.cursor': 'is not a cursor from this API' });
      return c.json(page);
    })
    .get('/requests/:id', async (c) => {
      const request = await openRequestForSupport(deps, c.req.param('id'), supportActorName(actor(c)));
      return request ? c.json(request) : apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
    })
    .post('/requests/:id/resend', async (c) => actionResponse(c, await resendEmail(deps, c.req.param('id'), actor(c))))
    .post('/requests/:id/reissue-link', async (c) => actionResponse(c, await reissueLink(deps, c.req.param('id'), actor(c))))
    .post('/requests/:id/close', async (c) => actionResponse(c, await closeForAnswers(deps, c.req.param('id'), actor(c))))
    .post('/requests/:id/answers', jsonBodyOnly(), zValidator('json', answerBody, invalidFields), async (c) => {
      const { outcome, date, message, note } = c.req.valid('json');
      const result = await answerOnBehalf(deps, c.req.param('id'), { outcome, dates: date ? [date] : [], message, note }, actor(c));
      return actionResponse(c, result);
    });
}

function actionResponse(c: Context, result: SupportActionResult) {
  switch (result.kind) {
    case 'done':
      return c.json({ ok: true });
    case 'not_found':
      return apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
    case 'refused':
      return apiError(c, 409, 'conflict', `Not possible: ${result.reason}`);
    case 'invalid':
      return invalidRequest(c, result.fields);
  }
}
