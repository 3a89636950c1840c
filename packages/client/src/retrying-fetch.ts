/** Retries for what is safe to send twice: a GET, or a POST the server recognises by its Idempotency-Key. */

export interface RetryPolicy {
  /** Tries after the first; 0 turns retrying off. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the error goes back to the caller instead. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  maxDelayMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const BASE_DELAY_MS = 500;

const worthRetrying = (status: number) => status === 429 || status >= 500;

const safeToRepeat = (request: Request) => request.method === 'GET' || request.method === 'HEAD' || request.headers.has('idempotency-key');

/** Retry-After's seconds or HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential, with jitter so clients that failed together do not come back together. */
const backoffMs = (attempt: number) => Math.min(8_000, BASE_DELAY_MS * 2 ** attempt) * (0.5 + Math.random() / 2);

export function retryingFetch(fetch: (request: Request) => Promise<Response>, policy: RetryPolicy) {
  return async (request: Request): Promise<Response> => {
    const retries = safeToRepeat(request) ? policy.maxRetries : 0;
    for (let attempt = 0; ; attempt++) {
      // Each try sends its own copy: a body can be read once.
      const outcome = await fetch(request.clone()).then(
        (response) => ({ response }),
        (error: unknown) => ({ error }),
      );
      if ('response' in outcome && !worthRetrying(outcome.response.status)) return outcome.response;
      const delay = 'response' in outcome ? (retryAfterMs(outcome.response.headers.get('retry-after')) ?? backoffMs(attempt)) : backoffMs(attempt);
      if (attempt >= retries || delay > policy.maxDelayMs) {
        if ('response' in outcome) return outcome.response;
        throw outcome.error;
      }
      if ('response' in outcome) await outcome.response.body?.cancel();
      await policy.sleep(delay);
    }
  };
}
