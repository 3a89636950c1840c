import { describe, expect, it } from 'vitest';
import { logIn } from '../../src/support/accounts.ts';
import { canceldesk as runCanceldesk } from '../support/cli.ts';
import { testDeps } from '../support/test-deps.ts';

// `canceldesk support create` as an operator runs it, on the app's database file (SPEC §9).

const { deps, dbFile } = await testDeps();

const canceldesk = (...args: string[]) => runCanceldesk(args, { NODE_ENV: 'test', DATABASE_URL: `file:${dbFile}` });

const accountCount = async () => (await deps.db.selectFrom('support_accounts').select('id').execute()).length;

describe('canceldesk support create', () => {
  let created: { id: string; email: string; password: string };

  it('prints the new account, its one-time password included, as one JSON document', async () => {
    const run = await canceldesk('support', 'create', '--email', 'Agent@Example.com', '--json');
    expect(run, run.stderr).toMatchObject({ code: 0 });
    created = JSON.parse(run.stdout);
    expect(Object.keys(created).sort()).toEqual(['email', 'id', 'password']);
    expect(created.email).toBe('agent@example.com');
    expect(created.id).toMatch(/^sa_/);
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('prints a password that logs in, and stores only its hash', async () => {
    const result = await logIn(deps, { email: created.email, password: created.password, source: '127.0.0.1' });
    expect(result.kind === 'logged_in' && result.session.account.id).toBe(created.id);
    const rows = await deps.db.selectFrom('support_accounts').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(created.password);
  });

  it('without --json says what it created and shows the password once', async () => {
    const run = await canceldesk('support', 'create', '--email', 'second@example.com');
    expect(run, run.stderr).toMatchObject({ code: 0 });
    const [first, second] = run.stdout.trimEnd().split('\n');
    expect(first).toMatch(/^created support account sa_\w+ \(second@example\.com\)$/);
    expect(second).toMatch(/^Password \(shown once, only its hash is stored\): [A-Za-z0-9_-]{24}$/);
  });

  it.each([
    ['an email that already has an account, in any case', ['--email', 'AGENT@example.com']],
    ['an invalid email', ['--email', 'not-an-email']],
    ['no email', []],
  ])('refuses %s: exit 1, one line naming --email, nothing created', async (_, flags) => {
    const before = await accountCount();
    const run = await canceldesk('support', 'create', ...flags, '--json');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--email');
    expect(await accountCount()).toBe(before);
  });
});
