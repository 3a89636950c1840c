import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../../src/crypto.ts';
import { authenticateSession, createSupportAccount, logIn as logInResult, logOut } from '../../src/support/accounts.ts';
import { PBKDF2_ITERATIONS, verifyPassword } from '../../src/support/password.ts';
import { addSupporter } from '../support/support-accounts.ts';
import { testDeps } from '../support/test-deps.ts';

/** The session a login from one address opens, or null. */
const logIn = async (deps: Parameters<typeof logInResult>[0], email: string, password: string) => {
  const result = await logInResult(deps, { email, password, source: '192.0.2.1' });
  return result.kind === 'logged_in' ? result.session : null;
};

const { deps, clock } = await testDeps();
const HOUR = 60 * 60 * 1000;

afterEach(() => vi.restoreAllMocks());

describe('creating a support account', () => {
  it('trims and lower-cases the email, and gives a one-time url-safe password', async () => {
    const result = await createSupportAccount(deps, { email: '  Agent.Smith@Example.COM ' });
    expect(result.kind).toBe('done');
    if (result.kind === 'invalid') return;
    expect(result.account.email).toBe('agent.smith@example.com');
    expect(result.account.id).toMatch(/^sa_/);
    expect(result.account.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('stores only a PBKDF2 hash of the password', async () => {
    const account = await addSupporter(deps, 'hashed@example.com');
    const row = await deps.db.selectFrom('support_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^pbkdf2-sha256\$/);
    expect(row.password_hash).not.toContain(account.password);
    expect(await verifyPassword(account.password, row.password_hash)).toBe(true);
  });

  it('gives every account its own password', async () => {
    const [a, b] = [await addSupporter(deps, 'one@example.com'), await addSupporter(deps, 'two@example.com')];
    expect(a.password).not.toBe(b.password);
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    await addSupporter(deps, 'taken@example.com');
    expect(await createSupportAccount(deps, { email: 'Taken@Example.com' })).toEqual({
      kind: 'invalid',
      fields: { email: 'already has a support account' },
    });
  });

  it.each([[''], ['not-an-email'], ['two@at@example.com'], ['spaces in@example.com']])('refuses the invalid email "%s", naming the field', async (email) => {
    const result = await createSupportAccount(deps, { email });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(Object.keys(result.fields)).toEqual(['email']);
  });
});

describe('logging in', async () => {
  const agent = await addSupporter(deps, 'login@example.com');

  it('opens a session for the right password, with any case of the email', async () => {
    const session = await logIn(deps, ' LOGIN@example.com', agent.password);
    expect(session?.account).toEqual({ id: agent.id, email: 'login@example.com' });
    expect(session?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await authenticateSession(deps, session!.token)).toEqual({ id: agent.id, email: 'login@example.com' });
  });

  it('stores only the SHA-256 of the session token', async () => {
    const session = (await logIn(deps, agent.email, agent.password))!;
    const rows = await deps.db.selectFrom('support_sessions').selectAll().where('account_id', '=', agent.id).execute();
    expect(rows.map((r) => r.token_hash)).toContain(await sha256Hex(session.token));
    expect(JSON.stringify(rows)).not.toContain(session.token);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    expect(await logIn(deps, agent.email, `${agent.password}x`)).toBeNull();
    expect(await logIn(deps, 'nobody@example.com', agent.password)).toBeNull();
    expect(await logIn(deps, agent.email, '')).toBeNull();
  });

  it('still runs a full PBKDF2 check for an unknown email, so timing does not reveal which emails exist', async () => {
    const deriveBits = vi.spyOn(crypto.subtle, 'deriveBits');
    expect(await logIn(deps, 'nobody@example.com', 'guess')).toBeNull();
    expect(deriveBits).toHaveBeenCalledTimes(1);
    expect(deriveBits.mock.calls[0]![0]).toMatchObject({ name: 'PBKDF2', iterations: PBKDF2_ITERATIONS });
  });

  it('refuses a session token it never issued', async () => {
    expect(await authenticateSession(deps, '')).toBeNull();
    expect(await authenticateSession(deps, 'A'.repeat(43))).toBeNull();
  });
});

describe('a session', async () => {
  const agent = await addSupporter(deps, 'session@example.com');

  it('lasts 12 hours from login, and not a moment longer', async () => {
    clock.set('2026-11-21T08:00:00.000Z');
    const session = (await logIn(deps, agent.email, agent.password))!;
    expect(session.expiresAt).toBe('2026-11-21T20:00:00.000Z');

    clock.advance(12 * HOUR - 1);
    expect(await authenticateSession(deps, session.token)).not.toBeNull();
    clock.advance(1);
    expect(await authenticateSession(deps, session.token)).toBeNull();
  });

  it('ends at logout, and logging out again is harmless', async () => {
    const session = (await logIn(deps, agent.email, agent.password))!;
    const other = (await logIn(deps, agent.email, agent.password))!;
    await logOut(deps, session.token);
    expect(await authenticateSession(deps, session.token)).toBeNull();
    await expect(logOut(deps, session.token)).resolves.toBeUndefined();
    // Only that session: the same account logged in elsewhere stays in.
    expect(await authenticateSession(deps, other.token)).not.toBeNull();
  });
});
