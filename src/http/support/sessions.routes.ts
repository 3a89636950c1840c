import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { logIn, logOut, supportEmail } from '../../support/accounts.ts';
import { loginGate } from '../../support/login-gate.ts';
import { apiError, invalidFields } from '../errors.ts';
import { jsonBodyOnly } from '../json-body.ts';
import { requestSource } from '../request-source.ts';
import { bearerToken, supportBearerAuth } from './session.ts';

const credentials = z.strictObject({
  email: supportEmail,
  password: z.string().max(1024),
});

/** Sessions for the support JSON API, mounted at `/api/v1/support`: log in for a bearer token, log out with it. */
export function supportSessionApiRoutes(deps: Deps) {
  const gate = loginGate();
  return new Hono()
    .post('/sessions', jsonBodyOnly(), zValidator('json', credentials, invalidFields), async (c) => {
      const { email, password } = c.req.valid('json');
      const source = requestSource(c, deps);
      const result = await gate(source, () => logIn(deps, { email, password, source }));
      if (result === 'busy') {
        c.header('Retry-After', '1');
        return apiError(c, 503, 'busy', 'Many logins are being checked right now; try again in a moment');
      }
      if (!result.ok && result.waitSeconds) {
        c.header('Retry-After', String(result.waitSeconds));
        return apiError(c, 429, 'rate_limited', `Too many wrong tries for this email; try again in ${result.waitSeconds} s`);
      }
      if (!result.ok) return apiError(c, 401, 'unauthorized', 'Email or password is wrong');
      return c.json({ token: result.session.token, expiresAt: result.session.expiresAt }, 201);
    })
    .delete('/sessions/current', supportBearerAuth(deps), async (c) => {
      await logOut(deps, bearerToken(c));
      return c.body(null, 204);
    });
}
