import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { logIn, logOut, supportEmail } from '../../support/accounts.ts';
import { loginGate } from '../../support/login-gate.ts';
import { createRouter, errorResponse, errorResponses, jsonBody, jsonResponse, routeOf } from '../api/router.ts';
import { apiError } from '../errors.ts';
import { requestSource } from '../request-source.ts';
import { SupportSessionSchema } from './schemas.ts';
import { bearerToken, supportBearerAuth } from './session.ts';

const credentials = z.strictObject({
  email: supportEmail,
  password: z.string().max(1024),
});

const logInRoute = routeOf('support')({
  method: 'post',
  path: '/sessions',
  operationId: 'createSupportSession',
  summary: 'Log in: a bearer token for the support API',
  security: [],
  request: { body: jsonBody(credentials) },
  responses: {
    201: jsonResponse('Logged in', SupportSessionSchema),
    ...errorResponses(400, 413, 415, 429, 503),
    401: errorResponse(['unauthorized'], 'Email or password is wrong (`unauthorized`)'),
  },
});

const logOutRoute = routeOf('support')({
  method: 'delete',
  path: '/sessions/current',
  operationId: 'deleteSupportSession',
  summary: 'Log out: the token stops working',
  responses: { 204: { description: 'Logged out' }, ...errorResponses(401) },
});

/** Sessions for the support JSON API, mounted at `/api/v1/support`: log in for a bearer token, log out with it. */
export function supportSessionApiRoutes(deps: Deps) {
  const gate = loginGate();
  return createRouter()
    .openapi(logInRoute, async (c) => {
      const { email, password } = c.req.valid('json');
      const source = requestSource(c, deps);
      const result = await gate(source, () => logIn(deps, { email, password, source }));
      if (result.kind === 'busy') {
        c.header('Retry-After', '1');
        return apiError(c, 503, 'busy', 'Many logins are being checked right now; try again in a moment');
      }
      if (result.kind === 'wait') {
        c.header('Retry-After', String(result.waitSeconds));
        return apiError(c, 429, 'rate_limited', `Too many wrong tries for this email; try again in ${result.waitSeconds} s`);
      }
      if (result.kind === 'refused') return apiError(c, 401, 'unauthorized', 'Email or password is wrong');
      return c.json({ token: result.session.token, expiresAt: result.session.expiresAt }, 201);
    })
    .openapi({ ...logOutRoute, middleware: [supportBearerAuth(deps)] }, async (c) => {
      await logOut(deps, bearerToken(c));
      return c.body(null, 204);
    });
}
