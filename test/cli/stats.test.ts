import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.ts';
import { drainOutbox } from '../../src/outbox/drain.ts';
import { type CliRun, canceldesk as runCanceldesk } from '../support/cli.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

// `canceldesk stats`: the support API's numbers, beside the database and through --url (the admin API).
// The CLI runs on the real clock, so the data set is placed relative to it: three requests to Acme Gym,
// made 3, 2 and 1 days ago, the first two answered after 2 h and 5 h, the last still waiting.

const ADMIN_TOKEN = 'stats-admin-token-0123456789abcdefghij';
const scratch = mkdtempSync(join(tmpdir(), 'canceldesk-stats-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const HOUR = 3600_000;
const now = Date.now();
let clockAt = now;
const clock = { now: () => new Date(clockAt) };
const { app, deps, dbFile } = await testDeps({ ADMIN_TOKEN }, { clock });
await addProviders(deps, ACME_GYM);
const api = apiAs(app, (await addClient(deps)).apiKey);
for (const [daysAgo, answer] of [[3, { hours: 2, outcome: 'cancelled', date: new Date(now + 30 * 24 * HOUR).toISOString().slice(0, 10) }], [2, { hours: 5, outcome: 'not_found' }], [1, null]] as const) {
  clockAt = now - daysAgo * 24 * HOUR;
  const created = await api.post('/cancellation-requests', { provider: 'acme-gym', customer: JANE });
  const { id } = (await created.json()) as { id: string };
  await drainOutbox(deps);
  if (!answer) continue;
  clockAt += answer.hours * HOUR;
  const { hours: _, ...fields } = answer;
  const token = (await deps.db.selectFrom('outbox').innerJoin('outbox_bodies', 'outbox_id', 'id').select('text').where('request_id', '=', id).executeTakeFirstOrThrow()).text;
  const path = /https:\/\/canceldesk\.test(\/reply\/[\w.-]+)/.exec(token)![1]!;
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: new URLSearchParams(fields) });
  expect(res.status).toBe(200);
}
Object.assign(deps, { clock: systemClock });

const deployment = (async (input: string | URL | Request, init?: RequestInit) => app.request(input, init)) as typeof fetch;
function canceldesk(args: string[], remote = false): Promise<CliRun> {
  const env: Record<string, string> = { NODE_ENV: 'test', DATABASE_URL: `file:${remote ? join(scratch, 'never.db') : dbFile}` };
  if (remote) env.ADMIN_TOKEN = ADMIN_TOKEN;
  return runCanceldesk(remote ? [...args, '--url', 'https://canceldesk.test'] : args, env, { fetch: deployment });
}

describe('canceldesk stats', () => {
  it.each([false, true])('prints each provider and the totals as a table (remote: %s)', async (remote) => {
    const run = await canceldesk(['stats', '--days', '7'], remote);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^requests made \d{4}-\d\d-\d\d \d\d:\d\d to \d{4}-\d\d-\d\d \d\d:\d\d UTC \(7 days\)$/);
    expect(lines.slice(2, 5)).toEqual([
      'provider       sent  answered  rate  median  p90  open  overdue  bounced',
      'acme-gym          3         2  67 %     2 h  5 h     1        0        0',
      'all providers     3         2  67 %     2 h  5 h     1        0        0',
    ]);
    expect(lines.slice(6, 10)).toEqual([
      'latest outcome of the answered:',
      'provider       cancelled  already_cancelled  binding_contract  not_found  other',
      'acme-gym               1                  0                 0          1      0',
      'all providers          1                  0                 0          1      0',
    ]);
  });

  it.each([false, true])('prints the support API’s report with --json, narrowed by --provider (remote: %s)', async (remote) => {
    const run = await canceldesk(['stats', '--days', '2', '--provider', 'acme-gym', '--json'], remote);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ days: 2, provider: 'acme-gym' });
    // Two days back from now: the request made 2 days ago (a moment before the CLI's now) is just outside.
    expect(report.totals).toMatchObject({ sent: 1, answered: 0, answerRate: 0, medianSecondsToAnswer: null, open: 1 });
  });

  it.each([false, true])('names the option it cannot take (remote: %s)', async (remote) => {
    expect(await canceldesk(['stats', '--days', '0'], remote)).toMatchObject({ code: 1, stdout: '', stderr: '--days must be at least 1\n' });
    expect(await canceldesk(['stats', '--days', '366'], remote)).toMatchObject({ code: 1, stderr: '--days must be at most 365\n' });
    expect(await canceldesk(['stats', '--provider', 'nobody'], remote)).toMatchObject({ code: 1, stderr: '--provider no provider with this id\n' });
  });

  it('refuses a --days that is not a whole number', async () => {
    expect(await canceldesk(['stats', '--days', 'week'])).toMatchObject({ code: 1, stderr: '--days must be a whole number\n' });
  });
});
