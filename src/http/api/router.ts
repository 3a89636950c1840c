import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { PatternRouter } from 'hono/router/pattern-router';
import { ERROR_CODES, type ErrorCode } from '../../error-body.ts';
import { apiError, invalidFields } from '../errors.ts';

/** What every route file under /api/v1 builds on: one router, one 404, one error shape, one way to declare a route. */

/** The 404 of every unknown path under /api/, whichever router it reached. */
export const apiNotFound = (c: Context) => apiError(c, 404, 'not_found', 'No such endpoint');

/** A router for part of /api/v1: a failed zod check is our 400 naming each field, never zod's own output. */
export function createRouter<E extends Env = Env>() {
  const router = new OpenAPIHono<E>({ defaultHook: invalidFields });
  router.notFound(apiNotFound);
  return router;
}

/**
 * The answer to a request no route under /api/ took: a path served by other methods is a 405 naming
 * them in Allow, any other path our 404. Given the app's live route list, read on the first miss, when
 * every route is mounted.
 */
export function apiMisses(routes: readonly { method: string; path: string }[]) {
  let methodsOf: PatternRouter<string> | undefined;
  return (c: Context) => {
    methodsOf ??= servedMethods(routes.filter((route) => route.path.startsWith('/api/')));
    const [matches] = methodsOf.match('ALL', c.req.path);
    if (matches.length === 0) return apiNotFound(c);
    // Hono answers HEAD with the GET route, so a path that has one has both.
    const methods = matches.map(([method]) => method);
    const allowed = [...new Set(methods.includes('GET') ? [...methods, 'HEAD'] : methods)].sort();
    c.header('Allow', allowed.join(', '));
    return apiError(c, 405, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allowed.join(' or ')}`);
  };
}

/** Each route's path with its method, middleware (method ALL) left out. */
function servedMethods(routes: { method: string; path: string }[]): PatternRouter<string> {
  const served = new PatternRouter<string>();
  for (const { method, path } of routes) if (method !== 'ALL') served.add('ALL', path, method);
  return served;
}

/** The credentials, one bearer scheme per surface; each operation names the one it takes. */
export const SECURITY_SCHEMES = {
  apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from `canceldesk clients create`' },
  supportSession: { type: 'http', scheme: 'bearer', description: 'A support session token from `POST /support/sessions`' },
  adminToken: { type: 'http', scheme: 'bearer', description: "The deployment's ADMIN_TOKEN (the admin API exists only where it is set)" },
  providerKey: { type: 'http', scheme: 'bearer', description: "A provider's API key from `canceldesk providers keys create`" },
} as const;

type Surface = 'app' | 'support' | 'admin' | 'provider';

const SURFACES: Record<Surface, { scheme: keyof typeof SECURITY_SCHEMES; description: string }> = {
  app: { scheme: 'apiKey', description: 'For apps: ask for cancellations and follow their outcome' },
  support: { scheme: 'supportSession', description: 'For support tooling: requests in full, free text included, and the actions on them' },
  admin: { scheme: 'adminToken', description: 'For the operator: what the CLI does beside the database, for a deployment without one' },
  provider: { scheme: 'providerKey', description: 'For providers: their own cancellation requests, with the identifiers, and answering them' },
};

export const SURFACE_TAGS = Object.entries(SURFACES).map(([name, { description }]) => ({ name, description }));

/**
 * createRoute for one surface: its tag and its credential on every operation, and an operationId
 * required. A route may still say `security: []` (the support login takes none).
 *
 * A declared JSON body also makes @hono/zod-openapi answer any other media type with a 415 (worded by
 * jsonErrors) instead of reading a form post as `{}` and answering "missing field" (SPEC §6).
 */
export const routeOf =
  (surface: Surface) =>
  <P extends string, R extends Omit<RouteConfig, 'path' | 'tags'> & { path: P; operationId: string }>(config: R) =>
    createRoute({ tags: [surface], security: [{ [SURFACES[surface].scheme]: [] }], ...config });

/** The Idempotency-Key header of an operation that records something, with what a repeat of it does there. */
export const idempotencyKeyHeader = (description: string) =>
  z.object({ 'idempotency-key': z.string().min(1).max(255).optional().openapi({ description }) });

/** The answers of an idempotent write that was replayed (201 with what the first call recorded) or whose key came with another body (409). */
export const idempotentReplay = <T extends object>(c: Context, recorded: T) => {
  c.header('Idempotent-Replayed', 'true');
  return c.json(recorded, 201);
};
export const idempotencyConflict = (c: Context) => apiError(c, 409, 'idempotency_conflict', 'This Idempotency-Key was already used with a different body');

/** A JSON request body or response, as route definitions write them. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } }) as const;
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

const ErrorDetailSchema = z.object({
  code: z.enum(ERROR_CODES).openapi({ example: 'invalid_request' }),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional().openapi({ example: { 'customer.card_last4': 'must be exactly 4 digits' } }),
});

export const ErrorSchema = z.object({ error: ErrorDetailSchema }).openapi('Error');

/** The error codes of each status as the shared error responses give them; an operation may name its own. */
const ERRORS = {
  400: {
    codes: ['invalid_request', 'invalid_json'],
    description: 'Invalid input (`invalid_request`, `fields` names each bad field) or a body that is not valid JSON (`invalid_json`)',
  },
  401: { codes: ['unauthorized'], description: 'No credential, a malformed Authorization header, or a credential we do not accept (`unauthorized`)' },
  404: { codes: ['not_found'], description: 'No such resource (`not_found`)' },
  409: { codes: ['conflict'], description: 'Not possible in the current state (`conflict`)' },
  413: { codes: ['payload_too_large'], description: 'Body too large (`payload_too_large`)' },
  415: { codes: ['unsupported_media_type'], description: 'Body is not JSON (`unsupported_media_type`)' },
  429: { codes: ['rate_limited'], description: 'Too many tries; wait as long as Retry-After says (`rate_limited`)' },
  503: { codes: ['busy'], description: 'Too busy right now; try again after Retry-After (`busy`)' },
} satisfies Record<number, { codes: ErrorCode[]; description: string }>;

type ErrorStatus = keyof typeof ERRORS;
type ErrorResponse = ReturnType<typeof errorResponse>;

/**
 * One error response in the shared error shape, with what it means for this operation and the codes it
 * can carry: the Error schema with `code` narrowed to them, so a generated client can switch on them.
 */
export const errorResponse = (codes: [ErrorCode, ...ErrorCode[]], description: string) =>
  jsonResponse(description, ErrorSchema.extend({ error: ErrorDetailSchema.extend({ code: z.enum(codes) }) }));

/** The OpenAPI responses for the given error statuses, typed per status so handlers may return them. */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]): { [K in S]: ErrorResponse } {
  return Object.fromEntries(
    statuses.map((status) => {
      const { codes, description } = ERRORS[status];
      return [status, errorResponse(codes as [ErrorCode, ...ErrorCode[]], description)];
    }),
  ) as { [K in S]: ErrorResponse };
}
