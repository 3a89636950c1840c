import fresh from 'fresh';
import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { clientPositions } from '../requests/client-positions.ts';

/**
 * The shape of the app's view of a request. Raise it when a deploy changes what the view holds, so
 * the ETags apps kept from before stop matching.
 */
const CLIENT_VIEW_VERSION = 1;

/**
 * A strong ETag for the app's view of a request, from its change number rather than a hash of the
 * body: every write an app can see moves the number (the list poll's cursor depends on the same), and
 * the view is made of the row alone, so one number is one body. Retention's erasure leaves both alone,
 * as it leaves the view byte-identical. The number itself counts every app's changes, so the tag is a
 * keyed hash of it (client-positions.ts).
 */
export const changeTag = (config: Pick<Config, 'tokenKeys'>, changeSeq: number): string =>
  `"${CLIENT_VIEW_VERSION}.${clientPositions(config.tokenKeys).versionTag(changeSeq)}"`;

/**
 * The app's view with its tag: a 304 with the tag alone when If-None-Match names it (weakly compared,
 * as RFC 9110 has it, or `*`), else the view. Built as a Response with its headers in a plain object,
 * not through `c.header()` and hono's etag(): Hono keeps a second header in an undici Headers, which
 * @hono/node-server then copies out header by header, and etag() reads back; on the status poll that
 * was about a sixth of the request (docs/benchmarks.md).
 */
export function taggedJson(c: Context, view: object, tag: string): Response {
  if (fresh({ 'if-none-match': c.req.header('if-none-match') }, { etag: tag })) return new Response(null, { status: 304, headers: { etag: tag } });
  return new Response(JSON.stringify(view), { status: 200, headers: { 'content-type': 'application/json', etag: tag } });
}
