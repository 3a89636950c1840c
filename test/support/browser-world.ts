import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterAll, expect } from 'vitest';
import { DAY_MS } from '../../src/clock.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { eventually, freePort } from './processes.ts';
import { ACME_GYM, JANE, acmeGymIn, addClient, addProviders, testDeps } from './test-deps.ts';

/** Acme Gym in each of our languages, by provider id: `acme-gym` (en), `acme-gym-sv`, `acme-gym-de`. */
export const PROVIDER_IN_EACH_LANGUAGE = [ACME_GYM.id, 'acme-gym-sv', 'acme-gym-de'];

/**
 * The whole service as a provider's browser meets it: the app on a real HTTP server on 127.0.0.1, a
 * real SQLite file, Acme Gym in each language, the email waiting in the local outbox, and the app's
 * API called over HTTP with the client's key. Call it while vitest collects (top-level await), like testDeps.
 */
export async function browserWorld() {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // The links in the emails point here, and the form's same-origin check expects this origin.
  const { deps, clock, app } = await testDeps({ PUBLIC_URL: origin });
  await addProviders(deps, ACME_GYM, acmeGymIn('sv'), acmeGymIn('de'));
  const client = await addClient(deps);
  // The global Request and Response stay Node's: test files share a worker's globals (isolate: false).
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1', overrideGlobalObjects: false }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  expect((server.address() as AddressInfo).port).toBe(port);
  afterAll(async () => {
    // The browser keeps its connections alive; close would wait for them otherwise.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${origin}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json', ...init.headers },
    });

  /** The request as the app polls it. */
  const appView = async (requestId: string): Promise<Record<string, unknown>> => {
    const response = await api(`/cancellation-requests/${requestId}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  return {
    deps,
    clock,
    origin,
    /** Asks for a cancellation as the app does; returns the request's id. */
    async createRequest(provider: string = ACME_GYM.id, customer: Record<string, string> = JANE): Promise<string> {
      const response = await api('/cancellation-requests', { method: 'POST', body: JSON.stringify({ provider, customer }) });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    },
    /** Where the development outbox shows the newest email about a request, rendered as the provider sees it. */
    async emailUrl(requestId: string): Promise<string> {
      const [newest] = await listOutbox(deps.db, { requestId });
      expect(newest, `no email about ${requestId}`).toBeDefined();
      return `${origin}/dev/outbox/${newest!.id}`;
    },
    appView,
    /** Runs `look` with the server's clock past every link's life (reply window 30 days + grace 14), then turns it back. */
    async afterLinksExpire(look: () => Promise<void>) {
      clock.advance(45 * DAY_MS);
      try {
        await look();
      } finally {
        clock.advance(-45 * DAY_MS);
      }
    },
    /** Polls as the app does until the request is answered; returns what the app then sees. */
    answered(requestId: string) {
      return eventually(async () => {
        const view = await appView(requestId);
        return view.status === 'answered' && view;
      });
    },
  };
}

export type BrowserWorld = Awaited<ReturnType<typeof browserWorld>>;
