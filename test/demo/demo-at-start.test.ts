import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { DEMO_API_KEY, demoAtStart } from '../../src/demo/seed.ts';
import { openNodeRuntime } from '../../src/node.ts';

// What `canceldesk serve` does about the demo before it listens (src/cli.ts), on real SQLite files.

const dir = mkdtempSync(join(tmpdir(), 'canceldesk-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PRODUCTION = {
  NODE_ENV: 'production',
  TOKEN_SECRETS: `k1:${'p'.repeat(40)}`,
  PUBLIC_URL: 'https://cancel.example.com',
  RESEND_API_KEY: 're_test',
};

/** Opens, migrates and runs the start-up's demo step on a database file as `serve` would. */
async function start(env: Record<string, string>) {
  const runtime = openNodeRuntime(env, () => {});
  await runtime.migrate();
  try {
    const demo = await demoAtStart(runtime.deps);
    const demoKeyStatus = (await createApp(runtime.deps).request('/api/v1/providers/demo-gym', { headers: { authorization: `Bearer ${DEMO_API_KEY}` } })).status;
    return { demo, demoKeyStatus };
  } finally {
    await runtime.close();
  }
}

describe('the demo at start', () => {
  it('is seeded in development, where its key works', async () => {
    const { demo, demoKeyStatus } = await start({ NODE_ENV: 'development', DATABASE_URL: `file:${join(dir, 'dev.db')}` });
    expect(demo).toEqual({ kind: 'seeded' });
    expect(demoKeyStatus).toBe(200);
  });

  it('refuses a production start on a database first started in development, in one line saying how to fix it', async () => {
    const file = `file:${join(dir, 'shared.db')}`;
    await start({ NODE_ENV: 'development', DATABASE_URL: file });

    const { demo } = await start({ ...PRODUCTION, DATABASE_URL: file });
    expect(demo.kind).toBe('refused');
    const problem = demo.kind === 'refused' ? demo.problem : '';
    expect(problem).toMatch(/^DATABASE_URL: .*shared\.db was first started in development and holds the public demo API key and the demo provider demo-gym/);
    expect(problem).toContain('file:./data/canceldesk.production.db');
    expect(problem).not.toContain('\n');
    expect(problem).not.toContain(DEMO_API_KEY);
  });

  it('lets production start on a database of its own, where the demo key is unknown', async () => {
    const { demo, demoKeyStatus } = await start({ ...PRODUCTION, DATABASE_URL: `file:${join(dir, 'production.db')}` });
    expect(demo).toEqual({ kind: 'absent' });
    expect(demoKeyStatus).toBe(401);
  });
});
