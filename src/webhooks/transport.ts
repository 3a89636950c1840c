/** How a webhook leaves us: one POST, its status or why it never got one. Injected by the entries. */
export interface WebhookTransport {
  post(url: string, request: { headers: Record<string, string>; body: string; timeoutMs: number }): Promise<{ status: number } | { error: string }>;
}

/**
 * A transport over a fetch function: the global one on Workers, one that refuses private addresses
 * after DNS on Node in production. Redirects are not followed: a redirect could lead anywhere, private
 * addresses included, so a 3xx counts as a failed attempt.
 */
export function fetchTransport(fetchImpl: (url: string, init: RequestInit) => Promise<Response> = fetch): WebhookTransport {
  return {
    async post(url, request) {
      try {
        const response = await fetchImpl(url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs),
        });
        // Nothing of the body is needed; reading it lets the connection be reused.
        await response.body?.cancel().catch(() => {});
        return { status: response.status };
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        return { error: `${error instanceof Error ? error.message : String(error)}${cause}` };
      }
    },
  };
}
