import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { localOperator } from '../../operator/local-operator.ts';
import { jsonBearerAuth } from '../bearer.ts';
import { limitBody } from '../body-limit.ts';
import { apiError, invalidFields, invalidRequest, NO_SUCH_CLIENT, NO_SUCH_REQUEST } from '../errors.ts';
import { jsonBodyOnly } from '../json-body.ts';

/** A providers file for a whole catalogue is bigger than any app request. */
const ADMIN_BODY_LIMIT = 1024 * 1024;

const anyJson = zValidator('json', z.unknown(), invalidFields);

/**
 * The operator's API, mounted at `/api/v1/admin`: what the CLI does next to the database, for a
 * deployment that has no Node process beside it (Workers + D1). `Authorization: Bearer $ADMIN_TOKEN`;
 * without ADMIN_TOKEN configured it does not exist. The answers are the CLI's `--json` documents.
 */
export function adminRoutes(deps: Deps) {
  const app = new Hono();
  const token = deps.config.adminToken;
  if (!token) return app.all('*', (c) => apiError(c, 404, 'not_found', 'No such endpoint'));

  const operator = localOperator(deps);
  app.use(
    '*',
    limitBody({
      maxSize: ADMIN_BODY_LIMIT,
      onError: (c) => apiError(c, 413, 'payload_too_large', `The body must be at most ${ADMIN_BODY_LIMIT} bytes`),
    }),
    jsonBearerAuth({ credential: 'the admin token', placeholder: '<ADMIN_TOKEN>', refused: 'Wrong admin token', token }),
  );

  app.get('/providers', async (c) => c.json(await operator.listProviders()));
  app.post('/providers', jsonBodyOnly(), anyJson, async (c) => {
    const result = await operator.importProviders(c.req.valid('json'));
    return result.ok ? c.json({ imported: result.imported }) : invalidRequest(c, result.fields);
  });
  app.post('/clients', jsonBodyOnly(), anyJson, async (c) => {
    const result = await operator.createClient(objectBody(c.req.valid('json')));
    return result.ok ? c.json(result.client, 201) : invalidRequest(c, result.fields);
  });
  app.patch('/clients/:id', jsonBodyOnly(), anyJson, async (c) => {
    const result = await operator.updateClient(c.req.param('id'), objectBody(c.req.valid('json')));
    if (!result) return apiError(c, 404, 'not_found', NO_SUCH_CLIENT);
    return result.ok ? c.json(result.client) : invalidRequest(c, result.fields);
  });
  app.post('/support-accounts', jsonBodyOnly(), anyJson, async (c) => {
    const result = await operator.createSupportAccount(objectBody(c.req.valid('json')));
    return result.ok ? c.json(result.account, 201) : invalidRequest(c, result.fields);
  });
  // The scheduler's work on demand (the cron does the same every minute).
  app.post('/lifecycle/run', async (c) => c.json(await operator.runLifecycle()));
  app.get('/requests/:id', async (c) => {
    const request = await operator.showRequest(c.req.param('id'));
    return request ? c.json(request) : apiError(c, 404, 'not_found', NO_SUCH_REQUEST);
  });
  // Rendered emails carry live reply links: like /dev/outbox, only outside production.
  if (deps.config.environment !== 'production') {
    app.get('/outbox', async (c) => c.json(await operator.listOutbox({ to: c.req.query('to'), requestId: c.req.query('request') })));
    app.post('/outbox/drain', async (c) => c.json(await operator.drainOutbox()));
  }
  app.notFound((c) => apiError(c, 404, 'not_found', 'No such endpoint'));
  return app;
}

/** The use cases validate the fields; a body that is not even an object becomes one they reject by name. */
const objectBody = <T>(body: unknown): T => (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as T;

