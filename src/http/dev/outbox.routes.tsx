import { Hono } from 'hono';
import { DevOutboxPage } from '../../../views/dev-outbox.tsx';
import { findOutboxEmail, listOutbox } from '../../db/outbox.ts';
import type { Deps } from '../../deps.ts';

/** The local outbox viewer. Mounted only outside production (it shows live reply links). */
export function devOutboxRoutes(deps: Deps) {
  return new Hono()
    .get('/', async (c) => c.html(<DevOutboxPage emails={await listOutbox(deps.db)} />))
    .get('/:id', async (c) => {
      const email = await findOutboxEmail(deps.db, c.req.param('id'));
      return email ? c.html(email.html) : c.notFound();
    })
    .get('/:id/text', async (c) => {
      const email = await findOutboxEmail(deps.db, c.req.param('id'));
      return email ? c.text(email.text) : c.notFound();
    });
}
