import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createApp } from '../../src/app.ts';
import { createApiClient } from '../../src/clients/api-clients.ts';
import type { Deps } from '../../src/deps.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { importProviders } from '../../src/operator/import-providers.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';

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

/** The provider JSON exactly as SPEC §9 shows it, custom identifier included. */
export const SPEC_EXAMPLE_PROVIDER = {
  id: 'acme-gym',
  name: 'Acme Gym',
  emails: ['cancellations@acme.example'],
  locale: 'en',
  identifiers: [
    'email',
    'first_name',
    'last_name',
    'postal_address',
    'card_last4',
    { key: 'member_number', label: 'Member number', required: true, pattern: '^[0-9]{6,10}$' },
  ],
  replyWindowDays: 30,
  reminderDays: [3, 7],
} satisfies ProviderInput;

/** The SPEC example's identifiers as the import stores them: built-ins by key become required objects. */
export const SPEC_EXAMPLE_STORED_IDENTIFIERS = [
  { key: 'email', required: true },
  { key: 'first_name', required: true },
  { key: 'last_name', required: true },
  { key: 'postal_address', required: true },
  { key: 'card_last4', required: true },
  { key: 'member_number', label: 'Member number', required: true, pattern: '^[0-9]{6,10}$' },
];

/** The SPEC example with a second inbox and an optional built-in, as most tests use it. */
export const ACME_GYM: ProviderInput = {
  ...SPEC_EXAMPLE_PROVIDER,
  emails: ['cancellations@acme.example', 'support@acme.example'],
  identifiers: [...SPEC_EXAMPLE_PROVIDER.identifiers.slice(0, 5), { key: 'phone', required: false }, SPEC_EXAMPLE_PROVIDER.identifiers[5]!],
};

export const JANE = {
  email: 'jane@example.com',
  first_name: 'Jane',
  last_name: 'Doe',
  postal_address: '1 Main Street\n12345 Springfield',
  card_last4: '4242',
  member_number: '12345678',
};

/** JANE's identifiers as pages show them, each under ACME_GYM's label for it: [label, value]. */
export const JANE_LABELLED: [label: string, value: string][] = [
  ['Email address', JANE.email],
  ['First name', JANE.first_name],
  ['Last name', JANE.last_name],
  ['Postal address', JANE.postal_address],
  ['Last 4 digits of the payment card', JANE.card_last4],
  ['Member number', JANE.member_number],
];

/** JANE with identifiers that would run as script, or as a link, on a page that did not escape them. */
export const HOSTILE_JANE = {
  ...JANE,
  first_name: '<img src=x onerror=alert(1)>',
  last_name: '</textarea><script>alert(1)</script>',
  postal_address: 'javascript:alert(1)',
};

export async function addProviders(deps: Deps, ...providers: ProviderInput[]) {
  const result = await importProviders(deps, providers);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
}

export async function addClient(deps: Deps, name = 'Test app'): Promise<{ id: string; apiKey: string }> {
  const result = await createApiClient(deps, { name });
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.client;
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
