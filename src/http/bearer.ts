import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import type { ErrorBody } from './errors.ts';

const unauthorized = (message: string): ErrorBody => ({ error: { code: 'unauthorized', message } });

/**
 * hono's bearerAuth with our JSON errors, for every kind of bearer credential we take (app API keys,
 * support sessions, the admin token). Hono answers a malformed header with 400; a caller gets 401 for
 * every kind of missing or wrong credential, with a message that says which credential we want.
 */
export function jsonBearerAuth(
  options: {
    /** How the credential is named in "Send … as Authorization: Bearer <placeholder>". */
    credential: string;
    placeholder: string;
    /** The message for a well-formed credential we do not accept. */
    refused: string;
  } & ({ token: string } | { verifyToken: (token: string, c: Context) => Promise<boolean> }),
): MiddlewareHandler {
  const { credential, placeholder, refused, ...check } = options;
  const messages = {
    noAuthenticationHeader: { message: unauthorized(`Send ${credential} as Authorization: Bearer ${placeholder}`) },
    invalidAuthenticationHeader: {
      message: (c: Context) => c.json(unauthorized(`The Authorization header must be Bearer ${placeholder}`), 401),
    },
    invalidToken: { message: unauthorized(refused) },
  };
  return 'token' in check ? bearerAuth({ token: check.token, ...messages }) : bearerAuth({ verifyToken: check.verifyToken, ...messages });
}
