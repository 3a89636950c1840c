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
 * keyed hash of it (client-positions.ts). hono's etag() then only compares it with If-None-Match.
 */
export const changeTag = (config: Pick<Config, 'tokenKeys'>, changeSeq: number): string =>
  `"${CLIENT_VIEW_VERSION}.${clientPositions(config.tokenKeys).versionTag(changeSeq)}"`;
