import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createApiClient } from '../../src/clients/api-clients.ts';
import type { Deps } from '../../src/deps.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { importProviders } from '../../src/operator/import-providers.ts';
import { createCancellationRequest } from '../../src/requests/create.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { JANE } from './fixtures.ts';

// The data every test shares lives in fixtures.ts, which the tests inside workerd can load too.
export * from './fixtures.ts';

/** A clock tests can move. */
export function testClock(start = '2026-11-21T10:00:00.000Z') {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set: (iso: string) => void (now = new Date(iso)),
    advance: (ms: number) => void (now = new Date(now.getTime() + ms)),
  };
}

/**
 * Real deps on a real SQLite file in a temp folder, opened and migrated exactly as the Node entry
 * does, with a movable clock and the local outbox mailer unless a test gives another.
 * Call it while vitest collects (top-level await or an async describe): its cleanup is an afterAll,
 * which vitest ignores when registered from inside a test or hook.
 */
export async function testDeps(env: Record<string, string> = {}, overrides: Partial<Deps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'canceldesk-test-'));
  const runtime = openNodeRuntime({ NODE_ENV: 'test', DATABASE_URL: `file:${join(dir, 'test.db')}`, PUBLIC_URL: 'https://canceldesk.test', ...env }, () => {});
  await runtime.migrate();
  const clock = testClock();
  const deps: Deps = Object.assign(runtime.deps, { clock }, overrides);
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { deps, clock, app: createApp(deps), dbFile: join(dir, 'test.db') };
}

export async function addProviders(deps: Deps, ...providers: ProviderInput[]) {
  const result = await importProviders(deps, providers);
  if (result.kind === 'invalid') throw new Error(JSON.stringify(result.fields));
}

export async function addClient(deps: Deps, name = 'Test app'): Promise<{ id: string; apiKey: string }> {
  const result = await createApiClient(deps, { name });
  if (result.kind === 'invalid') throw new Error(JSON.stringify(result.fields));
  return result.client;
}

/**
 * An app with a webhook endpoint (nobody listens there) asking to cancel at `providerId`; each call
 * creates a request for it through the use case, left queued (testDeps runs no sender).
 */
export async function queuedRequests(deps: Deps, providerId: string): Promise<() => Promise<string>> {
  const app = await createApiClient(deps, { name: 'App with webhooks', webhookUrl: 'https://app.example/hooks' });
  if (app.kind === 'invalid') throw new Error(JSON.stringify(app.fields));
  return async () => {
    const created = await createCancellationRequest(deps, app.client.id, { provider: providerId, customer: JANE }, null);
    if (created.kind !== 'created') throw new Error(created.kind);
    return created.request.id;
  };
}

/** A small client for the app-facing API, as an app would call it. */
export function apiAs(app: ReturnType<typeof createApp>, apiKey: string) {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${apiKey}`, ...extra });
  return {
    post: (path: string, body: unknown, extra: Record<string, string> = {}) =>
      app.request(`/api/v1${path}`, {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json', ...extra }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path: string, extra: Record<string, string> = {}) => app.request(`/api/v1${path}`, { headers: headers(extra) }),
  };
}
