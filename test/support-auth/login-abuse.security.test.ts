import { describe, expect, it } from 'vitest';
import { runScheduledWork } from '../../src/lifecycle/scheduler.ts';
import {
  EMAIL_FAILURES_ALLOWED,
  FAILURES_ALLOWED,
  ROWS_PER_SOURCE,
  WINDOW_MS,
  failedLogin,
  failureKeys,
} from '../../src/support/login-throttle.ts';
import { addSupporter, postForm, supportTestApp } from '../support/support-accounts.ts';
import { testDeps } from '../support/test-deps.ts';

// Abuse of the two support logins (issue 20): filling the disk with failures, locking a supporter out
// from elsewhere, and flooding the password checks. Behind a proxy that names the client's address.

const { deps, clock } = await testDeps({ TRUSTED_CLIENT_IP_HEADER: 'CF-Connecting-IP' });
const app = supportTestApp(deps);

type Surface = 'form' | 'json';
/** A login on either surface from a given address. */
const logInFrom = async (surface: Surface, address: string, email: string, password: string): Promise<Response> =>
  surface === 'form'
    ? postForm(app, '/support/login', { email, password }, { 'cf-connecting-ip': address })
    : app.request('/api/v1/support/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
        body: JSON.stringify({ email, password }),
      });
const LOGGED_IN = { form: 303, json: 201 };

const failureRows = () => deps.db.selectFrom('support_login_failures').selectAll().execute();
const forgetAll = () => deps.db.deleteFrom('support_login_failures').execute();

describe('failed logins cannot fill the disk', () => {
  it.each<[Surface, number]>([
    ['form', 401],
    ['json', 400],
  ])('an overlong or malformed email on the %s login is refused (%i) without a row written', async (surface, status) => {
    await forgetAll();
    for (const email of [`${'a'.repeat(60_000)}-1@x.example`, `${'a'.repeat(250)}@x.example`, 'not-an-email']) {
      const res = await logInFrom(surface, '198.51.100.1', email, 'x');
      expect(res.status).toBe(status);
      if (surface === 'form') expect(await res.text()).not.toContain('aaaaaaaaaa'.repeat(26));
    }
    expect(await failureRows()).toEqual([]);
  });

  it('stores keyed hashes only: neither the email nor the address is in the table', async () => {
    await forgetAll();
    expect((await logInFrom('form', '203.0.113.7', 'Victim@Example.com', 'wrong')).status).toBe(401);
    const rows = await failureRows();
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows).toLowerCase();
    expect(stored).not.toContain('victim');
    expect(stored).not.toContain('203.0.113.7');
    expect(rows[0]).toMatchObject({ source_key: expect.stringMatching(/^[0-9a-f]{64}$/), email_key: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it(`keeps at most ${ROWS_PER_SOURCE} rows per address, dropping its oldest in the same write`, async () => {
    await forgetAll();
    // Straight to the write a failed login makes: the bound must hold even for tries that raced past the check.
    for (let i = 0; i < ROWS_PER_SOURCE + 10; i++) {
      clock.advance(1_000);
      await deps.atomic(failedLogin(deps.db, await failureKeys(deps.config, '198.51.100.2', `new-${i}@x.example`), clock.now()));
    }
    await deps.atomic(failedLogin(deps.db, await failureKeys(deps.config, '198.51.100.3', 'other@x.example'), clock.now()));
    const rows = await failureRows();
    expect(rows).toHaveLength(ROWS_PER_SOURCE + 1);
    const newest = await failureKeys(deps.config, '198.51.100.2', `new-${ROWS_PER_SOURCE + 9}@x.example`);
    expect(rows.map((r) => r.email_key)).toContain(newest.emailKey);
    const oldest = await failureKeys(deps.config, '198.51.100.2', 'new-0@x.example');
    expect(rows.map((r) => r.email_key)).not.toContain(oldest.emailKey);
  });

  it('the scheduler forgets failures once they have left the window, and keeps the rest', async () => {
    await forgetAll();
    await logInFrom('json', '198.51.100.4', 'old@x.example', 'wrong');
    clock.advance(WINDOW_MS - 60_000);
    await logInFrom('json', '198.51.100.4', 'recent@x.example', 'wrong');
    clock.advance(60_000);
    await runScheduledWork(deps);
    const rows = await failureRows();
    expect(rows.map((r) => r.email_key)).toEqual([(await failureKeys(deps.config, '198.51.100.4', 'recent@x.example')).emailKey]);
  });
});

describe('nobody can lock a supporter out from elsewhere', () => {
  it.each<Surface>(['form', 'json'])(
    `after ${FAILURES_ALLOWED} wrong passwords from one address, the %s login still lets the supporter in from another`,
    async (surface) => {
      const agent = await addSupporter(deps, `locked-out-${surface}@example.com`);
      for (let i = 0; i < FAILURES_ALLOWED; i++) expect((await logInFrom(surface, '203.0.113.66', agent.email, 'wrong')).status).toBe(401);
      // The guessing address waits, on both surfaces (the counts are shared)...
      expect((await logInFrom('form', '203.0.113.66', agent.email, agent.password)).status).toBe(429);
      expect((await logInFrom('json', '203.0.113.66', agent.email, agent.password)).status).toBe(429);
      // ...the supporter's own does not.
      expect((await logInFrom(surface, '192.0.2.10', agent.email, agent.password)).status).toBe(LOGGED_IN[surface]);
    },
  );

  it(`an email guessed from ${EMAIL_FAILURES_ALLOWED} addresses holds those back, not an address that has not failed`, async () => {
    const agent = await addSupporter(deps, 'botnet-target@example.com');
    for (let i = 0; i < EMAIL_FAILURES_ALLOWED; i++) expect((await logInFrom('json', `203.0.113.${100 + i}`, agent.email, 'wrong')).status).toBe(401);
    expect((await logInFrom('json', '203.0.113.100', agent.email, agent.password)).status).toBe(429);
    expect((await logInFrom('json', '192.0.2.11', agent.email, agent.password)).status).toBe(201);
  });
});

describe('a login flood from one address does not lock everyone out', () => {
  it.each<Surface>(['form', 'json'])('30 bad %s logins at once from one address: a supporter elsewhere still gets in', async (surface) => {
    const agent = await addSupporter(deps, `flooded-${surface}@example.com`);
    const flood = Array.from({ length: 30 }, (_, i) => logInFrom(surface, '203.0.113.99', `flood-${i}@example.com`, 'wrong'));
    const supporter = logInFrom(surface, '192.0.2.12', agent.email, agent.password);
    expect((await supporter).status).toBe(LOGGED_IN[surface]);
    const statuses = await Promise.all(flood.map(async (res) => (await res).status));
    // The flooding address got its share of the line (one checking, one waiting) and was turned away after that.
    expect(statuses.filter((status) => status === 503)).toHaveLength(28);
  });
});
