import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import { canceldesk as runCanceldesk } from '../support/cli.ts';
import { historyOf } from '../support/request-state.ts';
import { ADMIN_TOKEN, CANCELLED_SUGGESTION, INBOUND_DOMAIN, inboundWorld, PROVIDER_ADDRESS, STRANGER } from './inbound-world.ts';
import { rawMessage, REPLY_HEADERS } from './messages.ts';

// `canceldesk inbound receive [FILE]` (standard input without FILE): the door a Postfix or Exim pipe
// transport uses, beside the database, or with --url through the deployment's admin API. Every
// matching rule end to end, through the command as an operator's shell runs it.

const world = await inboundWorld();
const scratch = mkdtempSync(join(tmpdir(), 'canceldesk-inbound-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const deployment = (async (input: string | URL | Request, init?: RequestInit) => world.app.request(input, init)) as typeof fetch;

const env = { NODE_ENV: 'test', DATABASE_URL: `file:${world.dbFile}`, PUBLIC_URL: 'https://canceldesk.test', INBOUND_DOMAIN };
let files = 0;
/** The message as a file, as an operator saves one. */
function saved(raw: string | Uint8Array): string {
  const file = join(scratch, `message-${++files}.eml`);
  writeFileSync(file, raw);
  return file;
}

/** `canceldesk inbound receive` with the message in a FILE, piped in, or (remote) through --url with the message piped in. */
function receive(raw: string | Uint8Array, how: 'file' | 'stdin' | 'remote' = 'file', flags = ['--json']) {
  if (how === 'file') return runCanceldesk(['inbound', 'receive', saved(raw), ...flags], env);
  if (how === 'stdin') return runCanceldesk(['inbound', 'receive', ...flags], env, { stdin: raw });
  const remoteEnv = { NODE_ENV: 'test', ADMIN_TOKEN, DATABASE_URL: `file:${join(scratch, 'never.db')}` };
  return runCanceldesk(['inbound', 'receive', ...flags, '--url', 'https://canceldesk.test'], remoteEnv, { fetch: deployment, stdin: raw });
}

async function receivedJson(raw: string | Uint8Array, how: 'file' | 'stdin' | 'remote' = 'file') {
  const run = await receive(raw, how);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('each matching rule, through the command', () => {
  it('matches a reply to the request’s reply address, with the suggested outcome', async () => {
    const request = await world.sentRequest();
    expect(await receivedJson(world.replyToAddress(request.replyKey))).toEqual({
      id: expect.stringMatching(/^er_/),
      requestId: request.id,
      matchedBy: 'address',
      kind: 'reply',
      suggestion: CANCELLED_SUGGESTION,
    });
  });

  it('matches a reply in the thread of our email, read from standard input', async () => {
    const request = await world.sentRequest();
    expect(await receivedJson(world.replyInThread(request.messageId), 'stdin')).toMatchObject({ requestId: request.id, matchedBy: 'thread' });
  });

  it('matches our reference only when one of the provider’s addresses sends it', async () => {
    const request = await world.sentRequest();
    expect(await receivedJson(world.mailQuoting(request.reference, PROVIDER_ADDRESS))).toMatchObject({ requestId: request.id, matchedBy: 'reference' });
    expect(await receivedJson(world.mailQuoting(request.reference, STRANGER))).toMatchObject({ requestId: null, matchedBy: null, suggestion: null });
  });

  it('matches nothing by a forged or unknown key, or one of another domain', async () => {
    const request = await world.sentRequest();
    const forged = request.replyKey.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const to of [`reply+${forged}@${INBOUND_DOMAIN}`, `reply+unknownkey@${INBOUND_DOMAIN}`, `reply+${request.replyKey}@evil.example`]) {
      expect(await receivedJson(world.replyToAddress(request.replyKey, undefined, { To: to })), to).toMatchObject({ requestId: null, matchedBy: null });
    }
  });
});

describe('what the command does with it', () => {
  it('stores the same message once: the second run answers with the first reply', async () => {
    const request = await world.sentRequest();
    const raw = world.replyToAddress(request.replyKey);
    const count = (await world.replies()).length;
    const first = await receivedJson(raw);
    expect(await receivedJson(raw, 'stdin')).toEqual(first);
    expect(await world.replies()).toHaveLength(count + 1);
  });

  it('keeps an auto-reply, suggesting nothing', async () => {
    const request = await world.sentRequest();
    expect(await receivedJson(world.autoReply(request.replyKey))).toMatchObject({ requestId: request.id, kind: 'auto_reply', suggestion: null });
  });

  it('fails the request’s delivery on a bounce of our email, and the app hears of it', async () => {
    const request = await world.sentRequest();
    expect(await receivedJson(world.bounce(request.messageId))).toMatchObject({ requestId: request.id, matchedBy: 'thread', kind: 'bounce' });
    expect(await world.appView(request.id)).toMatchObject({ status: 'delivery_failed' });
    expect(await historyOf(world.deps, request.id, 'email_bounced')).toHaveLength(1);
    // The command ran on the real clock: its webhook is due from then.
    world.clock.set(new Date(Date.now() + 60_000).toISOString());
    await runScheduledWork(world.deps);
    expect(world.eventsFor(request.id)).toEqual(['cancellation_request.sent', 'cancellation_request.delivery_failed']);
  });

  it('keeps a message the parser cannot read, unmatched', async () => {
    let raw = `From: ${PROVIDER_ADDRESS}\r\n`;
    for (let i = 0; i < 300; i++) raw += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    expect(await receivedJson(`${raw}\r\nCancelled.\r\n`)).toMatchObject({ requestId: null, kind: 'reply', suggestion: null });
  });

  it('says in one plain line what became of it, without its words or addresses', async () => {
    const request = await world.sentRequest();
    const run = await receive(world.replyToAddress(request.replyKey), 'file', []);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^stored er_\\w+ \\(reply\\) for request ${request.id}, matched by address; suggests cancelled 2027-01-31\\n$`));
    const unmatched = await receive(world.mailQuoting('CD-00000000', STRANGER), 'stdin', []);
    expect(unmatched.stdout).toMatch(/^stored er_\w+ \(reply\) matching no request: kept for support to assign\n$/);
    for (const words of [PROVIDER_ADDRESS, STRANGER, 'Mark', 'cancelled, access']) expect(run.stdout + run.stderr + unmatched.stdout).not.toContain(words);
  });
});

describe('refusals', () => {
  it('refuses an empty message and one over 10 MB in one line, storing nothing', async () => {
    const count = (await world.replies()).length;
    const huge = rawMessage(REPLY_HEADERS, 'x'.repeat(10 * 1024 * 1024));
    for (const [raw, how, reason] of [
      ['', 'stdin', 'The message is empty.'],
      ['', 'file', 'The message is empty.'],
      [huge, 'file', 'The message is larger than 10485760 bytes.'],
      [huge, 'stdin', 'The message is larger than 10485760 bytes.'],
    ] as const) {
      const run = await receive(raw, how);
      expect([how, run.code, run.stdout]).toEqual([how, 1, '']);
      expect(run.stderr).toMatch(new RegExp(`^[^\\n]*${reason.replace('.', '\\.')} Nothing was stored\\.\\n$`));
    }
    expect(await world.replies()).toHaveLength(count);
  });

  it('says what is wrong with a FILE it cannot read, and with no message at all', async () => {
    const missing = await runCanceldesk(['inbound', 'receive', join(scratch, 'nothing.eml')], env);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toMatch(/^cannot read .*nothing\.eml: .*ENOENT/);
    const none = await runCanceldesk(['inbound', 'receive'], env);
    expect(none).toMatchObject({ code: 1, stderr: 'inbound receive needs a FILE, or the message piped to standard input\n' });
  });
});

describe('with --url, through the admin API', () => {
  it('stores, matches and suggests as beside the database, and knows the same message again', async () => {
    const request = await world.sentRequest();
    const raw = world.replyToAddress(request.replyKey);
    const stored = await receivedJson(raw, 'remote');
    expect(stored).toEqual({ id: expect.stringMatching(/^er_/), requestId: request.id, matchedBy: 'address', kind: 'reply', suggestion: CANCELLED_SUGGESTION });
    expect((await world.replies()).find((row) => row.id === stored.id)).toMatchObject({ source: 'admin_api' });
    expect(await receivedJson(raw, 'remote')).toEqual(stored);
    expect(await receivedJson(raw)).toEqual(stored);
  });

  it('refuses an empty and an over-size message in one line', async () => {
    const empty = await receive('', 'remote');
    expect(empty).toMatchObject({ code: 1, stdout: '', stderr: 'standard input: The message is empty. Nothing was stored.\n' });
    const huge = await receive(rawMessage(REPLY_HEADERS, 'x'.repeat(10 * 1024 * 1024)), 'remote');
    expect(huge).toMatchObject({ code: 1, stdout: '', stderr: 'standard input: The message is larger than 10485760 bytes. Nothing was stored.\n' });
  });
});
