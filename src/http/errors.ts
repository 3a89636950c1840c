import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../error-body.ts';
import { type FieldErrors, fieldErrors } from '../validation.ts';

export { type ErrorBody, type ErrorCode, NO_SUCH_CLIENT, NO_SUCH_PROVIDER, NO_SUCH_REQUEST } from '../error-body.ts';

export function apiError<S extends ContentfulStatusCode>(c: Context, status: S, code: ErrorCode, message: string, fields?: FieldErrors) {
  const body: ErrorBody = { error: { code, message, ...(fields ? { fields } : {}) } };
  return c.json(body, status);
}

/** A 400 names this many fields at most: a body of thousands of unknown keys gets a short answer, not a bigger one. */
export const MAX_NAMED_FIELDS = 50;

/** A 400 naming each bad field (the first MAX_NAMED_FIELDS, and how many more), the one shape every validation failure takes. */
export function invalidRequest(c: Context, fields: FieldErrors) {
  const all = Object.keys(fields);
  const named = all.slice(0, MAX_NAMED_FIELDS);
  const more = all.length - named.length;
  const message = `Invalid ${named.join(', ')}${more > 0 ? ` and ${more.toLocaleString('en-US')} more field${more === 1 ? '' : 's'}` : ''}`;
  return apiError(c, 400, 'invalid_request', message, Object.fromEntries(named.map((name) => [name, fields[name]!])));
}

const PREFIX_BY_TARGET: Record<string, string | undefined> = { query: 'query.', param: 'path.', header: 'header.' };

/**
 * The hook every zod validator uses: a 400 naming each bad field, never zod's raw output. It takes zod's
 * core error type, which both @hono/zod-openapi and @hono/zod-validator hand over.
 */
export function invalidFields(
  result: { success: true } | { success: false; error: z.core.$ZodError; target?: string },
  c: Context,
) {
  if (result.success) return;
  const fields = fieldErrors(result.error);
  const prefix = PREFIX_BY_TARGET[result.target ?? ''] ?? '';
  const named = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}${k}`, v]));
  return invalidRequest(c, named);
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'invalid_json',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Turns anything thrown into a JSON error. Errors Hono raises on purpose (bad JSON, wrong media type)
 * keep their status; anything else is our fault: logged by route pattern (never the path, which may
 * hold a token, nor the body), answered without detail.
 */
export const jsonErrors = (log: (line: string) => void) => (error: Error, c: Context) => {
  if (error instanceof HTTPException) {
    if (error.res) return error.res;
    const status = error.status as ContentfulStatusCode;
    const code = CODE_BY_STATUS[status] ?? 'invalid_request';
    const message = code === 'unsupported_media_type' ? 'Send the body as application/json' : error.message;
    return apiError(c, status, code, message);
  }
  log(`[error] ${c.req.method} ${c.req.routePath}: ${error.stack ?? error.message}`);
  return apiError(c, 500, 'internal_error', 'Something went wrong on our side; it has been logged');
};
