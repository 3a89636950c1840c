import { Hono } from 'hono';
import { DevOutboxPage } from '../../../views/dev-outbox.tsx';
import { listOutboxEmails, showOutboxEmail } from '../../outbox/browse.ts';
import type { Deps } from '../../deps.ts';
import { replyLink } from '../../links/reply-token.ts';
import { type PageEnv, pageHeaders } from '../pages.ts';

/**
 * A stored email is shown as a mail client would: its inline styles, nothing that runs, in a sandbox
 * (an opaque origin, so it can reach nothing of ours). Its links open a new tab (react-email sets
 * target=_blank), which must leave the sandbox or the reply form there could not be posted.
 */
const STORED_EMAIL_CSP = {
  sandbox: ['allow-popups', 'allow-popups-to-escape-sandbox'],
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  formAction: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/** The local outbox viewer. Mounted only outside production (it shows live reply links). */
export function devOutboxRoutes(deps: Deps) {
  const replyLinkPrefix = replyLink(deps.config.publicUrl, '');
  return new Hono<PageEnv>()
    .use('/', ...pageHeaders())
    .use('/:id', ...pageHeaders(STORED_EMAIL_CSP))
    .use('/:id/text', ...pageHeaders())
    .get('/', async (c) => {
      const emails = (await listOutboxEmails(deps)).map((email) => ({
        id: email.id,
        createdAt: email.created_at,
        to: email.recipients,
        subject: email.subject,
        status: email.status,
        // The link lives only inside the rendered email (tokens are not stored apart from it). Only our
        // template writes attributes there (every value is escaped text), so a customer's field that
        // reads like a reply link is never taken for it.
        replyLink: [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((href) => href.startsWith(replyLinkPrefix)) ?? null,
      }));
      return c.html(<DevOutboxPage emails={emails} nonce={c.var.secureHeadersNonce} />);
    })
    .get('/:id', async (c) => {
      const email = await showOutboxEmail(deps, c.req.param('id'));
      return email ? c.html(email.html) : c.notFound();
    })
    .get('/:id/text', async (c) => {
      const email = await showOutboxEmail(deps, c.req.param('id'));
      return email ? c.text(email.text) : c.notFound();
    });
}
