import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { canceldesk as runCanceldesk } from '../support/cli.ts';
import { inboxWorld, OTHER_PROVIDER } from '../support/inbox-world.ts';
import { ACME_GYM } from '../support/test-deps.ts';

// `canceldesk providers inbox-link` beside the database and, with --url, through the admin API of the
// app on the same database file.
const ADMIN_TOKEN = 'inbox-admin-token-0123456789abcdefghij';
const scratch = mkdtempSync(join(tmpdir(), 'canceldesk-inbox-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const world = await inboxWorld({ ADMIN_TOKEN }, { clock: systemClock });
const deployment = (async (input: string | URL | Request, init?: RequestInit) => world.app.request(input, init)) as typeof fetch;

function canceldesk(args: string[], remote: boolean) {
  const env: Record<string, string> = { NODE_ENV: 'test', PUBLIC_URL: 'https://canceldesk.test' };
  env.DATABASE_URL = `file:${remote ? join(scratch, 'never.db') : world.dbFile}`;
  if (remote) env.ADMIN_TOKEN = ADMIN_TOKEN;
  return runCanceldesk(remote ? [...args, '--url', 'https://canceldesk.test'] : args, env, { fetch: deployment });
}

describe.each([
  ['beside the database', false],
  ['through --url', true],
])('providers inbox-link, %s', (_, remote) => {
  it('prints { url, expiresAt } of a link that opens the inbox, 30 days by default, --days N', async () => {
    const run = await canceldesk(['providers', 'inbox-link', ACME_GYM.id, '--json'], remote);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { url, expiresAt } = JSON.parse(run.stdout) as { url: string; expiresAt: string };
    expect(url).toMatch(/^https:\/\/canceldesk\.test\/provider\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect((await world.open(new URL(url).pathname)).status).toBe(200);

    const week = JSON.parse((await canceldesk(['providers', 'inbox-link', ACME_GYM.id, '--days', '7', '--json'], remote)).stdout) as { expiresAt: string };
    expect(Math.round((Date.parse(week.expiresAt) - Date.now()) / 86_400_000)).toBe(7);
    const text = await canceldesk(['providers', 'inbox-link', ACME_GYM.id], remote);
    expect(text.stdout).toMatch(/^https:\/\/canceldesk\.test\/provider\/\S+\nworks until \S+/);
  });

  it('--revoke ends every link of that provider at once, and no other provider\'s', async () => {
    const link = async (id: string) => new URL(JSON.parse((await canceldesk(['providers', 'inbox-link', id, '--json'], remote)).stdout).url).pathname;
    const [a, b] = [await link(ACME_GYM.id), await link(OTHER_PROVIDER.id)];
    const revoked = await canceldesk(['providers', 'inbox-link', ACME_GYM.id, '--revoke', '--json'], remote);
    expect(revoked).toMatchObject({ code: 0, stdout: '{\n  "revoked": true\n}\n' });
    expect((await world.open(a)).status).toBe(410);
    expect((await world.open(b)).status).toBe(200);
  });

  it('refuses an unknown provider, a bad --days, and --days with --revoke, in one line', async () => {
    for (const [args, message] of [
      [['providers', 'inbox-link', 'nobody'], 'no provider nobody'],
      [['providers', 'inbox-link', 'nobody', '--revoke'], 'no provider nobody'],
      [['providers', 'inbox-link', ACME_GYM.id, '--days', '0'], 'invalid inbox link: --days must be at least 1'],
      [['providers', 'inbox-link', ACME_GYM.id, '--days', '366'], 'invalid inbox link: --days must be at most 365'],
      [['providers', 'inbox-link', ACME_GYM.id, '--days', 'soon'], '--days must be a whole number of days (got "soon")'],
      [['providers', 'inbox-link', ACME_GYM.id, '--days', '3', '--revoke'], 'give --days or --revoke, not both'],
    ] as const) {
      const run = await canceldesk([...args], remote);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(message);
    }
  });
});
