import type { MiddlewareHandler } from 'hono';
import { apiError } from './errors.ts';

/**
 * A JSON body or none: a form-encoded one would otherwise read as `{}` and be answered "missing
 * field", which sends the caller looking in the wrong place. Same 415 as the app API (SPEC §6).
 */
export const jsonBodyOnly = (): MiddlewareHandler =>
  async function jsonBodyOnly(c, next) {
    const type = c.req.header('content-type');
    if (type !== undefined && !/^application\/([a-z.+-]+\+)?json\b/i.test(type)) {
      return apiError(c, 415, 'unsupported_media_type', 'Send the body as application/json');
    }
    await next();
  };
