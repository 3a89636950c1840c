import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { type CliRun, canceldesk as runCanceldesk } from '../support/cli.ts';
import { freePort } from '../support/processes.ts';
import { JANE, SPEC_EXAMPLE_PROVIDER, testDeps } from '../support/test-deps.ts';

// `canceldesk --url URL`: the operator's commands against a running deployment through its admin API,
// printing what they print beside the database (SPEC §9, the Workers issue). The deployment is the app
// on its own database file, reached through its `request`; the local runs open that same file.

const ADMIN_TOKEN = 'remote-admin-token-0123456789abcdefgh';
const scratch = mkdtempSync(join(tmpdir(), 'canceldesk-remote-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// On the real clock, as a served deployment and the local CLI beside it are.
const { app, dbFile } = await testDeps({ ADMIN_TOKEN }, { clock: systemClock });
const base = 'https://canceldesk.test';
const deployment = (async (input: string | URL | Request, init?: RequestInit) => app.request(input, init)) as typeof fetch;

/** The CLI; with `remote`, through --url and ADMIN_TOKEN, with no database of its own. */
function canceldesk(args: string[], options: { remote?: boolean; token?: string; url?: string } = {}): Promise<CliRun> {
  const env: Record<string, string> = { NODE_ENV: 'test' };
  if (options.remote) env.ADMIN_TOKEN = options.token ?? ADMIN_TOKEN;
  // Local runs use the deployment's database; remote runs point at one that must never be created.
  env.DATABASE_URL = `file:${options.remote ? join(scratch, 'never.db') : dbFile}`;
  const argv = options.remote ? [...args, '--url', options.url ?? base] : args;
  // Another --url than the deployment's goes out over the network, as it would from a shell.
  return runCanceldesk(argv, env, { fetch: options.url ? undefined : deployment });
}

describe('commands against a deployment', () => {
  it('imports and lists providers, printing exactly what the local CLI prints', async () => {
    const file = join(scratch, 'providers.json');
    writeFileSync(file, JSON.stringify([SPEC_EXAMPLE_PROVIDER]));
    const imported = await canceldesk(['providers', 'import', file, '--json'], { remote: true });
    expect(imported).toMatchObject({ code: 0 });
    expect(JSON.parse(imported.stdout)).toEqual({ imported: ['acme-gym'] });

    for (const json of [['--json'], []]) {
      const [remote, local] = await Promise.all([
        canceldesk(['providers', 'list', ...json], { remote: true }),
        canceldesk(['providers', 'list', ...json]),
      ]);
      expect(remote.code).toBe(0);
      expect(remote.stdout).toBe(local.stdout);
    }
  });

  it('reports a bad providers file by index and field, and writes nothing', async () => {
    const file = join(scratch, 'bad.json');
    writeFileSync(file, JSON.stringify([{ ...SPEC_EXAMPLE_PROVIDER, id: 'zen', emails: [] }]));
    const run = await canceldesk(['providers', 'import', file], { remote: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[0].emails');
    expect(JSON.parse((await canceldesk(['providers', 'list', '--json'])).stdout).map((p: { id: string }) => p.id)).toEqual(['acme-gym']);
  });

  it('creates a client and a support account, lists the outbox and shows a request with the read recorded', async () => {
    const client = JSON.parse((await canceldesk(['clients', 'create', '--name', 'Remote app', '--json'], { remote: true })).stdout);
    expect(client).toEqual({ id: expect.stringMatching(/^cli_/), name: 'Remote app', apiKey: expect.stringMatching(/^cdk_/) });
    const account = await canceldesk(['support', 'create', '--email', 'remote@example.com', '--json'], { remote: true });
    expect(JSON.parse(account.stdout)).toMatchObject({ email: 'remote@example.com' });

    const created = await app.request('/api/v1/cancellation-requests', {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'acme-gym', customer: JANE }),
    });
    const { id } = (await created.json()) as { id: string };
    const [remoteOutbox, localOutbox] = await Promise.all([
      canceldesk(['outbox', 'list', '--request', id, '--json'], { remote: true }),
      canceldesk(['outbox', 'list', '--request', id, '--json']),
    ]);
    expect(JSON.parse(remoteOutbox.stdout)).toEqual(JSON.parse(localOutbox.stdout));
    expect(JSON.parse(remoteOutbox.stdout)).toHaveLength(1);

    const shown = await canceldesk(['requests', 'show', id, '--json'], { remote: true });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id, provider: { id: 'acme-gym' }, identifiers: expect.any(Array) });
    const byReference = await canceldesk(['requests', 'show', ` ${JSON.parse(shown.stdout).caseReference.toLowerCase()} `, '--json'], { remote: true });
    expect(byReference, byReference.stderr).toMatchObject({ code: 0 });
    expect(JSON.parse(byReference.stdout)).toMatchObject({ id });
    const text = await canceldesk(['requests', 'show', id], { remote: true });
    expect(text.stdout).toContain('Customer');
    const missing = await canceldesk(['requests', 'show', 'cr_nope'], { remote: true });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('no cancellation request cr_nope');
  });

  it('creates a client with a webhook endpoint, changes, rotates and removes it, here and remotely', async () => {
    for (const remote of [false, true]) {
      const created = await canceldesk(['clients', 'create', '--name', 'Hooked app', '--webhook-url', 'http://127.0.0.1:9/hooks', '--json'], { remote });
      expect(created.code, created.stderr).toBe(0);
      const client = JSON.parse(created.stdout);
      expect(client).toEqual({ id: expect.any(String), name: 'Hooked app', apiKey: expect.any(String), webhookUrl: 'http://127.0.0.1:9/hooks', webhookSecret: expect.stringMatching(/^whsec_/) });

      const moved = await canceldesk(['clients', 'update', client.id, '--webhook-url', 'http://127.0.0.1:10/hooks', '--json'], { remote });
      expect(JSON.parse(moved.stdout)).toEqual({ id: client.id, webhookUrl: 'http://127.0.0.1:10/hooks', webhookSecret: null });
      const rotated = await canceldesk(['clients', 'update', client.id, '--rotate-webhook-secret'], { remote });
      expect(rotated.stdout).toMatch(/Webhook signing secret \(shown once; verify our webhook-signature with it\): whsec_/);
      expect(rotated.stdout).not.toContain(client.webhookSecret);
      const removed = await canceldesk(['clients', 'update', client.id, '--no-webhook'], { remote });
      expect(removed.stdout.trim()).toBe(`client ${client.id} has no webhook endpoint`);

      const bad = await canceldesk(['clients', 'update', client.id, '--webhook-url', 'ftp://x'], { remote });
      expect(bad).toMatchObject({ code: 1, stderr: 'invalid client: --webhook-url must be an absolute http(s) URL\n' });
      const nobody = await canceldesk(['clients', 'update', 'cli_nobody', '--no-webhook'], { remote });
      expect(nobody).toMatchObject({ code: 1, stderr: 'no API client cli_nobody\n' });
    }
  });

  it('runs the lifecycle once and reports what it did, here and remotely', async () => {
    for (const remote of [false, true]) {
      const run = await canceldesk(['lifecycle', 'run', '--json'], { remote });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        followedUp: 0,
        reminded: 0,
        expired: 0,
        digests: 0,
        erased: 0,
        outbox: { sent: expect.any(Number), failed: 0, retrying: 0, waiting: 0 },
        webhooks: { delivered: expect.any(Number), failed: expect.any(Number), retrying: expect.any(Number), waiting: expect.any(Number) },
      });
    }
  });

  it('says in one line what is wrong: no token, a wrong token, a command that needs the database, nobody there', async () => {
    const noToken = await canceldesk(['providers', 'list', '--url', base]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr.trim()).toBe('--url needs ADMIN_TOKEN in the environment (the deployment\'s admin token)');

    const wrong = await canceldesk(['providers', 'list'], { remote: true, token: 'wrong-token' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toMatch(/refused the admin token/);

    const serve = await canceldesk(['serve'], { remote: true });
    expect(serve.code).toBe(1);
    expect(serve.stderr.trim()).toBe('serve runs next to the database; it does not take --url');

    const nobody = await canceldesk(['providers', 'list'], { remote: true, url: `http://127.0.0.1:${await freePort()}` });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.trim().split('\n')).toHaveLength(1);
    expect(nobody.stderr).toMatch(/cannot reach/);
    // None of the remote runs opened (and so created) a database of its own.
    expect(existsSync(join(scratch, 'never.db'))).toBe(false);
  });
});
