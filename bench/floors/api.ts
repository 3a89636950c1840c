import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { Config } from '../../src/config.ts';
import { DAY_MS } from '../../src/clock.ts';
import { newRequestWrites } from '../../src/db/new-request.ts';
import { randomIds } from '../../src/ids.ts';
import { replyLink, signReplyToken } from '../../src/links/reply-token.ts';
import { renderCancellationEmail } from '../../src/mail/cancellation-email.ts';
import { customerDetails } from '../../src/providers/identifiers.ts';
import type { Provider } from '../../src/providers/provider.ts';
import { clientPositions } from '../../src/requests/client-positions.ts';
import { requestForClient } from '../../src/requests/client-view.ts';
import type { FloorStore } from './store.ts';

type Row = Record<string, string | number | null>;
const CLIENT_COLUMNS = 'id, status, provider_id, client_reference, reference, outcome, answered_at, follow_up, first_opened_at, created_at, updated_at, change_seq';

/**
 * The API floors' reads: the key's client by the key's hash, then (the status poll) the client's request.
 * A key's hash is remembered, as the service remembers it (`authenticateApiKey`): a floor that hashed
 * on every request would be slower than the service may be.
 */
export function apiFloorReads({ sqlite }: FloorStore) {
  const clientByKeyHash = sqlite.prepare<[string], { id: string }>('SELECT id FROM api_clients WHERE key_hash = ?');
  const clientRequest = sqlite.prepare<[string, string], Row>(`SELECT ${CLIENT_COLUMNS} FROM cancellation_requests WHERE id = ? AND client_id = ?`);
  const hashes = new Map<string, string>();
  const hashOf = (key: string) => {
    let hash = hashes.get(key);
    if (hash === undefined) hashes.set(key, (hash = createHash('sha256').update(key).digest('hex')));
    return hash;
  };
  return {
    clientOfKey: (key: string) => clientByKeyHash.get(hashOf(key)),
    request: (id: string, clientId: string) => clientRequest.get(id, clientId),
  };
}

/**
 * The API endpoints' floors: the key's client looked up by its hash, then only the endpoint's own work
 * (the status poll's read; the list poll's query and page; a create's link, email and one transaction
 * of its rows), and the same JSON back. No validation, middleware, logging, ETag or error handling.
 */
export function apiFloors(app: Hono, store: FloorStore, config: Config, provider: Provider): void {
  const { sqlite } = store;
  const reads = apiFloorReads(store);
  // The service's list query (src/db/requests.ts, listClientRequestsByChange) as it compiles it.
  const changedSince = sqlite.prepare<[string, string, string, string, number], Row>(
    `SELECT ${CLIENT_COLUMNS} FROM cancellation_requests WHERE client_id = ? AND +updated_at >= ? AND change_seq >= (
       SELECT min(change_seq) FROM cancellation_requests AS changed WHERE changed.client_id = ? AND changed.updated_at >= ?)
     ORDER BY change_seq LIMIT ?`,
  );
  const positions = clientPositions(config.tokenKeys);
  const clientOf = (authorization: string | undefined) => reads.clientOfKey(authorization?.slice('Bearer '.length) ?? '');

  app.get('/api/v1/cancellation-requests/:id', (c) => {
    const client = clientOf(c.req.header('authorization'));
    if (!client) return c.json({ error: 'unauthorized' }, 401);
    const row = reads.request(c.req.param('id'), client.id);
    if (!row) return c.json({ error: 'not_found' }, 404);
    return c.json(requestForClient(row as never));
  });

  app.get('/api/v1/cancellation-requests', (c) => {
    const client = clientOf(c.req.header('authorization'));
    if (!client) return c.json({ error: 'unauthorized' }, 401);
    const limit = Number(c.req.query('limit') ?? 50);
    const since = c.req.query('updatedSince') ?? '';
    const rows = changedSince.all(client.id, since, client.id, since, limit + 1);
    const page = rows.slice(0, limit);
    return c.json({
      data: page.map((row) => requestForClient(row as never)),
      nextCursor: positions.cursor(client.id, Number(page.at(-1)?.change_seq ?? 0)),
      hasMore: rows.length > limit,
    });
  });

  app.post('/api/v1/cancellation-requests', async (c) => {
    const client = clientOf(c.req.header('authorization'));
    if (!client) return c.json({ error: 'unauthorized' }, 401);
    const input = (await c.req.json()) as { customer: Record<string, string>; reference?: string };
    const now = new Date();
    const at = now.toISOString();
    const [id, linkId, reference, outboxId] = [randomIds.id('cr'), randomIds.id('ln'), randomIds.reference(), randomIds.id('ob')];
    const token = await signReplyToken(config.tokenKeys, { requestId: id, linkId, issuedAt: now, expiresAt: new Date(now.getTime() + 40 * DAY_MS) });
    const email = await renderCancellationEmail({
      locale: provider.locale,
      providerName: provider.name,
      reference,
      requestedOn: at.slice(0, 10),
      customerName: `${input.customer.first_name} ${input.customer.last_name}`,
      identifiers: customerDetails(provider.identifiers, input.customer, provider.locale),
      replyUrl: replyLink(config.publicUrl, token),
      repliesByEmail: false,
    });
    const clientReference = input.reference ?? '';
    store.transaction(
      newRequestWrites(store.db, {
        request: {
          id, reference, client_id: client.id, client_reference: clientReference, provider_id: provider.id, customer: JSON.stringify(input.customer),
          status: 'queued', outcome: null, answered_at: null, link_id: linkId, idempotency_key: null,
          body_hash: createHash('sha256').update(JSON.stringify(input)).digest('hex'), created_at: at, updated_at: at, closed_at: null,
          waiting_since: null, reminders_sent: 0, lifecycle_due_at: null, erased_at: null, reply_key: null, follow_up_binding_contract: 1,
          follow_up_of: null, follow_up: null, first_opened_at: null, first_answered_at: null, answer_seconds: null, outcome_type: null,
        },
        history: { id: randomIds.id('ev'), actor: `app:${client.id}` },
        email: {
          id: outboxId, request_id: id, kind: 'cancellation_request', recipients: JSON.stringify(provider.emails), reply_to: null,
          message_id: `${randomIds.id('msg')}@127.0.0.1`, subject: email.subject, html: email.html, text: email.text,
          idempotency_key: `outbox/${outboxId}`, status: 'queued', attempts: 0, next_attempt_at: at, created_at: at,
        },
        providerMessageId: randomIds.id('msg'),
      }),
    );
    const view = { id, reference, status: 'queued' as const, provider_id: provider.id, client_reference: clientReference, outcome: null, answered_at: null, follow_up: null, first_opened_at: null, created_at: at, updated_at: at };
    return c.json(requestForClient(view), 201);
  });
}
