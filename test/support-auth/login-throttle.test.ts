import { describe, expect, it } from 'vitest';
import { logIn } from '../../src/support/accounts.ts';
import { loginGate } from '../../src/support/login-gate.ts';
import {
  EMAIL_FAILURES_ALLOWED,
  FAILURES_ALLOWED,
  type RecentFailures,
  SOURCE_FAILURES_ALLOWED,
  WINDOW_MS,
  waitSeconds,
} from '../../src/support/login-throttle.ts';
import { addSupporter, postForm, supportTestApp } from '../support/support-accounts.ts';
import { testDeps } from '../support/test-deps.ts';

// Password guessing is slowed per source and email, and a flood of logins cannot take the service's threads.

const { deps, clock } = await testDeps();
const app = supportTestApp(deps);
const MINUTE = 60_000;
/** A login through the use case, from one address. */
const logInFromHere = (email: string, password: string) => logIn(deps, { email, password, source: '192.0.2.1' });

describe('wrong tries from one address for one email', () => {
  it(`after ${FAILURES_ALLOWED} wrong passwords even the right one waits (429 with Retry-After), until the window passes`, async () => {
    const agent = await addSupporter(deps, 'guessed@example.com');
    for (let i = 0; i < FAILURES_ALLOWED; i++) {
      expect((await postForm(app, '/support/login', { email: agent.email, password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await postForm(app, '/support/login', { email: agent.email, password: agent.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many wrong tries. Try again in 15 minutes.');
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
    for (let i = 0; i < FAILURES_ALLOWED; i++) await logInFromHere('nobody@example.com', 'guess');
    expect(await logInFromHere('nobody@example.com', 'guess')).toMatchObject({ kind: 'wait', waitSeconds: expect.any(Number) });
  });

  it('a right password forgets the earlier wrong ones; other emails are not affected', async () => {
    const agent = await addSupporter(deps, 'forgetful@example.com');
    const bystander = await addSupporter(deps, 'bystander@example.com');
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++) await logInFromHere(agent.email, 'wrong');
    expect((await logInFromHere(agent.email, agent.password)).kind).toBe('logged_in');
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++) await logInFromHere(agent.email, 'wrong');
    expect((await logInFromHere(agent.email, agent.password)).kind).toBe('logged_in');
    expect((await logInFromHere(bystander.email, bystander.password)).kind).toBe('logged_in');
  });

  it('counts tries within the window only', async () => {
    const agent = await addSupporter(deps, 'slow-typist@example.com');
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++) await logInFromHere(agent.email, 'wrong');
    clock.advance(WINDOW_MS + MINUTE);
    await logInFromHere(agent.email, 'wrong');
    expect((await logInFromHere(agent.email, agent.password)).kind).toBe('logged_in');
  });
});

describe('how long a source waits (the rule alone)', () => {
  const now = new Date('2026-11-21T10:00:00.000Z');
  /** `count` failures, newest first, the newest `minutesAgo` minutes before now and one a second apart. */
  const failures = (count: number, minutesAgo = 1) =>
    Array.from({ length: count }, (_, i) => new Date(now.getTime() - minutesAgo * MINUTE - i * 1000).toISOString());
  const none: RecentFailures = { forEmail: [], fromSource: [], fromSourceForEmail: [] };
  const waitMinutes = (recent: Partial<RecentFailures>) => Math.round(waitSeconds({ ...none, ...recent }, now) / 60);

  it.each<[string, number, Partial<RecentFailures>]>([
    ['no failures', 0, {}],
    [`${FAILURES_ALLOWED - 1} for this email from here`, 0, { fromSourceForEmail: failures(FAILURES_ALLOWED - 1), fromSource: failures(FAILURES_ALLOWED - 1), forEmail: failures(FAILURES_ALLOWED - 1) }],
    [`${FAILURES_ALLOWED} for this email from here`, 14, { fromSourceForEmail: failures(FAILURES_ALLOWED), fromSource: failures(FAILURES_ALLOWED), forEmail: failures(FAILURES_ALLOWED) }],
    [`${FAILURES_ALLOWED} for this email from here, 6 minutes ago`, 9, { fromSourceForEmail: failures(FAILURES_ALLOWED, 6), fromSource: failures(FAILURES_ALLOWED, 6), forEmail: failures(FAILURES_ALLOWED, 6) }],
    [`${SOURCE_FAILURES_ALLOWED} from here over other emails`, 14, { fromSource: failures(SOURCE_FAILURES_ALLOWED) }],
    [`${SOURCE_FAILURES_ALLOWED - 1} from here over other emails`, 0, { fromSource: failures(SOURCE_FAILURES_ALLOWED - 1) }],
    [`${EMAIL_FAILURES_ALLOWED} for this email from elsewhere, none from here`, 0, { forEmail: failures(EMAIL_FAILURES_ALLOWED) }],
    [`${EMAIL_FAILURES_ALLOWED} for this email from elsewhere, one from here 5 minutes ago`, 10, { forEmail: failures(EMAIL_FAILURES_ALLOWED), fromSourceForEmail: failures(1, 5), fromSource: failures(1, 5) }],
    [`${EMAIL_FAILURES_ALLOWED - 1} for this email from elsewhere, one from here`, 0, { forEmail: failures(EMAIL_FAILURES_ALLOWED - 1), fromSourceForEmail: failures(1), fromSource: failures(1) }],
  ])('%s → waits %i minutes', (_, minutes, recent) => {
    expect(waitMinutes(recent)).toBe(minutes);
  });

  it('never answers a wait under one second', () => {
    const almostGone = new Date(now.getTime() - WINDOW_MS + 10).toISOString();
    expect(waitSeconds({ ...none, fromSource: Array(SOURCE_FAILURES_ALLOWED).fill(almostGone) }, now)).toBe(1);
  });
});

describe('the login gate', () => {
  it('runs one check at a time, lets a few wait their turn in order, and turns the rest away', async () => {
    const gate = loginGate({ slots: 1, queue: 2 });
    const order: number[] = [];
    let release!: () => void;
    const first = gate('a', () => new Promise<number>((resolve) => (release = () => resolve(1))).then((n) => (order.push(n), n)));
    const second = gate('b', async () => (order.push(2), 2));
    const third = gate('c', async () => (order.push(3), 3));
    expect(await gate('d', async () => 4)).toEqual({ kind: 'busy' });
    release();
    expect(await Promise.all([first, second, third])).toEqual([1, 2, 3]);
    expect(order).toEqual([1, 2, 3]);
    // Free again once the line has cleared.
    expect(await gate('d', async () => 5)).toBe(5);
  });

  it('gives one source only its share of the places, running or waiting, and that share back when done', async () => {
    const gate = loginGate({ slots: 1, queue: 8, perSource: 2 });
    let release!: () => void;
    const running = gate('flood', () => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const waiting = gate('flood', async () => 'second');
    expect(await gate('flood', async () => 'third')).toEqual({ kind: 'busy' });
    const elsewhere = gate('elsewhere', async () => 'someone else');
    release();
    expect(await Promise.all([running, waiting, elsewhere])).toEqual(['first', 'second', 'someone else']);
    expect(await gate('flood', async () => 'again')).toBe('again');
  });

  it('frees its slot and the source’s place when the work fails', async () => {
    const gate = loginGate({ slots: 1, queue: 0, perSource: 1 });
    await expect(gate('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate('a', async () => 'next')).toBe('next');
  });
});
