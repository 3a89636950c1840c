import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../../src/error-body.ts';
import { PROVIDER_WEBHOOK_EVENT_TYPES, WEBHOOK_EVENT_TYPES } from '../../src/webhook-events.ts';
import { ACME_GYM, JANE, testDeps } from '../support/test-deps.ts';
import { autoReply, matchedWithSuggestion, matchedWithoutSuggestion, unmatched } from '../support/email-reply-rows.ts';

// The OpenAPI document at /api/v1/openapi.json describes every JSON endpoint under /api/v1 (the apps',
// support's and the operator's), and what they answer is what it says.

const ADMIN_TOKEN = 'admin-token-for-the-document-0123456789';

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string; content?: { 'application/json'?: { schema: unknown } } }>;
}
/** An error response's schema: the shared Error with `code` narrowed to what this response can carry. */
interface ErrorResponseSchema {
  allOf: [{ $ref: string }, { properties: { error: { properties: { code: { enum: ErrorCode[] } } } } }];
}
interface Webhook {
  post: Operation & {
    parameters: { name: string; in: string; required: boolean }[];
    requestBody: { content: { 'application/json': { schema: { properties: { type: { enum: string[] }; data: unknown }; required: string[] } } } };
  };
}
interface Document {
  webhooks: Record<string, Webhook>;
  servers?: { url: string }[];
  info: { license?: { name: string } };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

type App = Awaited<ReturnType<typeof testDeps>>['app'];

const documentOf = async (app: App) => (await (await app.request('/api/v1/openapi.json')).json()) as Document;

const operations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));

/** What the app routes under /api/v1 (middleware and the document itself aside), in the document's path syntax. */
// Not JSON endpoints: the document itself, and the page (with its script) that renders it.
const DOCUMENT_AND_PAGE = new Set(['/api/v1/openapi.json', '/api/v1/docs', '/api/v1/docs/:file']);

const servedRoutes = (app: App) =>
  new Set(
    app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/') && !DOCUMENT_AND_PAGE.has(r.path))
      .map((r) => `${r.method} ${r.path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')}`),
  );

const configurations: [string, Record<string, string>][] = [
  ['with the admin API', { ADMIN_TOKEN }],
  ['without ADMIN_TOKEN', {}],
  ['in production', { NODE_ENV: 'production', ADMIN_TOKEN, TOKEN_SECRETS: `k1:${'p'.repeat(40)}`, RESEND_API_KEY: 're_test' }],
];

describe.each(configurations)('the document %s', async (_, env) => {
  const { app } = await testDeps(env);
  const doc = await documentOf(app);

  it('lists exactly the routes the app serves under /api/v1, method by method', () => {
    const documented = operations(doc).map(({ method, path }) => `${method} ${path}`);
    expect(documented.sort()).toEqual([...servedRoutes(app)].sort());
  });
});

describe('the document', async () => {
  const { app } = await testDeps({ ADMIN_TOKEN });
  const doc = await documentOf(app);
  const ops = operations(doc);

  it('resolves its paths under /api/v1 through servers, and carries a license', () => {
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    expect(doc.info.license?.name).toBeTruthy();
    expect(ops.length).toBeGreaterThan(20);
  });

  it('gives every operation a unique operationId and one tag of app, support, admin or provider', () => {
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { method, path, op } of ops) expect([method, path, op.tags]).toEqual([method, path, [expect.toBeOneOf(['app', 'support', 'admin', 'provider'])]]);
    expect(new Set(ops.map(({ op }) => op.tags![0]))).toEqual(new Set(['app', 'support', 'admin', 'provider']));
  });

  it("names each operation's bearer scheme: the app's key, a support session, the admin token or a provider's key; only the support login takes none", () => {
    const schemeOfTag = { app: 'apiKey', support: 'supportSession', admin: 'adminToken', provider: 'providerKey' } as const;
    for (const scheme of Object.values(schemeOfTag)) expect(doc.components.securitySchemes[scheme]).toMatchObject({ type: 'http', scheme: 'bearer' });
    const open = ops.filter(({ op }) => op.security?.length === 0).map(({ method, path }) => `${method} ${path}`);
    expect(open).toEqual(['POST /support/sessions']);
    for (const { method, path, op } of ops.filter(({ op }) => op.security?.length !== 0)) {
      const tag = op.tags![0] as keyof typeof schemeOfTag;
      expect([method, path, op.security]).toEqual([method, path, [{ [schemeOfTag[tag]]: [] }]]);
    }
  });

  it('describes every error response as the one error schema with the codes it can carry, each named in its description', () => {
    const errors = ops.flatMap(({ method, path, op }) =>
      Object.entries(op.responses)
        .filter(([status]) => Number(status) >= 400)
        .map(([status, response]) => ({ at: `${method} ${path} ${status}`, response })),
    );
    expect(errors.length).toBeGreaterThan(50);
    for (const { at, response } of errors) {
      const schema = response.content?.['application/json']?.schema as ErrorResponseSchema;
      expect([at, schema.allOf[0]]).toEqual([at, { $ref: '#/components/schemas/Error' }]);
      const codes = schema.allOf[1].properties.error.properties.code.enum;
      expect([at, codes.length > 0 && codes.every((code) => ERROR_CODES.includes(code))]).toEqual([at, true]);
      for (const code of codes) expect([at, response.description]).toEqual([at, expect.stringContaining(`\`${code}\``)]);
    }
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error'] });
  });
});

describe('the document under a standard linter', async () => {
  const { app } = await testDeps({ ADMIN_TOKEN });
  const text = await (await app.request('/api/v1/openapi.json')).text();

  it("has no error and no warning under Redocly's recommended rules", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: text, absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  });
});

/** Every `cancellation_request.…` event name written in src: what the code can queue as a webhook message. */
const eventNamesInSource = () => {
  const src = join(import.meta.dirname, '../../src');
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  return new Set(files.flatMap((file) => [...readFileSync(join(src, file), 'utf8').matchAll(/'(cancellation_request\.\w+)'/g)].map(([, name]) => name!)));
};

describe('the webhooks an app receives', async () => {
  const { app } = await testDeps({});
  const doc = await documentOf(app);

  it('are documented one per event the code can send, no more and no fewer', () => {
    const everyEvent = [...WEBHOOK_EVENT_TYPES, ...PROVIDER_WEBHOOK_EVENT_TYPES].sort();
    expect(Object.keys(doc.webhooks).sort()).toEqual(everyEvent);
    expect([...eventNamesInSource()].sort()).toEqual(everyEvent);
  });

  it('each carry the Standard Webhooks headers and the envelope { type, timestamp, data } with data the request as the API shows it', () => {
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      const headers = post.parameters.filter((p) => p.in === 'header' && p.required).map((p) => p.name);
      expect([type, headers]).toEqual([type, ['webhook-id', 'webhook-timestamp', 'webhook-signature']]);
      const { schema } = post.requestBody.content['application/json'];
      expect([type, schema.required, schema.properties.type.enum, schema.properties.data]).toEqual([
        type,
        ['type', 'timestamp', 'data'],
        [type],
        { $ref: `#/components/schemas/${(PROVIDER_WEBHOOK_EVENT_TYPES as string[]).includes(type) ? 'ProviderCancellationRequest' : 'CancellationRequest'}` },
      ]);
      expect(post.operationId).toMatch(/^cancellationRequest[A-Z]/);
    }
  });
});

describe('credentials first', async () => {
  const { app } = await testDeps({ ADMIN_TOKEN });
  const doc = await documentOf(app);
  const withBodyAndCredential = operations(doc).filter(({ op }) => 'requestBody' in op && op.security?.length !== 0);

  it('refuses a call without its credential before reading the body, on every operation that takes both', async () => {
    expect(withBodyAndCredential.length).toBeGreaterThan(5);
    for (const { method, path } of withBodyAndCredential) {
      const res = await app.request(`/api/v1${path.replace('{id}', 'x')}`, { method, headers: { 'content-type': 'text/plain' }, body: 'not json' });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });
});

describe('what the endpoints answer', async () => {
  const { app, deps } = await testDeps({ ADMIN_TOKEN });
  const doc = await documentOf(app);
  const ops = operations(doc);
  const base = doc.servers?.[0]?.url ?? '';
  // The document's schemas as a JSON Schema's $defs, so a response schema's $refs resolve.
  const asDefs = <T>(value: T): T => JSON.parse(JSON.stringify(value).replaceAll('#/components/schemas/', '#/$defs/'));
  const defs = asDefs(doc.components.schemas);
  const called = new Set<string>();

  /**
   * Calls an operation the way a client generated from the document would (servers + path), then
   * checks that the status is one the operation documents and the body fits the schema given for it.
   */
  async function call(operationId: string, options: { id?: string; token?: string; body?: unknown; contentType?: string; query?: string; headers?: Record<string, string> } = {}) {
    const found = ops.find(({ op }) => op.operationId === operationId);
    if (!found) throw new Error(`no operation ${operationId}`);
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
    const path = found.path.replace('{id}', options.id ?? '');
    const res = await app.request(`${base}${path}${options.query ?? ''}`, {
      method: found.method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const response = found.op.responses[String(res.status)];
    expect(response, `${operationId} answered ${res.status}, which it does not document`).toBeDefined();
    const schema = response!.content?.['application/json']?.schema;
    const body = schema ? await res.json() : null;
    if (schema) {
      const parsed = z.fromJSONSchema({ ...asDefs(schema as object), $defs: defs } as Parameters<typeof z.fromJSONSchema>[0]).safeParse(body);
      expect(parsed.error?.issues ?? [], `${operationId} ${res.status}: ${JSON.stringify(body)}`).toEqual([]);
    }
    called.add(operationId);
    return { status: res.status, body: body as Record<string, unknown> & { error?: { code: string } } };
  }

  it('answers every operation as documented, through a whole request and its errors', async () => {
    const admin = { token: ADMIN_TOKEN };
    expect((await call('importProviders', { ...admin, body: [ACME_GYM] })).status).toBe(200);
    expect((await call('importProviders', { ...admin, body: [{ id: 'Bad Id' }] })).status).toBe(400);
    expect((await call('listProviders', admin)).status).toBe(200);
    expect((await call('getProviderStats', { ...admin, query: '?provider=acme-gym' })).status).toBe(200);
    expect((await call('getProviderStats', { ...admin, query: '?provider=nobody' })).status).toBe(400);
    expect((await call('listProviders')).status).toBe(401);
    const client = await call('createApiClient', { ...admin, body: { name: 'Documented app' } });
    expect(client.status).toBe(201);
    expect((await call('createApiClient', { ...admin, body: 'name=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call('updateApiClient', { ...admin, id: String(client.body.id), body: { webhookUrl: null } })).status).toBe(200);
    expect((await call('updateApiClient', { ...admin, id: 'cli_missing', body: {} })).status).toBe(404);

    const app = { token: String(client.body.apiKey) };
    expect((await call('getProvider', { ...app, id: 'acme-gym' })).status).toBe(200);
    expect((await call('getProvider', { ...app, id: 'nobody' })).status).toBe(404);
    const created = await call('createCancellationRequest', { ...app, body: { provider: 'acme-gym', customer: JANE, reference: 'doc-1' } });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    expect((await call('createCancellationRequest', { ...app, body: { provider: 'acme-gym', customer: {} } })).status).toBe(400);
    expect((await call('getCancellationRequest', { ...app, id })).status).toBe(200);
    expect((await call('getCancellationRequest', { id })).status).toBe(401);
    expect((await call('listChangedCancellationRequests', { ...app, query: '?limit=10' })).status).toBe(200);
    expect((await call('listChangedCancellationRequests', { ...app, query: '?limit=0' })).status).toBe(400);

    const providerKey = await call('createProviderKey', { ...admin, id: 'acme-gym' });
    expect(providerKey.status).toBe(201);
    expect((await call('createProviderKey', { ...admin, id: 'nobody' })).status).toBe(404);
    expect((await call('setProviderWebhook', { ...admin, id: 'acme-gym', body: { webhookUrl: 'https://hooks.acme.example/in' } })).status).toBe(200);
    expect((await call('setProviderWebhook', { ...admin, id: 'acme-gym', body: { webhookUrl: 'ftp://x' } })).status).toBe(400);
    expect((await call('setProviderWebhook', { ...admin, id: 'acme-gym', body: { webhookUrl: null } })).status).toBe(200);
    const provider = { token: String(providerKey.body.apiKey) };
    expect((await call('listProviderCancellationRequests', { ...provider, query: '?status=open' })).status).toBe(200);
    expect((await call('listProviderCancellationRequests', { ...provider, query: '?cursor=forged' })).status).toBe(400);
    expect((await call('getProviderCancellationRequest', { ...provider, id })).status).toBe(200);
    expect((await call('getProviderCancellationRequest', { ...app, id })).status).toBe(401);
    expect((await call('answerProviderCancellationRequest', { ...provider, id, body: { outcome: 'cancelled' } })).status).toBe(422);
    expect((await call('answerProviderCancellationRequest', { ...provider, id: 'cr_missing', body: { outcome: 'not_found' } })).status).toBe(404);
    const keyed = { ...provider, id, body: { outcome: 'not_found' }, headers: { 'idempotency-key': 'doc-answer' } };
    expect((await call('answerProviderCancellationRequest', keyed)).status).toBe(201);
    expect((await call('answerProviderCancellationRequest', { ...keyed, body: { outcome: 'other', message: 'x' } })).status).toBe(409);
    expect((await call('revokeProviderKey', { ...admin, id: String(providerKey.body.id) })).status).toBe(200);
    expect((await call('revokeProviderKey', { ...admin, id: 'pk_missing' })).status).toBe(404);
    expect((await call('listProviderCancellationRequests', provider)).status).toBe(401);

    const account = await call('createSupportAccount', { ...admin, body: { email: 'docs@example.com' } });
    expect(account.status).toBe(201);
    expect((await call('createSupportSession', { body: { email: 'docs@example.com', password: 'wrong' } })).status).toBe(401);
    const session = await call('createSupportSession', { body: { email: 'docs@example.com', password: account.body.password } });
    expect(session.status).toBe(201);
    const support = { token: String(session.body.token) };
    expect((await call('listSupportRequests', support)).status).toBe(200);
    expect((await call('getSupportProviderStats', { ...support, query: '?days=7' })).status).toBe(200);
    expect((await call('getSupportProviderStats', { ...support, query: '?days=0' })).status).toBe(400);
    expect((await call('getSupportRequest', { ...support, id })).status).toBe(200);
    expect((await call('getSupportRequest', { ...support, id: 'cr_missing' })).status).toBe(404);
    expect((await call('drainOutbox', admin)).status).toBe(200);
    expect((await call('listOutbox', { ...admin, query: `?request=${id}` })).status).toBe(200);
    expect((await call('resendSupportRequestEmail', { ...support, id })).status).toBe(200);
    expect((await call('reissueSupportRequestLink', { ...support, id })).status).toBe(200);
    expect((await call('answerSupportRequest', { ...support, id, body: { outcome: 'other', message: 'Ask their HR' } })).status).toBe(200);
    expect((await call('getCancellationRequest', { ...app, id })).body).toMatchObject({ status: 'answered', outcome: { type: 'other' } });
    expect((await call('closeSupportRequest', { ...support, id })).status).toBe(200);
    expect((await call('closeSupportRequest', { ...support, id })).status).toBe(409);
    expect((await call('getRequestAsOperator', { ...admin, id })).status).toBe(200);
    expect((await call('runLifecycle', admin)).status).toBe(200);
    expect((await call('issueInboxLink', { ...admin, id: 'acme-gym', body: {} })).status).toBe(201);
    expect((await call('issueInboxLink', { ...admin, id: 'acme-gym', body: { days: 0 } })).status).toBe(400);
    expect((await call('issueInboxLink', { ...admin, id: 'nobody', body: {} })).status).toBe(404);
    expect((await call('revokeInboxLinks', { ...admin, id: 'acme-gym' })).status).toBe(200);
    expect((await call('revokeInboxLinks', { ...admin, id: 'nobody' })).status).toBe(404);
    const waiting = await call('createCancellationRequest', { ...app, body: { provider: 'acme-gym', customer: JANE } });
    const replied = String(waiting.body.id);
    const suggested = await matchedWithSuggestion(deps, replied);
    const loose = await unmatched(deps);
    const question = await matchedWithoutSuggestion(deps, replied);
    await autoReply(deps, replied);
    expect((await call('listSupportEmailReplies', { ...support, query: '?state=open&matched=true' })).status).toBe(200);
    expect((await call('listSupportEmailReplies', { ...support, query: '?state=shut' })).status).toBe(400);
    expect((await call('getSupportEmailReply', { ...support, id: suggested })).status).toBe(200);
    expect((await call('getSupportEmailReply', { ...support, id: 'er_missing' })).status).toBe(404);
    expect((await call('getSupportRequest', { ...support, id: replied })).body.emailReplies).toHaveLength(3);
    expect((await call('assignSupportEmailReply', { ...support, id: loose, body: { requestId: 'CD-NOWHERE' } })).status).toBe(400);
    expect((await call('assignSupportEmailReply', { ...support, id: loose, body: { requestId: replied } })).status).toBe(200);
    expect((await call('acceptSupportEmailReplySuggestion', { ...support, id: question })).status).toBe(409);
    expect((await call('acceptSupportEmailReplySuggestion', { ...support, id: suggested })).status).toBe(200);
    expect((await call('recordSupportEmailReplyOutcome', { ...support, id: loose, body: { outcome: 'cancelled', date: 'soon' } })).status).toBe(400);
    expect((await call('recordSupportEmailReplyOutcome', { ...support, id: loose, body: { outcome: 'not_found' } })).status).toBe(200);
    expect((await call('markSupportEmailReplyHandled', { ...support, id: question })).status).toBe(200);
    expect((await call('markSupportEmailReplyHandled', { ...support, id: question })).status).toBe(409);
    const email = `From: cancellations@acme.example\r\nSubject: Re: ${String(created.body.id)}\r\nMessage-ID: <doc@acme.example>\r\n\r\nCancelled.\r\n`;
    const received = await call('receiveInboundEmail', { ...admin, body: email, contentType: 'message/rfc822' });
    expect(received.status).toBe(201);
    expect((await call('receiveInboundEmail', { ...admin, body: email, contentType: 'message/rfc822' })).body).toEqual(received.body);
    expect((await call('receiveInboundEmail', { ...admin, body: email, contentType: 'text/plain' })).status).toBe(415);
    expect((await call('receiveInboundEmail', { ...admin, body: '', contentType: 'message/rfc822' })).status).toBe(400);
    expect((await call('deleteSupportSession', support)).status).toBe(204);
    expect((await call('listSupportRequests', support)).status).toBe(401);

    expect([...called].sort()).toEqual(ops.map(({ op }) => op.operationId).sort());
  });
});
