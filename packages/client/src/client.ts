import createClient from 'openapi-fetch';
import { ChangeFeed, type ChangeFeedOptions } from './change-feed.js';
import type { components, paths } from './openapi.js';
import { errorFrom, failed, networkError, ok, type Result } from './result.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryingFetch } from './retrying-fetch.js';

export type CancellationRequest = components['schemas']['CancellationRequest'];
export type NewCancellationRequest = components['schemas']['NewCancellationRequest'];
export type CancellationRequestPage = components['schemas']['CancellationRequestPage'];
export type Provider = components['schemas']['Provider'];
export type Outcome = NonNullable<components['schemas']['Outcome']>;

export interface CanceldeskOptions {
  /** From `canceldesk clients create`. */
  apiKey: string;
  /** Where the service runs, as its PUBLIC_URL says (`https://cancel.example.com`); the client adds `/api/v1`. */
  baseUrl: string;
  /** Another fetch (a test's, a proxy's); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** How GETs and keyed POSTs are retried on 429, 5xx and network errors. */
  retry?: Partial<RetryPolicy>;
}

export interface ListOptions {
  /** Where a poll starts (a date reads as midnight UTC); not with `cursor`. */
  updatedSince?: string | Date;
  /** Where a poll continues: a `nextCursor` the API gave. */
  cursor?: string;
  /** 1–200, 50 by default. */
  limit?: number;
}

/** The ETags of requests read lately, so a re-read of an unchanged one costs a 304; the oldest go first. */
const REMEMBERED_REQUESTS = 1_000;

/** A UUID where the runtime has one (everywhere but Node 18 without its flag); 128 random bits otherwise. */
const newIdempotencyKey = () =>
  (globalThis as { crypto?: { randomUUID?: () => string } }).crypto?.randomUUID?.() ?? Array.from({ length: 4 }, () => Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')).join('-');

/** The Canceldesk app API: `new Canceldesk({ apiKey, baseUrl })`, then `providers` and `requests`. */
export class Canceldesk {
  readonly providers: { get: (id: string) => Promise<Result<Provider>> };
  readonly requests: {
    create: (body: NewCancellationRequest, options?: { idempotencyKey?: string }) => Promise<Result<CancellationRequest>>;
    get: (id: string) => Promise<Result<CancellationRequest>>;
    list: (options?: ListOptions) => Promise<Result<CancellationRequestPage>>;
    changes: (options?: ChangeFeedOptions) => ChangeFeed;
  };

  readonly #api: ReturnType<typeof createClient<paths>>;
  readonly #seen = new Map<string, { etag: string; request: CancellationRequest }>();

  constructor(options: CanceldeskOptions) {
    const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    this.#api = createClient<paths>({
      baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/api/v1`,
      headers: { authorization: `Bearer ${options.apiKey}` },
      fetch: retryingFetch(fetch, { ...DEFAULT_RETRY_POLICY, ...options.retry }),
    });
    this.providers = { get: (id) => this.#call(() => this.#api.GET('/providers/{id}', { params: { path: { id } } })) };
    this.requests = {
      create: (body, { idempotencyKey = newIdempotencyKey() } = {}) =>
        // The key makes a retry safe: the server answers a repeat with the request it already made.
        this.#call(() => this.#api.POST('/cancellation-requests', { body, params: { header: { 'idempotency-key': idempotencyKey } } })),
      get: (id) => this.#getRequest(id),
      list: (query = {}) => this.#list(query),
      changes: (start = {}) => new ChangeFeed((query) => this.#list(query), start),
    };
  }

  async #list({ updatedSince, cursor, limit }: ListOptions): Promise<Result<CancellationRequestPage>> {
    const since = updatedSince instanceof Date ? updatedSince.toISOString() : updatedSince;
    return this.#call(() => this.#api.GET('/cancellation-requests', { params: { query: { updatedSince: since, cursor, limit } } }));
  }

  async #getRequest(id: string): Promise<Result<CancellationRequest>> {
    const seen = this.#seen.get(id);
    let answer;
    try {
      answer = await this.#api.GET('/cancellation-requests/{id}', { params: { path: { id } }, headers: seen ? { 'if-none-match': seen.etag } : {} });
    } catch (error) {
      return failed(networkError(error));
    }
    const { data, error, response } = answer;
    if (response.status === 304 && seen) return ok(seen.request);
    // Forgotten when it changed or is gone; set again below, it moves to the newest end of the map.
    this.#seen.delete(id);
    if (!data) return failed(errorFrom(error, response));
    const etag = response.headers.get('etag');
    if (etag) {
      this.#seen.set(id, { etag, request: data });
      if (this.#seen.size > REMEMBERED_REQUESTS) this.#seen.delete(this.#seen.keys().next().value!);
    }
    return ok(data);
  }

  async #call<T>(send: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
    try {
      const { data, error, response } = await send();
      return data !== undefined && response.ok ? ok(data) : failed(errorFrom(error, response));
    } catch (error) {
      return failed(networkError(error));
    }
  }
}
