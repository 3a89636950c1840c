import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { canceldesk as runCanceldesk } from '../support/cli.ts';
import { ACME_GYM, addProviders, testDeps } from '../support/test-deps.ts';

// `providers keys` and `providers webhook`, beside the database and through --url (the admin API).

const ADMIN_TOKEN = 'provider-keys-admin-token-0123456789';
const { app, deps, dbFile } = await testDeps({ ADMIN_TOKEN }, { clock: systemClock });
await addProviders(deps, ACME_GYM, { ...ACME_GYM, id: 'quiet-gym', perRequestEmails: false });
const deployment = (async (input: string | URL | Request, init?: RequestInit) => app.request(input, init)) as typeof fetch;

const canceldesk = (args: string[], remote: boolean) =>
  runCanceldesk(remote ? [...args, '--url', 'https://canceldesk.test'] : args, { NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}`, ...(remote ? { ADMIN_TOKEN } : {}) }, { fetch: deployment });

const providerList = (apiKey: string) => app.request('/api/v1/provider/cancellation-requests', { headers: { authorization: `Bearer ${apiKey}` } });

describe.each([
  ['beside the database', false],
  ['through --url', true],
])('canceldesk providers keys and webhook %s', (_, remote) => {
  it('creates a key shown once that works on the provider API, and revokes it at once', async () => {
    const created = await canceldesk(['providers', 'keys', 'create', ACME_GYM.id, '--json'], remote);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const key = JSON.parse(created.stdout) as { id: string; apiKey: string };
    expect(Object.keys(key).sort()).toEqual(['apiKey', 'id']);
    expect((await providerList(key.apiKey)).status).toBe(200);
    // Only its hash is stored.
    const stored = await deps.db.selectFrom('provider_api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(key.apiKey);

    const revoked = await canceldesk(['providers', 'keys', 'revoke', key.id], remote);
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain(`provider API key ${key.id} (${ACME_GYM.id}) revoked`);
    expect((await providerList(key.apiKey)).status).toBe(401);
  });

  it('says which provider or key does not exist', async () => {
    expect(await canceldesk(['providers', 'keys', 'create', 'nobody'], remote)).toMatchObject({ code: 1, stderr: 'no provider nobody\n' });
    expect(await canceldesk(['providers', 'keys', 'revoke', 'pk_nothing'], remote)).toMatchObject({ code: 1, stderr: 'no provider API key pk_nothing\n' });
    expect((await canceldesk(['providers', 'keys', 'rotate', ACME_GYM.id], remote)).code).toBe(1);
  });

  it('sets a webhook endpoint and prints its secret once, refuses a bad URL, and removes it', async () => {
    const set = await canceldesk(['providers', 'webhook', ACME_GYM.id, '--webhook-url', 'https://hooks.acme.example/in'], remote);
    expect(set).toMatchObject({ code: 0 });
    expect(set.stdout).toMatch(/gets webhooks at https:\/\/hooks\.acme\.example\/in\n.*whsec_/);
    const bad = await canceldesk(['providers', 'webhook', ACME_GYM.id, '--webhook-url', 'ftp://hooks.acme.example'], remote);
    expect(bad).toMatchObject({ code: 1, stderr: 'invalid webhook: --webhook-url must be an absolute http(s) URL\n' });
    const removed = await canceldesk(['providers', 'webhook', ACME_GYM.id, '--no-webhook', '--json'], remote);
    expect(JSON.parse(removed.stdout)).toEqual({ providerId: ACME_GYM.id, webhookUrl: null, webhookSecret: null });
  });
});

describe('canceldesk providers list', () => {
  it('says which provider takes no email per request', async () => {
    const listed = await canceldesk(['providers', 'list'], false);
    const lines = listed.stdout.split('\n');
    expect(lines.find((line) => line.startsWith('quiet-gym'))).toMatch(/; no email per request\)$/);
    expect(lines.find((line) => line.startsWith('acme-gym'))).not.toContain('no email per request');
  });
});
