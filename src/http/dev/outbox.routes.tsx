import { Hono } from 'hono';
import { DevOutboxPage } from '../../../views/dev-outbox.tsx';
import { listOutboxEmails, showOutboxEmail } from '../../outbox/browse.ts';
import type { Deps } from '../../deps.ts';

/** The local outbox viewer. Mounted only outside production (it shows live reply links). */
export function devOutboxRoutes(deps: Deps) {
  return new Hono()
    .get('/', async (c) => {
      const emails = (await listOutboxEmails(deps)).map((email) => ({
        id: email.id,
        createdAt: email.created_at,
        to: email.recipients,
        subject: email.subject,
        status: email.status,
        // The link lives only inside the rendered email (tokens are not stored apart from it).
        replyLink: email.text.match(/https?:\/\/\S+\/reply\/[\w.-]+/)?.[0] ?? null,
      }));
      return c.html(<DevOutboxPage emails={emails} />);
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
