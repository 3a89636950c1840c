import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * A fake Resend API on a real 127.0.0.1 port, so tests go through the real `resend` SDK and real
 * `fetch` (headers, JSON, status codes, connection errors) instead of mocking the SDK away.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names, as fetch sends them. */
  headers: Record<string, string>;
  idempotencyKey: string | null;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
}

/** One scripted reply. A string body is sent as-is (e.g. a proxy's HTML page), anything else as JSON. */
export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface AcceptedEmail {
  id: string;
  idempotencyKey: string | null;
  /** Position in its batch, for emails that came through `/emails/batch`. */
  batchIndex?: number;
  email: Record<string, unknown>;
}

/** An email the fake's receiving API holds, as `GET /emails/receiving/:id` describes it. */
export interface FakeReceivedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  message_id: string;
  headers?: Record<string, string>;
  text?: string | null;
  html?: string | null;
  received_for?: string[];
  /** The raw message, served from a download link on the fake itself; null: Resend offers no raw. */
  raw: string | Uint8Array | null;
}

export interface FakeResend {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Deliveries, keyed by idempotency key (`<key>#<index>` for batch members; the id when there is no key). */
  accepted: Map<string, AcceptedEmail>;
  /** Emails that arrived again under a key already accepted, and were answered without delivering. */
  readonly duplicatesSuppressed: number;
  /** Makes the receiving API hold this email (as Resend does once it received it). */
  receive(email: FakeReceivedEmail): void;
  /** The next `n` requests get `response` instead of being handled. */
  failNext(n: number, response: ScriptedResponse): void;
  /** Drops every scripted response still queued: the fake behaves normally again. */
  stopFailing(): void;
  close(): Promise<void>;
}

const MAX_BATCH = 100; // Resend's documented batch limit
/** The parsed request body, read once by the recording middleware. */
type Env = { Variables: { body: unknown } };

/**
 * `delayMs`: each answer takes this long, like a real API over a network (the crash test kills mid-drain).
 * `recordContent: false` keeps counts and keys but no bodies: the benchmark sends 100,000 emails of
 * about 10 KB each through it, which a full record would hold in memory as a gigabyte.
 */
export async function startFakeResend(options: { delayMs?: number; recordContent?: boolean } = {}): Promise<FakeResend> {
  const recordContent = options.recordContent ?? true;
  const requests: RecordedRequest[] = [];
  const accepted = new Map<string, AcceptedEmail>();
  const received = new Map<string, FakeReceivedEmail>();
  const script: ScriptedResponse[] = [];
  // What each key was first sent with: Resend answers a replay with the original response, but
  // refuses (409) the same key on a different payload, which would mean our keys are not per-email.
  // The payload is kept as a digest: the comparison is all it is for.
  const seen = new Map<string, { payload: string; ids: (string | null)[] }>();
  let duplicatesSuppressed = 0;

  const fail = (c: Context<Env>, status: number, name: string, message: string) =>
    c.json({ statusCode: status, name, message }, status as ContentfulStatusCode);
  const keyReused = (c: Context<Env>) =>
    fail(c, 409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');

  /**
   * Accepts `emails` under `key` once; a replay gets the first ids and delivers nothing. Null: key reused.
   * `refused` (batch indexes Resend turned down in permissive mode) are not delivered and get no id.
   */
  function deliver(key: string | null, emails: Record<string, unknown>[], batch: boolean, refused = new Set<number>()): (string | null)[] | null {
    const payload = createHash('sha256').update(JSON.stringify(emails)).digest('base64');
    const earlier = key ? seen.get(key) : undefined;
    if (earlier) {
      if (earlier.payload !== payload) return null;
      duplicatesSuppressed += emails.length - refused.size;
      return earlier.ids;
    }
    const ids = emails.map((email, index) => {
      if (refused.has(index)) return null;
      const id = randomUUID();
      const mapKey = key === null ? id : batch ? `${key}#${index}` : key;
      accepted.set(mapKey, { id, idempotencyKey: key, ...(batch ? { batchIndex: index } : {}), email: recordContent ? email : {} });
      return id;
    });
    if (key) seen.set(key, { payload, ids });
    return ids;
  }

  const missingField = (email: Record<string, unknown>) =>
    ['from', 'to', 'subject'].find((field) => email[field] === undefined || email[field] === '');

  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const text = await c.req.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the raw text so a test can see what was actually sent.
    }
    requests.push({
      method: c.req.method,
      path: c.req.path,
      headers: { ...c.req.header() },
      idempotencyKey: c.req.header('idempotency-key') ?? null,
      body: recordContent ? body : undefined,
    });
    c.set('body', body);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));

    const scripted = script.shift();
    if (scripted) {
      const { status, headers, body: replyBody } = scripted;
      const raw = typeof replyBody === 'string' ? replyBody : JSON.stringify(replyBody ?? {});
      const type = typeof replyBody === 'string' ? 'text/html' : 'application/json';
      return new Response(raw, { status, headers: { 'content-type': type, ...headers } });
    }
    // A raw download link is signed in itself (like Resend's): it is fetched without the API key.
    if (!c.req.path.startsWith('/raw/') && !/^Bearer \S+$/.test(c.req.header('authorization') ?? '')) {
      return fail(c, 401, 'missing_api_key', 'Missing API key in the authorization header.');
    }
    await next();
  });

  app.post('/emails', (c) => {
    const email = c.get('body');
    if (!email || typeof email !== 'object' || Array.isArray(email)) {
      return fail(c, 422, 'validation_error', 'The request body must be a JSON object.');
    }
    const field = missingField(email as Record<string, unknown>);
    if (field) return fail(c, 422, 'missing_required_field', `The \`${field}\` field is missing.`);
    const ids = deliver(c.req.header('idempotency-key') ?? null, [email as Record<string, unknown>], false);
    return ids ? c.json({ id: ids[0]! }) : keyReused(c);
  });

  app.post('/emails/batch', (c) => {
    const emails = c.get('body');
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > MAX_BATCH) {
      return fail(c, 422, 'validation_error', `A batch is an array of 1 to ${MAX_BATCH} emails.`);
    }
    const invalid = emails.flatMap((email, index) => {
      const field = missingField(email as Record<string, unknown>);
      return field ? [{ index, message: `The \`${field}\` field is missing.` }] : [];
    });
    // Strict (Resend's default) refuses the whole batch for one invalid email; permissive sends the rest.
    const permissive = c.req.header('x-batch-validation') === 'permissive';
    if (invalid.length > 0 && !permissive) return fail(c, 422, 'validation_error', `Email ${invalid[0]!.index} is missing a required field.`);
    const ids = deliver(c.req.header('idempotency-key') ?? null, emails as Record<string, unknown>[], true, new Set(invalid.map((e) => e.index)));
    if (!ids) return keyReused(c);
    const data = ids.filter((id): id is string => id !== null).map((id) => ({ id }));
    return c.json(permissive ? { data, errors: invalid } : { data });
  });

  app.get('/emails/receiving/:id', (c) => {
    const email = received.get(c.req.param('id'));
    if (!email) return fail(c, 404, 'not_found', 'Email not found');
    const { raw, ...fields } = email;
    const download_url = `${new URL(c.req.url).origin}/raw/${email.id}`;
    return c.json({
      object: 'email',
      created_at: '2026-12-07T09:41:07.000Z',
      cc: null,
      bcc: null,
      reply_to: null,
      received_for: email.to,
      headers: null,
      text: null,
      html: null,
      attachments: [],
      ...fields,
      raw: raw === null ? null : { download_url, expires_at: '2026-12-07T10:41:07.000Z' },
    });
  });

  // Streamed in chunks without a length, as a large download arrives: the reader must cut it off itself.
  app.get('/raw/:id', (c) => {
    const raw = received.get(c.req.param('id'))?.raw;
    if (raw === undefined || raw === null) return fail(c, 404, 'not_found', 'No raw message');
    const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.byteLength) return controller.close();
        controller.enqueue(bytes.slice(offset, (offset += 64 * 1024)));
      },
    });
    return new Response(stream, { headers: { 'content-type': 'message/rfc822' } });
  });

  app.notFound((c) => fail(c, 404, 'not_found', `No fake for ${c.req.method} ${c.req.path}.`));

  // overrideGlobalObjects: false keeps node-server from swapping the global Request/Response under
  // the SDK we are testing in this same process.
  let server!: ReturnType<typeof serve>;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', overrideGlobalObjects: false }, () =>
      resolve((server.address() as AddressInfo).port),
    );
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    get duplicatesSuppressed() {
      return duplicatesSuppressed;
    },
    receive(email) {
      received.set(email.id, email);
    },
    failNext(n, response) {
      for (let i = 0; i < n; i++) script.push(response);
    },
    stopFailing() {
      script.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive; without this close() would wait for them to time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
