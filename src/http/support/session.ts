import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../../deps.ts';
import { authenticateSession } from '../../support/accounts.ts';
import { jsonBearerAuth } from '../bearer.ts';

/** The support account behind a request, as console and API routes know it. */
export type SupportEnv = { Variables: { supporter: { id: string; email: string } } };

/** The console's session cookie: the token itself, HttpOnly, never readable by page scripts. */
export const SUPPORT_COOKIE = 'cd_support';
export const SUPPORT_LOGIN_PATH = '/support/login';

/** For the HTML console: a browser without a live session is sent to the login page, not shown an error. */
export const supportCookieAuth =
  <E extends SupportEnv = SupportEnv>(deps: Pick<Deps, 'db' | 'clock'>): MiddlewareHandler<E> =>
  async function supportCookieAuth(c, next) {
    const supporter = await authenticateSession(deps, getCookie(c, SUPPORT_COOKIE) ?? '');
    if (!supporter) return c.redirect(SUPPORT_LOGIN_PATH, 303);
    c.set('supporter', supporter);
    await next();
  };

/**
 * For the support JSON API: `Authorization: Bearer <session token>` from `POST /api/v1/support/sessions`.
 * Only support sessions are looked up, so an app's API key gets nowhere here.
 */
export const supportBearerAuth = (deps: Pick<Deps, 'db' | 'clock'>): MiddlewareHandler<SupportEnv> =>
  jsonBearerAuth({
    credential: 'your support session token',
    placeholder: '<token>',
    refused: 'Unknown or expired support session',
    verifyToken: async (token, c) => {
      const supporter = await authenticateSession(deps, token);
      if (supporter) (c as Context<SupportEnv>).set('supporter', supporter);
      return supporter !== null;
    },
  });

/** The token of a request that passed `supportBearerAuth` (which has checked its shape). */
export const bearerToken = (c: Context): string => (c.req.header('Authorization') ?? '').slice('Bearer '.length).trim();
