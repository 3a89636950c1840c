import type { createApp } from '../../src/app.ts';

/** The service's URL as the client is given it in tests; requests go to the app in process, not to a host. */
export const SERVICE_URL = 'https://canceldesk.test';

type App = ReturnType<typeof createApp>;

/**
 * A fetch that answers from the app in process, recording each request's method and path and the status
 * it got; `script` may answer a call itself (a 503, a dropped connection) after or instead of the app.
 */
export function appFetch(app: App, script: (call: number, request: Request, toApp: () => Promise<Response>) => Promise<Response> | undefined = () => undefined) {
  const calls: { method: string; path: string; status: number | 'network error' }[] = [];
  const fetch = async (request: Request) => {
    const call = calls.length;
    const entry = { method: request.method, path: new URL(request.url).pathname, status: 0 as number | 'network error' };
    calls.push(entry);
    const toApp = async () => app.request(request);
    try {
      const response = await (script(call, request, toApp) ?? toApp());
      entry.status = response.status;
      return response;
    } catch (error) {
      entry.status = 'network error';
      throw error;
    }
  };
  return { fetch, calls };
}

/** A sleep that waits for nothing and remembers what it was asked to wait. */
export function recordedSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
