import { type ErrorBody, NO_SUCH_CLIENT, NO_SUCH_PROVIDER, NO_SUCH_PROVIDER_KEY, NO_SUCH_REQUEST } from '../error-body.ts';
import type { EmailReplySummary } from '../email-replies/receive.ts';
import type { StatsReport } from '../stats/provider-stats.ts';
import type { Operator } from './operator.ts';

/** The deployment answered something other than what the command can show. */
export class RemoteError extends Error {}

/**
 * The operator's actions against a running deployment, through its admin API: `canceldesk --url URL`
 * with ADMIN_TOKEN set. Answers come back in the same shapes as the local operator's, so every
 * command prints the same thing either way.
 */
export function remoteOperator(baseUrl: string, adminToken: string, fetchImpl: typeof fetch = fetch): Operator {
  const base = `${baseUrl.replace(/\/+$/, '')}/api/v1/admin`;

  /** A JSON body, or with `mediaType` the bytes as they are. */
  async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, mediaType?: string): Promise<{ status: number; json: unknown }> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': mediaType ?? 'application/json' }) },
        body: body === undefined ? undefined : mediaType ? (body as BodyInit) : JSON.stringify(body),
      });
    } catch (error) {
      throw new RemoteError(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const json = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
    return { status: response.status, json };
  }

  /** 2xx: the document; 400 with fields: the fields; anything else: one line saying what went wrong. */
  const expect = async <T>(request: Promise<{ status: number; json: unknown }>, ok: number): Promise<{ value: T } | { fields: Record<string, string> }> => {
    const { status, json } = await request;
    if (status === ok) return { value: json as T };
    const error = (json as ErrorBody | null)?.error;
    if (status === 400 && error?.fields) return { fields: error.fields };
    if (status === 401) throw new RemoteError(`${baseUrl} refused the admin token (${error?.message ?? status})`);
    if (status === 404) throw new RemoteError(`${baseUrl} has no such admin endpoint (is ADMIN_TOKEN set there? is this the outbox of a production deployment?)`);
    throw new RemoteError(`${baseUrl} answered ${status}: ${error?.message ?? 'no details'}`);
  };
  const value = async <T>(request: Promise<{ status: number; json: unknown }>): Promise<T> => {
    const result = await expect<T>(request, 200);
    if ('fields' in result) throw new RemoteError(`invalid: ${Object.entries(result.fields).map(([f, m]) => `${f} ${m}`).join('; ')}`);
    return result.value;
  };

  /** The document, or null for a 404 that says the thing itself (not the endpoint) is missing. */
  const unlessMissing = async <T>(request: Promise<{ status: number; json: unknown }>, ok: number, missing: string) => {
    const { status, json } = await request;
    if (status === 404 && (json as ErrorBody | null)?.error?.message === missing) return null;
    return expect<T>(Promise.resolve({ status, json }), ok);
  };
  const fieldsAsError = <T>(result: { value: T } | { fields: Record<string, string> } | null): T | null => {
    if (result && 'fields' in result) throw new RemoteError(`invalid: ${Object.entries(result.fields).map(([f, m]) => `${f} ${m}`).join('; ')}`);
    return result ? result.value : null;
  };

  return {
    async createProviderKey(providerId) {
      return fieldsAsError(await unlessMissing<never>(call('POST', `/providers/${encodeURIComponent(providerId)}/keys`), 201, NO_SUCH_PROVIDER));
    },
    async revokeProviderKey(keyId) {
      return fieldsAsError(await unlessMissing<never>(call('POST', `/provider-keys/${encodeURIComponent(keyId)}/revoke`), 200, NO_SUCH_PROVIDER_KEY));
    },
    async setProviderWebhook(providerId, webhookUrl) {
      const result = await unlessMissing<never>(call('PUT', `/providers/${encodeURIComponent(providerId)}/webhook`, { webhookUrl }), 200, NO_SUCH_PROVIDER);
      if (!result) return null;
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'done', endpoint: result.value };
    },
    async importProviders(file) {
      const result = await expect<{ imported: string[] }>(call('POST', '/providers', file), 200);
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'done', imported: result.value.imported };
    },
    listProviders: () => value(call('GET', '/providers')),
    async createClient(input) {
      const result = await expect<never>(call('POST', '/clients', input), 201);
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'done', client: result.value };
    },
    async updateClient(id, input) {
      const request = call('PATCH', `/clients/${encodeURIComponent(id)}`, input);
      const { status, json } = await request;
      if (status === 404 && (json as ErrorBody | null)?.error?.message === NO_SUCH_CLIENT) return null;
      const result = await expect<never>(Promise.resolve({ status, json }), 200);
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'done', client: result.value };
    },
    async createSupportAccount(input) {
      const result = await expect<never>(call('POST', '/support-accounts', input), 201);
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'done', account: result.value };
    },
    listOutbox: (filter) => {
      const query = new URLSearchParams();
      if (filter.to) query.set('to', filter.to);
      if (filter.requestId) query.set('request', filter.requestId);
      return value(call('GET', `/outbox${query.size ? `?${query}` : ''}`));
    },
    drainOutbox: () => value(call('POST', '/outbox/drain')),
    runLifecycle: () => value(call('POST', '/lifecycle/run')),
    async showRequest(id) {
      const { status, json } = await call('GET', `/requests/${encodeURIComponent(id)}`);
      if (status === 404 && (json as ErrorBody | null)?.error?.message === NO_SUCH_REQUEST) return null;
      return value(Promise.resolve({ status, json }));
    },
    async issueInboxLink(providerId, { days }) {
      const { status, json } = await call('POST', `/providers/${encodeURIComponent(providerId)}/inbox-links`, days === undefined ? {} : { days });
      if (status === 404 && (json as ErrorBody | null)?.error?.message === NO_SUCH_PROVIDER) return null;
      const result = await expect<{ url: string; expiresAt: string }>(Promise.resolve({ status, json }), 201);
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'done', ...result.value };
    },
    async revokeInboxLinks(providerId) {
      const { status, json } = await call('DELETE', `/providers/${encodeURIComponent(providerId)}/inbox-links`);
      if (status === 404 && (json as ErrorBody | null)?.error?.message === NO_SUCH_PROVIDER) return false;
      return (await value<{ revoked: boolean }>(Promise.resolve({ status, json }))).revoked;
    },
    async providerStats({ days, provider }) {
      const query = new URLSearchParams({ days: String(days), ...(provider === undefined ? {} : { provider }) });
      const result = await expect<StatsReport>(call('GET', `/stats?${query}`), 200);
      return 'fields' in result ? { kind: 'invalid', fields: result.fields } : { kind: 'report', report: result.value };
    },
    async receiveEmail(raw) {
      const { status, json } = await call('POST', '/inbound', raw, 'message/rfc822');
      if (status === 201) return { kind: 'stored', reply: json as EmailReplySummary };
      if (status === 200) return { kind: 'duplicate', reply: json as EmailReplySummary };
      // The deployment's refusals of the bytes themselves, said as the local use case says them.
      const message = (json as ErrorBody | null)?.error?.message ?? `${baseUrl} answered ${status}`;
      if (status === 413) return { kind: 'refused', reason: 'too_large', message };
      if (status === 400) return { kind: 'refused', reason: 'empty', message };
      return value(Promise.resolve({ status, json }));
    },
  };
}
