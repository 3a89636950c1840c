import { describe, expect, it } from 'vitest';
import { CROSS_SITE, crossSiteBodies } from '../support/cross-site.ts';
import { addSupporter, postForm, sessionCookie, supportTestApp } from '../support/support-accounts.ts';
import { testDeps } from '../support/test-deps.ts';

// The support console's login as a browser uses it: a form, a session cookie, redirects (SPEC §6).

const { deps, clock } = await testDeps();
const app = supportTestApp(deps);
const agent = await addSupporter(deps, 'console@example.com');
const HOUR = 60 * 60 * 1000;

const logIn = (password = agent.password, headers: Record<string, string> = {}) =>
  postForm(app, '/support/login', { email: agent.email, password }, headers);
const consolePage = (cookie?: string) => app.request('/support', { headers: cookie ? { cookie } : {} });

describe('the login page', () => {
  it('is a form with labelled email and password inputs that password managers recognise', async () => {
    const res = await app.request('/support/login');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<form method="post" action="/support/login"');
    expect(html).toMatch(/<label for="email">/);
    expect(html).toMatch(/<input id="email" name="email" type="email" autocomplete="username"/);
    expect(html).toMatch(/<label for="password">/);
    expect(html).toMatch(/<input id="password" name="password" type="password" autocomplete="current-password"/);
  });
});

const plainHttp = await testDeps({ PUBLIC_URL: 'http://localhost:8787' });

describe('logging in through the form', () => {
  it('leaves the cookie without Secure when PUBLIC_URL is plain http (development on localhost)', async () => {
    const localAgent = await addSupporter(plainHttp.deps, 'local@example.com');
    const res = await postForm(supportTestApp(plainHttp.deps), '/support/login', { email: localAgent.email, password: localAgent.password }, { origin: 'http://localhost:8787' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).not.toContain('Secure');
  });

  it('sets an HttpOnly, SameSite=Strict session cookie for 12 hours and goes to the console', async () => {
    const res = await logIn();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support');
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^cd_support=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${12 * 60 * 60}`);
    // PUBLIC_URL is https here (a staging host, say): Secure, production or not.
    expect(setCookie).toContain('Secure');

    const page = await consolePage(sessionCookie(res));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('console@example.com');
  });

  it.each([
    ['a wrong password', { email: 'Console@Example.com', password: 'wrong' }],
    ['an unknown email', { email: 'nobody@example.com', password: 'wrong' }],
    ['empty fields', { email: '', password: '' }],
  ])('refuses %s with one generic message, keeping the email typed', async (_, fields) => {
    const res = await postForm(app, '/support/login', fields);
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    const html = await res.text();
    expect(html).toContain('Email or password is wrong');
    expect(html).toContain(`value="${fields.email}"`);
    expect(html.match(/<input id="password"[^>]*>/)?.[0]).not.toContain('value=');
  });

  it('escapes the email it shows back', async () => {
    const html = await (await postForm(app, '/support/login', { email: '"><script>alert(1)</script>', password: 'x' })).text();
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});

describe('the console without a session', () => {
  it.each([
    ['no cookie', undefined],
    ['a made-up cookie', `cd_support=${'A'.repeat(43)}`],
    ['an empty cookie', 'cd_support='],
  ])('redirects to the login page with %s', async (_, cookie) => {
    const res = await consolePage(cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support/login');
  });

  it('redirects to the login page once the session is 12 hours old', async () => {
    clock.set('2026-11-21T08:00:00.000Z');
    const cookie = sessionCookie(await logIn());
    clock.advance(12 * HOUR - 1000);
    expect((await consolePage(cookie)).status).toBe(200);
    clock.advance(1000);
    const res = await consolePage(cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support/login');
  });
});

describe('logging out', () => {
  it('ends the session, clears the cookie and goes to the login page', async () => {
    const cookie = sessionCookie(await logIn());
    const res = await postForm(app, '/support/logout', {}, { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support/login');
    expect(res.headers.get('set-cookie')).toMatch(/^cd_support=;.*Max-Age=0/);
    // The old cookie is worthless even to a browser that kept it.
    expect((await consolePage(cookie)).status).toBe(303);
  });

  it('without a session still just goes to the login page', async () => {
    const res = await postForm(app, '/support/logout', {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/support/login');
  });
});

describe('forms posted from another site (CSRF)', () => {
  it('refuses a cross-site login with a small HTML page, and opens no session', async () => {
    const before = await deps.db.selectFrom('support_sessions').select('token_hash').execute();
    const res = await logIn(agent.password, CROSS_SITE);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('This form was refused');
    expect(await deps.db.selectFrom('support_sessions').select('token_hash').execute()).toEqual(before);
  });

  it('refuses a cross-site logout, so another site cannot log a supporter out', async () => {
    const cookie = sessionCookie(await logIn());
    expect((await postForm(app, '/support/logout', {}, { ...CROSS_SITE, cookie })).status).toBe(403);
    expect((await consolePage(cookie)).status).toBe(200);
  });

  // The supporter's own credentials: a login that got past the check would open a session.
  it.each(crossSiteBodies({ email: agent.email, password: agent.password }))('refuses a cross-site login and logout sent as %s, opening and ending no session', async (_, { headers, body }) => {
    const cookie = sessionCookie(await logIn());
    const sessions = await deps.db.selectFrom('support_sessions').select('token_hash').execute();
    const login = await app.request('https://canceldesk.test/support/login', { method: 'POST', headers: { ...CROSS_SITE, ...headers }, body });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie')).toBeNull();
    const logout = await app.request('https://canceldesk.test/support/logout', { method: 'POST', headers: { ...CROSS_SITE, ...headers, cookie }, body });
    expect(logout.status).toBe(403);
    expect(await deps.db.selectFrom('support_sessions').select('token_hash').execute()).toEqual(sessions);
    expect((await consolePage(cookie)).status).toBe(200);
  });

  it('refuses a login with neither Sec-Fetch-Site nor Origin', async () => {
    const res = await app.request('https://canceldesk.test/support/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: agent.email, password: agent.password }).toString(),
    });
    expect(res.status).toBe(403);
  });

  it('accepts Sec-Fetch-Site: same-origin, and an Origin of PUBLIC_URL from browsers that send no Sec-Fetch-Site', async () => {
    expect((await logIn(agent.password, { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await logIn(agent.password, { 'sec-fetch-site': '', origin: 'https://canceldesk.test' })).status).toBe(303);
  });
});

describe('in production', async () => {
  const production = await testDeps({
    NODE_ENV: 'production',
    TOKEN_SECRETS: `k1:${'p'.repeat(40)}`,
    PUBLIC_URL: 'https://support.canceldesk.example',
    RESEND_API_KEY: 're_test_unused',
  });
  const prodApp = supportTestApp(production.deps);
  const prodAgent = await addSupporter(production.deps, 'prod@example.com');
  /** A login posted to the production host from a page at `origin`, with no Sec-Fetch-Site. */
  const prodLogIn = (origin: string) =>
    prodApp.request('https://support.canceldesk.example/support/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ email: prodAgent.email, password: prodAgent.password }).toString(),
    });

  it('marks the session cookie Secure', async () => {
    const res = await prodLogIn('https://support.canceldesk.example');
    expect(res.status).toBe(303);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
  });

  it('takes the allowed origin from PUBLIC_URL, not from the request', async () => {
    expect((await prodLogIn('https://canceldesk.test')).status).toBe(403);
  });
});
