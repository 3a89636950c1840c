import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_API_KEY, DEMO_CUSTOMER, demoAtStart } from '../../src/demo/seed.ts';
import { openNodeRuntime } from '../../src/node.ts';
import { canceldesk } from '../support/cli.ts';
import { eventually, exited, freePort, spawnCli } from '../support/processes.ts';

// `canceldesk serve` as its own process, the way an operator starts it: from the sources (`npm start`),
// through the bin, and mostly as the production bundle (`npm run build`, built once per test run: what
// the benchmark and `npm run start:production` run). Refusing a bad configuration starts no server, so
// those tests run the CLI in this process.

const dir = mkdtempSync(join(tmpdir(), 'canceldesk-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Until the server at `base` answers: tsx's start alone took 20 s on a busy 2-core machine. */
const listening = (base: string) => eventually(async () => (await fetch(`${base}/healthz`)).ok, 60_000);
const PROCESS_TEST = { timeout: 90_000 };

describe('canceldesk serve with zero configuration', PROCESS_TEST, () => {
  it.each([
    { entry: 'the sources (npm start)', database: 'zero.db', built: false },
    { entry: 'the production bundle (npm run build)', database: 'bundle.db', built: true },
  ])('from $entry: migrates, seeds the demo, prints a working curl, sends the email through the local outbox, and stops on SIGTERM', async ({ database, built: fromBundle }) => {
    const port = await freePort();
    const server = spawnCli(['serve'], { PORT: String(port), DATABASE_URL: `file:${join(dir, database)}` }, { built: fromBundle });
    try {
      const base = `http://127.0.0.1:${port}`;
      await listening(base);
      expect(server.output.stderr).toContain(`Demo API key: ${DEMO_API_KEY}`);
      expect(server.output.stderr).toContain(`curl -s http://localhost:${port}/api/v1/cancellation-requests`);
      expect(server.output.stderr).toContain(`http://localhost:${port}/dev/outbox`);

      const created = await fetch(`${base}/api/v1/cancellation-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'demo-gym', customer: DEMO_CUSTOMER }),
      });
      expect(created.status).toBe(201);
      const { id } = await created.json();

      // The in-process sender picks the email up on its own and the request moves to `sent`.
      const sent = await eventually(async () => {
        const res = await fetch(`${base}/api/v1/cancellation-requests/${id}`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
        const body = await res.json();
        return body.status === 'sent' && body;
      });
      expect(sent.status).toBe('sent');

      const outbox = await (await fetch(`${base}/dev/outbox`)).text();
      expect(outbox).toContain('Cancellation request: Jane Doe');
      const link = /href="http:\/\/localhost:\d+(\/reply\/[\w-]+\.[\w-]+\.[\w-]+)"/.exec(outbox)![1]!;

      // The provider follows the link and answers; the app sees the outcome on its next poll.
      expect((await fetch(`${base}${link}`)).status).toBe(200);
      const answered = await fetch(`${base}${link}`, {
        method: 'POST',
        headers: { origin: `http://localhost:${port}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=not_found',
      });
      expect(answered.status).toBe(200);
      const polled = await fetch(`${base}/api/v1/cancellation-requests/${id}`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
      expect(await polled.json()).toMatchObject({ status: 'answered', outcome: { type: 'not_found' } });

      // Request logs reach stderr, without tokens or the customer's data (the banner's demo curl aside).
      await fetch(`${base}/reply/${'x'.repeat(40)}.y.z`);
      const afterBanner = server.output.stderr.slice(server.output.stderr.indexOf('/dev/outbox') + 11);
      expect(afterBanner).toContain('/reply/[token]');
      expect(afterBanner).toContain('POST /api/v1/cancellation-requests 201');
      expect(afterBanner).not.toContain('x'.repeat(40));
      expect(afterBanner).not.toContain(DEMO_CUSTOMER.email);

      server.kill('SIGTERM');
      expect(await exited(server)).toBe(0);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('serves the same database again after a restart, without seeding twice', async () => {
    const port = await freePort();
    const server = spawnCli(['serve'], { PORT: String(port), DATABASE_URL: `file:${join(dir, 'zero.db')}` }, { built: true });
    try {
      const res = await eventually(async () => {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/cancellation-requests`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
        return r.ok && r;
      }, 60_000);
      expect((await res.json()).data).toHaveLength(1);
      expect(server.output.stderr).not.toContain('applied migrations');
    } finally {
      server.kill('SIGKILL');
    }
  });
});

/** Everything production needs but a database and a port. */
const PRODUCTION = {
  NODE_ENV: 'production',
  TOKEN_SECRETS: `k1:${'s'.repeat(40)}`,
  PUBLIC_URL: 'https://cancel.example.com',
  RESEND_API_KEY: 're_test',
  RESEND_BASE_URL: 'http://127.0.0.1:9',
};

describe('canceldesk serve in production', PROCESS_TEST, () => {
  it('refuses to start without real secrets, one line per problem and no stack trace', async () => {
    const run = await canceldesk(['serve'], { NODE_ENV: 'production', DATABASE_URL: `file:${join(dir, 'prod.db')}` });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^TOKEN_SECRETS: required in production/),
      expect.stringMatching(/^PUBLIC_URL: required in production/),
      expect.stringMatching(/^RESEND_API_KEY: required in production/),
    ]);
  });

  it('refuses a weak secret by its kid', async () => {
    const run = await canceldesk(['serve'], {
      NODE_ENV: 'production',
      DATABASE_URL: `file:${join(dir, 'prod.db')}`,
      TOKEN_SECRETS: 'k1:short',
      PUBLIC_URL: 'https://cancel.example.com',
      RESEND_API_KEY: 're_x',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('TOKEN_SECRETS: the secret for kid "k1" is shorter than 32 characters');
  });

  it('refuses to start on a database first started in development (it holds the public demo key), in one line', async () => {
    const database = `file:${join(dir, 'was-development.db')}`;
    const development = openNodeRuntime({ NODE_ENV: 'development', DATABASE_URL: database }, () => {});
    await development.migrate();
    await demoAtStart(development.deps);
    await development.close();

    const run = await canceldesk(['serve'], { ...PRODUCTION, DATABASE_URL: database, PORT: String(await freePort()) });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^DATABASE_URL: .*was-development\.db was first started in development/)]);
  });

  it('starts with real secrets, without the demo key or the development outbox page', async () => {
    const port = await freePort();
    const server = spawnCli(['serve'], { ...PRODUCTION, PORT: String(port), DATABASE_URL: `file:${join(dir, 'prod.db')}` }, { built: true });
    try {
      const base = `http://127.0.0.1:${port}`;
      await listening(base);
      expect((await fetch(`${base}/dev/outbox`)).status).toBe(404);
      const res = await fetch(`${base}/api/v1/providers/demo-gym`, { headers: { authorization: `Bearer ${DEMO_API_KEY}` } });
      expect(res.status).toBe(401);
      expect(server.output.stderr).not.toContain(DEMO_API_KEY);
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('runs through the bin from any folder (with the project tsconfig, not the one of the caller) and says so in one line when the port is taken', async () => {
    const port = await freePort();
    const elsewhere = mkdtempSync(join(dir, 'elsewhere-'));
    const env = { PORT: String(port), DATABASE_URL: `file:${join(dir, 'bin.db')}` };
    const server = spawnCli(['serve'], env, { cwd: elsewhere });
    try {
      const base = `http://127.0.0.1:${port}`;
      await listening(base);
      // Creating renders the React email and the outbox page renders hono/jsx: both need the project's JSX settings.
      const created = await fetch(`${base}/api/v1/cancellation-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'demo-gym', customer: DEMO_CUSTOMER }),
      });
      expect(created.status).toBe(201);
      expect((await fetch(`${base}/dev/outbox`)).status).toBe(200);

      const second = spawnCli(['serve'], env, { cwd: elsewhere });
      expect(await exited(second)).toBe(1);
      expect(second.output.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(second.output.stderr).not.toMatch(/\n\s+at /);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
