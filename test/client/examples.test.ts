import { execFile, spawn } from 'node:child_process';
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/clients/api-clients.ts';
import { deliverQueued } from '../../src/lifecycle/scheduler.ts';
import { Webhook } from 'standardwebhooks';
import { serveOnLoopback } from '../support/loopback.ts';
import { REPO_ROOT, eventually, exited, freePort } from '../support/processes.ts';
import { ACME_GYM, JANE, addClient, addProviders, testDeps } from '../support/test-deps.ts';

// The two example apps in examples/, each run as the program it is, against the service on loopback.

const { deps, app, clock } = await testDeps();
await addProviders(deps, ACME_GYM);
// Webhook timestamps are checked against the machine's clock.
clock.set(new Date().toISOString());
const service = await serveOnLoopback(app);
afterAll(() => service.close());
const dir = mkdtempSync(join(tmpdir(), 'canceldesk-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each example bundled once (the client from its sources, as tsconfig maps it) and run by plain node: the
// same program, without paying TypeScript's loader at each of the runs below.
const bundled = async (name: string) => {
  const outfile = join(dir, `${name}.mjs`);
  await build({ entryPoints: [join(REPO_ROOT, `examples/${name}/index.ts`)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', tsconfig: join(REPO_ROOT, 'tsconfig.json'), logLevel: 'error' });
  return outfile;
};
const examples = { 'app-polling': await bundled('app-polling'), 'app-webhooks': await bundled('app-webhooks') };
const exampleArgs = (name: keyof typeof examples, args: string[] = []) => [examples[name], ...args];
const serviceEnv = (apiKey: string, extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', CANCELDESK_URL: `http://127.0.0.1:${service.port}`, CANCELDESK_API_KEY: apiKey, ...extra });

describe('examples/app-polling', async () => {
  const { apiKey } = await addClient(deps, 'Polling app');
  const env = serviceEnv(apiKey, { CURSOR_FILE: join(dir, 'cursor') });
  const polling = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, exampleArgs('app-polling', args), { cwd: REPO_ROOT, env }, (error, stdout, stderr) => resolve({ code: Number(error?.code ?? 0), stdout, stderr })),
    );
  const customer = Object.entries(JANE).map(([key, value]) => `${key}=${value}`);

  it("says which identifiers the provider still needs, from the provider's own list", async () => {
    expect(await polling('cancel', 'acme-gym', 'email=jane@example.com')).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Acme Gym also needs: first_name \(First name\), .*member_number \(Member number\)\n$/) });
  });

  it('asks for a cancellation, then prints each change once as it polls, continuing from the saved cursor', async () => {
    const asked = await polling('cancel', 'acme-gym', ...customer);
    expect(asked.stdout).toMatch(/^asked Acme Gym to cancel: cr_\w+ is queued, case CD-\w+\n$/);
    const id = asked.stdout.match(/cr_\w+/)![0];
    expect((await polling()).stdout).toBe(`${id} queued\ncaught up: 1 change\n`);
    expect((await polling()).stdout).toBe('caught up: 0 changes\n');
    await deliverQueued(deps);
    expect((await polling()).stdout).toBe(`${id} sent\ncaught up: 1 change\n`);
    // Five runs of a program: on a busy machine each may take a few seconds to start.
  }, 90_000);
});

describe('examples/app-webhooks', async () => {
  const port = await freePort();
  const created = await createApiClient(deps, { name: 'Webhook app', webhookUrl: `http://127.0.0.1:${port}/webhooks/canceldesk` });
  if (created.kind === 'invalid') throw new Error(JSON.stringify(created.fields));
  const secret = created.client.webhookSecret!;
  const child = spawn(process.execPath, exampleArgs('app-webhooks'), { cwd: REPO_ROOT, env: { ...serviceEnv(created.client.apiKey), CANCELDESK_WEBHOOK_SECRET: secret, PORT: String(port) } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  afterAll(async () => {
    child.kill();
    await exited(child);
  });

  it('prints each event our sender delivers, verified', async () => {
    await eventually(async () => output.includes('listening for Canceldesk webhooks'), 45_000);
    const response = await app.request('/api/v1/cancellation-requests', {
      method: 'POST',
      headers: { authorization: `Bearer ${created.client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'acme-gym', customer: JANE }),
    });
    const { id } = (await response.json()) as { id: string };
    await deliverQueued(deps);
    await eventually(async () => output.includes(`cancellation_request.sent ${id}: sent`));
  }, 60_000);

  it('refuses a webhook whose body was changed after signing', async () => {
    const body = JSON.stringify({ type: 'cancellation_request.expired', timestamp: new Date().toISOString(), data: { id: 'cr_someone_else' } });
    const now = new Date();
    const headers = { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('msg_forged', now, body) };
    const forged = await fetch(`http://127.0.0.1:${port}/webhooks/canceldesk`, { method: 'POST', headers, body: body.replace('cr_someone_else', 'cr_yours') });
    expect(forged.status).toBe(400);
    await eventually(async () => output.includes('refused a webhook: No matching signature found'));
    expect(output).not.toContain('cr_yours');
  });
});
