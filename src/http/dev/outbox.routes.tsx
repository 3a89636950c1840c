import { type Context, Hono } from 'hono';
import { DevOutboxPage } from '../../../views/dev-outbox.tsx';
import { DevReplyPage } from '../../../views/dev-outbox-reply.tsx';
import { replyAsProvider, replyTargetOf } from '../../email-replies/reply-as-provider.ts';
import { listOutboxEmails, showOutboxEmail } from '../../outbox/browse.ts';
import type { Deps } from '../../deps.ts';
import { replyLink } from '../../links/reply-token.ts';
import { type PageEnv, pageForm, pageHeaders, readForm } from '../pages.ts';

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

/** A refused post of the reply box: a page a developer can act on. */
const formProblem = (status: 403 | 413, message: string) => (c: Context<PageEnv>) => c.html(`<!doctype html><title>Refused</title><p>${message}</p>`, status);

/**
 * The local outbox viewer, and on each email a box to reply by email as the provider (fed to the same
 * use case as received mail). Mounted only outside production (it shows live reply links).
 */
export function devOutboxRoutes(deps: Deps) {
  const replyLinkPrefix = replyLink(deps.config.publicUrl, '');
  return new Hono<PageEnv>()
    .use('/', ...pageHeaders())
    .use('/:id', ...pageHeaders(STORED_EMAIL_CSP))
    .use('/:id/text', ...pageHeaders())
    .use(
      '/:id/reply',
      ...pageHeaders(),
      ...pageForm<PageEnv>(deps.config.publicUrl, {
        refused: formProblem(403, 'Refused: the form was not posted from this site.'),
        tooLarge: formProblem(413, 'Refused: the reply is too long.'),
      }),
    )
    .get('/', async (c) => {
      const emails = (await listOutboxEmails(deps)).map((email) => ({
        id: email.id,
        createdAt: email.created_at,
        to: email.recipients,
        subject: email.subject,
        status: email.status,
        replyTo: email.reply_to,
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
    })
    .get('/:id/reply', async (c) => {
      const target = await replyTargetOf(deps, c.req.param('id'));
      return target ? c.html(<DevReplyPage target={target} nonce={c.var.secureHeadersNonce} />) : c.notFound();
    })
    .post('/:id/reply', async (c) => {
      const target = await replyTargetOf(deps, c.req.param('id'));
      if (!target) return c.notFound();
      const text = (await readForm(c))?.text?.[0]?.trim() ?? '';
      const nonce = c.var.secureHeadersNonce;
      if (!text) return c.html(<DevReplyPage target={target} error="Write what the provider answers." nonce={nonce} />, 400);
      const reception = await replyAsProvider(deps, target, text);
      return c.html(<DevReplyPage target={target} reception={reception} nonce={nonce} />, reception.kind === 'refused' ? 422 : 200);
    });
}
