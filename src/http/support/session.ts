import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { getCookie } from 'hono/cookie';
import type { Deps } from '../../deps.ts';
import { authenticateSession } from '../../support/accounts.ts';
import type { ErrorBody } from '../errors.ts';

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

const unauthorized = (message: string): ErrorBody => ({ error: { code: 'unauthorized', message } });

/**
 * For the support JSON API: `Authorization: Bearer <session token>` from `POST /api/v1/support/sessions`.
 * Only support sessions are looked up, so an app's API key gets nowhere here.
 */
export const supportBearerAuth = (deps: Pick<Deps, 'db' | 'clock'>): MiddlewareHandler<SupportEnv> =>
  bearerAuth({
    verifyToken: async (token, c) => {
      const supporter = await authenticateSession(deps, token);
      if (supporter) (c as Context<SupportEnv>).set('supporter', supporter);
      return supporter !== null;
    },
    noAuthenticationHeader: { message: unauthorized('Send your support session token as Authorization: Bearer <token>') },
    // As for apps: every kind of missing credential is a 401, never Hono's 400 for a malformed header.
    invalidAuthenticationHeader: {
      message: (c) => c.json(unauthorized('The Authorization header must be Bearer <token>'), 401),
    },
    invalidToken: { message: unauthorized('Unknown or expired support session') },
  });

/** The token of a request that passed `supportBearerAuth` (which has checked its shape). */
export const bearerToken = (c: Context): string => (c.req.header('Authorization') ?? '').slice('Bearer '.length).trim();
