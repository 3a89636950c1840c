import type { Context } from 'hono';
import type { Deps } from '../deps.ts';
import type { LinkKind, LinkVisit } from '../link-activity/record.ts';
import { clientAddressOf } from './request-source.ts';

/** What link activity needs of a request to one of our links: the method, a few headers, the address (hashed later). */
export function linkVisitOf(c: Context, deps: Pick<Deps, 'config' | 'clientAddress'>, linkKind: LinkKind): LinkVisit {
  return {
    linkKind,
    // Hono answers HEAD with the GET handler; the request keeps its own method.
    method: c.req.method,
    userAgent: c.req.header('user-agent'),
    fetchMetadata: { user: c.req.header('sec-fetch-user'), mode: c.req.header('sec-fetch-mode'), dest: c.req.header('sec-fetch-dest') },
    address: clientAddressOf(c, deps),
  };
}
