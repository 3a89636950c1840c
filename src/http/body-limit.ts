import type { Env, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

type BodyLimitOptions = Parameters<typeof bodyLimit>[0];

/**
 * hono's bodyLimit for the methods that carry a body. It asks every request for `c.req.raw.body`,
 * which makes @hono/node-server build a full WHATWG Request (headers, abort signal, stream) that a GET
 * never needs: on the status poll that was one request in eight's worth of time. A GET's body, if a
 * client sends one, is never read.
 */
export function limitBody<E extends Env>(options: BodyLimitOptions): MiddlewareHandler<E> {
  const limit = bodyLimit(options) as unknown as MiddlewareHandler<E>;
  // Not async: a GET passes straight on, without a promise of its own.
  return function limitBody(c, next) {
    return c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next);
  };
}
