import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/crypto.ts';
import { systemClock } from '../../src/clock.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { type CliRun, canceldesk as runCanceldesk } from '../support/cli.ts';
import { startFakeResend } from '../support/fake-resend.ts';
import { builtCli } from '../support/processes.ts';
import { ACME_GYM, SPEC_EXAMPLE_PROVIDER, SPEC_EXAMPLE_STORED_IDENTIFIERS, JANE, addClient, addProviders, apiAs, testDeps } from '../support/test-deps.ts';

// The `canceldesk` CLI as an operator runs it, on a real SQLite file (SPEC §9): in this process, and as
// the production bundle's own processes where two of them race. With --json, stdout must be exactly one
// JSON document; failures exit non-zero with the reason on stderr.

const MIGRATIONS = readdirSync(new URL('../../src/db/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).sort();

const scratch = mkdtempSync(join(tmpdir(), 'canceldesk-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let databases = 0;
const newDatabase = () => join(scratch, `cli-${++databases}.db`);

/** Runs `canceldesk ...args` on `dbFile`, with only the environment given here (no stray RESEND_API_KEY). */
const environment = (dbFile: string, env: Record<string, string> = {}) => ({ NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}`, ...env });
const canceldesk = (dbFile: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCanceldesk(args, environment(dbFile, env));

/** A successful --json run's stdout; JSON.parse of the whole of it fails if there is anything besides one document. */
function jsonOf(run: CliRun): any {
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout);
}

/** A failed run: non-zero, nothing on stdout, and the lines it wrote to stderr. */
function failureOf(run: CliRun): string[] {
  expect(run.code).not.toBe(0);
  expect(run.stdout).toBe('');
  return run.stderr.trimEnd().split('\n');
}

function writeJson(name: string, value: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

describe('canceldesk migrate', () => {
  const db = newDatabase();

  it('applies every migration to a new database and says which, then applies none', async () => {
    expect(jsonOf(await canceldesk(db, ['migrate', '--json']))).toEqual({ applied: MIGRATIONS });
    expect(jsonOf(await canceldesk(db, ['migrate', '--json']))).toEqual({ applied: [] });
  });

  it('applies each migration once when two processes start on a new database at the same moment', async () => {
    const shared = newDatabase();
    const runs = await Promise.all([builtCli(['migrate', '--json'], environment(shared)), builtCli(['migrate', '--json'], environment(shared))]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const applied = runs.flatMap((r) => jsonOf(r).applied);
    expect(applied.sort()).toEqual(MIGRATIONS);
  }, 60_000);
});

describe('canceldesk providers', () => {
  const db = newDatabase();
  const specExample = SPEC_EXAMPLE_PROVIDER;
  // The file leaves followUpDelayDays, perRequestEmails and digest out: the defaults are stored and listed.
  const imported = { ...specExample, identifiers: SPEC_EXAMPLE_STORED_IDENTIFIERS, followUpDelayDays: 1, perRequestEmails: true, digest: 'off' };

  it('imports a valid file, and lists the provider with its identifiers', async () => {
    const file = writeJson('providers.json', [specExample]);
    expect(jsonOf(await canceldesk(db, ['providers', 'import', file, '--json']))).toEqual({ imported: ['acme-gym'] });
    expect(jsonOf(await canceldesk(db, ['providers', 'list', '--json']))).toEqual([imported]);
  });

  it('refuses a file with invalid entries as a whole, naming each by index and field', async () => {
    const file = writeJson('bad-providers.json', [
      { ...specExample, name: 'Acme Gym (renamed)' }, // valid: an update
      { id: 'no-inbox', name: 'No Inbox', identifiers: ['email'] },
      {
        id: 'bad-identifiers',
        name: 'Bad Identifiers',
        emails: ['stop@bad.example'],
        identifiers: [{ key: 'contract_id', required: true }, { key: 'code', label: 'Code', pattern: '([' }],
      },
      { id: 'zen-yoga', name: 'Zen Yoga', emails: ['stop@zen.example'], identifiers: ['email'] }, // valid: new
    ] satisfies unknown[]);

    const stderr = failureOf(await canceldesk(db, ['providers', 'import', file, '--json'])).join('\n');
    expect(stderr).toMatch(/^\s*\[1\]\.emails: is required$/m);
    expect(stderr).toMatch(/^\s*\[2\]\.identifiers\[0\]\.label: /m);
    expect(stderr).toMatch(/^\s*\[2\]\.identifiers\[1\]\.pattern: /m);
    expect(stderr).not.toMatch(/^\s*\[[03]\]/m); // the valid entries are not reported
    expect(stderr).toContain('nothing was imported');

    // A file that is not a list: the problem is the file's, named so (not the API's "(body)").
    const notAList = writeJson('one-provider.json', specExample);
    expect(failureOf(await canceldesk(db, ['providers', 'import', notAList]))).toEqual([
      '  the file: must be a JSON array of provider objects',
      `${notAList}: 1 problem(s); nothing was imported`,
    ]);

    // Not the valid update, not the valid new provider: nothing.
    expect(jsonOf(await canceldesk(db, ['providers', 'list', '--json']))).toEqual([imported]);
  });
});

describe('canceldesk clients create', async () => {
  const db = newDatabase();
  // The app, on the same database file, to try the printed key against.
  const { deps, app } = await testDeps({ DATABASE_URL: `file:${db}` });
  await addProviders(deps, ACME_GYM);
  const clientCount = async () => Number((await deps.db.selectFrom('api_clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  let created: { id: string; name: string; apiKey: string };

  it('prints the new client, key included, as one JSON document', async () => {
    created = jsonOf(await canceldesk(db, ['clients', 'create', '--name', 'Budget App', '--json']));
    expect(Object.keys(created).sort()).toEqual(['apiKey', 'id', 'name']);
    expect(created.name).toBe('Budget App');
    expect(created.apiKey).toMatch(/^cdk_.{32,}$/);
  });

  it('stores only a hash of the key: the key itself is nowhere in the database', async () => {
    const sqlite = new SQLite(db, { readonly: true });
    try {
      const rows = sqlite.prepare('SELECT * FROM api_clients').all() as { id: string; key_hash: string }[];
      expect(rows.find((r) => r.id === created.id)?.key_hash).toBe(await sha256Hex(created.apiKey));
      expect(JSON.stringify(rows)).not.toContain(created.apiKey);
    } finally {
      sqlite.close();
    }
    // Nor in the raw pages, wherever SQLite has put them so far.
    for (const file of [db, `${db}-wal`].filter((f) => existsSync(f))) {
      expect(readFileSync(file).includes(created.apiKey)).toBe(false);
    }
  });

  it('prints a key that works against the API', async () => {
    expect((await apiAs(app, created.apiKey).get(`/providers/${ACME_GYM.id}`)).status).toBe(200);
    expect((await apiAs(app, `${created.apiKey}x`).get(`/providers/${ACME_GYM.id}`)).status).toBe(401);
  });

  it('without --name exits 1 with one line naming the name, and creates nothing', async () => {
    const before = await clientCount();
    const run = await canceldesk(db, ['clients', 'create', '--json']);
    expect(run.code).toBe(1);
    const lines = failureOf(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--name');
    expect(await clientCount()).toBe(before);
  });

  it('with an unknown option exits 1 with one line, not a stack trace', async () => {
    const run = await canceldesk(db, ['clients', 'create', '--nmae', 'Typo', '--json']);
    expect(run.code).toBe(1);
    const lines = failureOf(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--nmae');
  });
});

describe('canceldesk outbox', async () => {
  const db = newDatabase();
  const fake = await startFakeResend();
  afterAll(() => fake.close());
  // Requests are created through the API on the same file, on the real clock, so the CLI finds them due.
  const { deps, app } = await testDeps({ DATABASE_URL: `file:${db}`, INBOUND_DOMAIN: 'reply.example.com' }, { clock: systemClock });
  const ZEN_YOGA: ProviderInput = { id: 'zen-yoga', name: 'Zen Yoga', emails: ['stop@zen.example'], identifiers: ['email', 'first_name', 'last_name'] };
  await addProviders(deps, ACME_GYM, ZEN_YOGA);
  const api = apiAs(app, (await addClient(deps)).apiKey);
  const create = async (provider: string, customer: Record<string, string>) => {
    const response = await api.post('/cancellation-requests', { provider, customer });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const acmeRequest = await create(ACME_GYM.id, JANE);
  const zenRequest = await create(ZEN_YOGA.id, { email: JANE.email, first_name: 'Jane', last_name: 'Doe' });
  const ids = (emails: { requestId: string }[]) => emails.map((e) => e.requestId).sort();

  it('lists each email with to, replyTo, messageId, subject, html, text, requestId and status, as one JSON document', async () => {
    const emails = jsonOf(await canceldesk(db, ['outbox', 'list', '--json']));
    expect(ids(emails)).toEqual([acmeRequest, zenRequest].sort());

    const stored = await deps.db
      .selectFrom('outbox')
      .innerJoin('outbox_bodies', 'outbox_bodies.outbox_id', 'outbox.id')
      .innerJoin('cancellation_requests', 'cancellation_requests.id', 'outbox.request_id')
      .select(['outbox.subject', 'outbox.message_id', 'cancellation_requests.reply_key', 'outbox_bodies.html', 'outbox_bodies.text'])
      .where('outbox.request_id', '=', acmeRequest)
      .executeTakeFirstOrThrow();
    const acme = emails.find((e: { requestId: string }) => e.requestId === acmeRequest);
    expect(acme).toMatchObject({
      requestId: acmeRequest,
      status: 'queued',
      to: ['cancellations@acme.example', 'support@acme.example'],
      replyTo: `reply+${stored.reply_key}@reply.example.com`,
      messageId: stored.message_id,
      subject: stored.subject,
      html: stored.html,
      text: stored.text,
    });
    expect(acme.subject).toContain('Jane Doe');
    expect(acme.html).toContain('Reply to cancellation request');
    expect(acme.text).toContain(JANE.member_number);
    expect(acme.messageId).toMatch(/@reply\.example\.com$/);
  });

  it('filters by --to (any one recipient) and by --request', async () => {
    expect(ids(jsonOf(await canceldesk(db, ['outbox', 'list', '--to', 'support@acme.example', '--json'])))).toEqual([acmeRequest]);
    expect(ids(jsonOf(await canceldesk(db, ['outbox', 'list', '--request', zenRequest, '--json'])))).toEqual([zenRequest]);
    expect(jsonOf(await canceldesk(db, ['outbox', 'list', '--to', 'nobody@example.com', '--json']))).toEqual([]);
  });

  it('says nothing matched a filter, not that the outbox is empty', async () => {
    const run = await canceldesk(db, ['outbox', 'list', '--to', 'nobody@example.com', '--request', 'req_none']);
    expect(run).toEqual({ code: 0, stdout: 'no email in the outbox matches --to nobody@example.com --request req_none\n', stderr: '' });
  });

  it('drains what is due through Resend and says how many went, failed, retry and wait', async () => {
    const thirdRequest = await create(ZEN_YOGA.id, { email: 'john@example.com', first_name: 'John', last_name: 'Roe' });
    // An email Resend refuses (it finds the subject empty): the batch's other emails still go.
    await deps.db.updateTable('outbox').set({ subject: '' }).where('request_id', '=', thirdRequest).execute();

    const resend = { RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.baseUrl };
    expect(jsonOf(await canceldesk(db, ['outbox', 'drain', '--json'], resend))).toEqual({ sent: 2, failed: 1, retrying: 0, waiting: 0 });
    expect(fake.requests.map((r) => r.path)).toEqual(['/emails/batch']);
    expect(fake.accepted.size).toBe(2);

    // An outage: the next email waits for a retry.
    const fourthRequest = await create(ZEN_YOGA.id, { email: 'joan@example.com', first_name: 'Joan', last_name: 'Roe' });
    fake.failNext(1, { status: 503, body: { statusCode: 503, name: 'service_unavailable', message: 'Try again later.' } });
    expect(jsonOf(await canceldesk(db, ['outbox', 'drain', '--json'], resend))).toEqual({ sent: 0, failed: 0, retrying: 1, waiting: 1 });

    // In text the counts carry the names of the --json fields: the retrying email waits.
    expect(await canceldesk(db, ['outbox', 'drain'], resend)).toEqual({ code: 0, stdout: 'sent 0, failed 0, retrying 0, waiting 1\n', stderr: '' });

    // Sent, failed and waiting emails stay listed, each with its status.
    const emails = jsonOf(await canceldesk(db, ['outbox', 'list', '--json']));
    expect(ids(emails)).toEqual([acmeRequest, zenRequest, thirdRequest, fourthRequest].sort());
    expect(emails.map((e: { status: string }) => e.status).sort()).toEqual(['failed', 'queued', 'sent', 'sent']);
  });
});

describe('canceldesk help and a mistyped option', () => {
  const db = newDatabase();

  it('help lists every command; help COMMAND only the commands so named', async () => {
    const all = await canceldesk(db, ['help']);
    expect(all.code).toBe(0);
    for (const command of ['serve', 'migrate', 'providers import', 'outbox list', 'outbox drain', 'inbound receive']) expect(all.stdout).toContain(`  ${command}`);

    const outbox = await canceldesk(db, ['help', 'outbox']);
    expect(outbox.stdout.match(/^ {2}\S.*$/gm)).toEqual(['  outbox list [--to ADDRESS] [--request ID]', '  outbox drain                            send what is due now']);
    expect((await canceldesk(db, ['help', 'outbox', 'list'])).stdout).not.toContain('outbox drain');
    expect(await canceldesk(db, ['outbox', '--help'])).toEqual(outbox);
    expect(failureOf(await canceldesk(db, ['help', 'outbox', 'purge']))).toEqual(['no command "outbox purge"; see canceldesk help']);
    expect(existsSync(db)).toBe(false); // help opens no database
  });

  it('names an unknown option, the command it was given to and where to look', async () => {
    expect(failureOf(await canceldesk(db, ['outbox', 'list', '--colour']))).toEqual(['unknown option --colour for "outbox list"; see canceldesk help outbox list']);
    expect(failureOf(await canceldesk(db, ['--colour']))).toEqual(['unknown option --colour; see canceldesk help']);
    expect(failureOf(await canceldesk(db, ['outbox', 'list', '--to']))).toEqual(['--to needs a value for "outbox list"; see canceldesk help outbox list']);
    expect(failureOf(await canceldesk(db, ['migrate', '--json=yes']))).toEqual(['--json takes no value for "migrate"; see canceldesk help migrate']);
  });
});

describe('canceldesk with an unknown command', async () => {
  const db = newDatabase();
  await testDeps({ DATABASE_URL: `file:${db}` }); // an operator's existing, migrated database

  it('exits 1 with one line on stderr and nothing on stdout', async () => {
    const run = await canceldesk(db, ['frobnicate', '--json']);
    expect(run.code).toBe(1);
    const lines = failureOf(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('frobnicate');
  });

  it('exits 1 as a process too: the production bundle, with the reason on its stderr and nothing on its stdout', async () => {
    const run = await builtCli(['frobnicate', '--json'], environment(db));
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'unknown command "frobnicate"; see canceldesk help\n' });
  }, 60_000);

  it.each([['frobnicate'], ['constructor'], ['toString']])('"%s" does not create a database on a fresh checkout', async (command) => {
    const fresh = newDatabase();
    const run = await canceldesk(fresh, [command]);
    expect(run.code).toBe(1);
    expect(failureOf(run)).toEqual([`unknown command "${command}"; see canceldesk help`]);
    expect(existsSync(fresh)).toBe(false);
  });
});
