import { createHash } from 'node:crypto';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';

/**
 * The floor under the status poll: the least any server on this stack can do for it — bare Hono plus
 * the poll's two SQLite reads (the key's client, the client's request) through better-sqlite3 directly,
 * and the same JSON back. No validation, middleware, logging, ETag or error handling. Its ratio to bare
 * Hono is the most the service's own ratio could reach here. Reads the service's database (DATABASE_FILE).
 */
const db = new SQLite(process.env.DATABASE_FILE!, { readonly: true, fileMustExist: true });
const clientByKeyHash = db.prepare<[string], { id: string }>('SELECT id FROM api_clients WHERE key_hash = ?');
const clientRequest = db.prepare<[string, string], Record<string, string | number | null>>(
  `SELECT id, status, provider_id, client_reference, reference, outcome, answered_at, follow_up, created_at, updated_at
   FROM cancellation_requests WHERE id = ? AND client_id = ?`,
);

const app = new Hono();
app.get('/api/v1/cancellation-requests/:id', (c) => {
  const key = c.req.header('authorization')?.slice('Bearer '.length) ?? '';
  const client = clientByKeyHash.get(createHash('sha256').update(key).digest('hex'));
  if (!client) return c.json({ error: 'unauthorized' }, 401);
  const row = clientRequest.get(c.req.param('id'), client.id);
  if (!row) return c.json({ error: 'not_found' }, 404);
  return c.json({
    id: row.id,
    status: row.status,
    provider: row.provider_id,
    reference: row.client_reference,
    caseReference: row.reference,
    outcome: typeof row.outcome === 'string' ? JSON.parse(row.outcome) : null,
    answeredAt: row.answered_at,
    followUpOf: typeof row.follow_up === 'string' ? JSON.parse(row.follow_up) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
