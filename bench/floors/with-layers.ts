import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../../src/config.ts';
import { API_KEY_WORDS } from '../../src/http/api/auth.ts';
import { changeTag, taggedJson } from '../../src/http/content-tag.ts';
import { jsonBearerAuth } from '../../src/http/bearer.ts';
import { apiError, invalidFields, NO_SUCH_REQUEST } from '../../src/http/errors.ts';
import { requestLog } from '../../src/http/request-log.ts';
import { requestForClient } from '../../src/requests/client-view.ts';
import { apiFloorReads } from './api.ts';
import type { FloorStore } from './store.ts';

type Env = { Variables: { clientId: string } };

/**
 * The status poll's floor once more, with the layers the service may not leave out, each done the
 * stack's own way and nothing more: the service's request log (one redacted line per request, THREATS
 * 6; the bench gives it the writer `canceldesk serve` uses), the key checked by the service's
 * `jsonBearerAuth` (hono's bearerAuth with our JSON 401s), the id by @hono/zod-validator (a bad one
 * gets the service's 400 naming it, SPEC §6), and the service's ETag with If-None-Match → 304
 * (SPEC §6). Its own work is the plain floor's (floors/api.ts): the client by its key's remembered
 * hash, then the request, both straight on better-sqlite3.
 *
 * What it loses to the plain floor is what those layers cost on this stack. The service has them and
 * more (its router, its body limit, Kysely), so a share of the plain floor this floor does not reach is
 * out of the service's reach too (issue 19; the bench shows both).
 */
export function statusPollWithLayers(store: FloorStore, config: Config, log: (line: string) => void): Hono<Env> {
  const reads = apiFloorReads(store);
  const app = new Hono<Env>();
  app.use(requestLog(log));
  app.use(
    '/api/v1/*',
    jsonBearerAuth({
      ...API_KEY_WORDS,
      verifyToken: async (key, c) => {
        const client = reads.clientOfKey(key);
        if (client) (c as Context<Env>).set('clientId', client.id);
        return client !== undefined;
      },
    }),
  );
  app.get(
    '/api/v1/cancellation-requests/:id',
    zValidator('param', z.object({ id: z.string().min(1).max(64) }), invalidFields),
    (c) => {
      const row = reads.request(c.req.valid('param').id, c.var.clientId);
      if (!row) return apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
      return taggedJson(c, requestForClient(row as never), changeTag(config, Number(row.change_seq)));
    },
  );
  return app;
}
