import { describe, expect, it } from 'vitest';
import { logIn } from '../../src/support/accounts.ts';
import { loginGate } from '../../src/support/login-gate.ts';
import { FAILURES_ALLOWED, WINDOW_MS } from '../../src/support/login-throttle.ts';
import { addSupporter, postForm, supportTestApp } from '../support/support-accounts.ts';
import { testDeps } from '../support/test-deps.ts';

// Password guessing is slowed per email, and a flood of logins cannot take the service's threads.

const { deps, clock } = await testDeps();
const app = supportTestApp(deps);
const MINUTE = 60_000;

describe('wrong tries per email', () => {
  it(`after ${FAILURES_ALLOWED} wrong passwords even the right one waits (429 with Retry-After), until the window passes`, async () => {
    const agent = await addSupporter(deps, 'guessed@example.com');
    for (let i = 0; i < FAILURES_ALLOWED; i++) {
      expect((await postForm(app, '/support/login', { email: agent.email, password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await postForm(app, '/support/login', { email: agent.email, password: agent.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many wrong tries for this email');
    expect(locked.headers.get('set-cookie')).toBeNull();

    clock.advance(WINDOW_MS + 1_000);
    expect((await postForm(app, '/support/login', { email: agent.email, password: agent.password })).status).toBe(303);
  });

  it('the JSON API counts the same tries and answers 429 rate_limited', async () => {
    const agent = await addSupporter(deps, 'api-guessed@example.com');
    const post = (password: string) =>
      app.request('/api/v1/support/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: agent.email, password }),
      });
    for (let i = 0; i < FAILURES_ALLOWED; i++) expect((await post('wrong')).status).toBe(401);
    const locked = await post(agent.password);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('an email with no account is held back the same way, so the wait tells nothing', async () => {
    for (let i = 0; i < FAILURES_ALLOWED; i++) await logIn(deps, 'nobody@example.com', 'guess');
    expect(await logIn(deps, 'nobody@example.com', 'guess')).toMatchObject({ ok: false, waitSeconds: expect.any(Number) });
  });

  it('a right password forgets the earlier wrong ones; other emails are not affected', async () => {
    const agent = await addSupporter(deps, 'forgetful@example.com');
    const bystander = await addSupporter(deps, 'bystander@example.com');
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++) await logIn(deps, agent.email, 'wrong');
    expect((await logIn(deps, agent.email, agent.password)).ok).toBe(true);
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++) await logIn(deps, agent.email, 'wrong');
    expect((await logIn(deps, agent.email, agent.password)).ok).toBe(true);
    expect((await logIn(deps, bystander.email, bystander.password)).ok).toBe(true);
  });

  it('counts tries within the window only', async () => {
    const agent = await addSupporter(deps, 'slow-typist@example.com');
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++) await logIn(deps, agent.email, 'wrong');
    clock.advance(WINDOW_MS + MINUTE);
    await logIn(deps, agent.email, 'wrong');
    expect((await logIn(deps, agent.email, agent.password)).ok).toBe(true);
  });
});

describe('the login gate', () => {
  it('runs one check at a time, lets a few wait their turn in order, and turns the rest away', async () => {
    const gate = loginGate(1, 2);
    const order: number[] = [];
    let release!: () => void;
    const first = gate(() => new Promise<number>((resolve) => (release = () => resolve(1))).then((n) => (order.push(n), n)));
    const second = gate(async () => (order.push(2), 2));
    const third = gate(async () => (order.push(3), 3));
    expect(await gate(async () => 4)).toBe('busy');
    release();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(order).toEqual([1, 2, 3]);
    // Free again once the line has cleared.
    expect(await gate(async () => 5)).toBe(5);
  });

  it('frees its slot when the work fails', async () => {
    const gate = loginGate(1, 0);
    await expect(gate(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate(async () => 'next')).toBe('next');
  });
});
