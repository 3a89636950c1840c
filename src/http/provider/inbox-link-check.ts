import type { Context, MiddlewareHandler } from 'hono';
import type { Copy } from '../../copy/index.ts';
import type { Deps } from '../../deps.ts';
import { type InboxAccess, openInboxLink } from '../../provider-inbox/inbox-link.ts';
import type { PageEnv } from '../pages.ts';

/**
 * What a route under `/provider/:token` knows once the inbox link is verified. Routes mounted after
 * `inboxLinkCheck` (the CSV export and upload among them) read these and nothing from the token.
 */
export type InboxEnv = {
  Variables: PageEnv['Variables'] & {
    /** The provider whose inbox the link opens: every read and write must stay inside it. */
    inboxProviderId: string;
    inboxAccess: InboxAccess;
    /** The provider's language. */
    inboxCopy: Copy;
    /** The inbox page's own path, `/provider/<token>`: links and form actions start from it. */
    inboxPath: string;
  };
};

/**
 * Verifies the inbox link in the path (signature, expiry, not revoked) before anything under it runs;
 * a link that cannot be used gets its page (`problemPage`) and nothing more.
 */
export function inboxLinkCheck(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  problemPage: (c: Context<InboxEnv>, problem: 'invalid' | 'expired' | 'revoked', copy: Copy) => Response | Promise<Response>,
): MiddlewareHandler<InboxEnv> {
  return async function inboxLinkCheck(c, next) {
    const token = c.req.param('token') ?? '';
    const link = await openInboxLink(deps, token);
    if (link.kind === 'problem') return problemPage(c, link.problem, link.copy);
    c.set('inboxProviderId', link.access.provider.id);
    c.set('inboxAccess', link.access);
    c.set('inboxCopy', link.access.copy);
    c.set('inboxPath', `/provider/${token}`);
    await next();
  };
}
