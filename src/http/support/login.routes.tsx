import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SupportFormRefusedPage, SupportLoginPage } from '../../../views/support/login.tsx';
import type { Deps } from '../../deps.ts';
import { EMAIL_MAX_LENGTH, SESSION_LIFETIME_MS, logIn, logOut } from '../../support/accounts.ts';
import { loginGate } from '../../support/login-gate.ts';
import { type PageEnv, pageForm, pageHeaders, readForm } from '../pages.ts';
import { requestSource } from '../request-source.ts';
import { SUPPORT_COOKIE, SUPPORT_LOGIN_PATH } from './session.ts';

/** The console's login and logout, mounted at `/support`; the console pages themselves use `supportCookieAuth`. */
export function supportLoginRoutes(deps: Deps) {
  const cookie = {
    httpOnly: true,
    // Strict: the browser never sends the session along with a request another site starts.
    sameSite: 'Strict',
    path: '/',
    // Secure wherever we are served over https (production and staging alike); plain http://localhost in
    // development would never get a Secure cookie back.
    secure: new URL(deps.config.publicUrl).protocol === 'https:',
  } as const;

  const gate = loginGate();
  return new Hono<PageEnv>()
    // Scoped to these two paths: mounted at /support, a bare use() would wrap the console's pages too.
    .use('/login', ...pageHeaders())
    .use('/logout', ...pageHeaders())
    .on('POST', ['/login', '/logout'], ...supportFormChecks(deps.config.publicUrl))
    .get('/login', (c) => c.html(<SupportLoginPage nonce={c.var.secureHeadersNonce} />))
    .post('/login', async (c) => {
      const form = await readForm(c);
      if (!form) return c.html(<SupportFormRefusedPage reason="unreadable" nonce={c.var.secureHeadersNonce} />, 415);
      const typed = form.email?.[0] ?? '';
      // Shown back only if it could be an email at all: a 60,000-character one is not echoed.
      const email = typed.length <= EMAIL_MAX_LENGTH ? typed : '';
      const password = form.password?.[0] ?? '';
      const nonce = c.var.secureHeadersNonce;
      const source = requestSource(c, deps);
      const result = await gate(source, () => logIn(deps, { email: typed, password, source }));
      if (result.kind === 'busy') return c.html(<SupportLoginPage email={email} busy nonce={nonce} />, 503, { 'Retry-After': '1' });
      if (result.kind === 'wait') {
        return c.html(<SupportLoginPage email={email} waitMinutes={Math.ceil(result.waitSeconds / 60)} nonce={nonce} />, 429, {
          'Retry-After': String(result.waitSeconds),
        });
      }
      if (result.kind === 'refused') return c.html(<SupportLoginPage email={email} failed nonce={nonce} />, 401);
      setCookie(c, SUPPORT_COOKIE, result.session.token, { ...cookie, maxAge: SESSION_LIFETIME_MS / 1000 });
      return c.redirect('/support', 303);
    })
    .post('/logout', async (c) => {
      await logOut(deps, getCookie(c, SUPPORT_COOKIE) ?? '');
      deleteCookie(c, SUPPORT_COOKIE, cookie);
      return c.redirect(SUPPORT_LOGIN_PATH, 303);
    });
}


/** The checks every support form POST passes (body limit, same origin), each refusal answered with a page. */
export const supportFormChecks = <E extends PageEnv>(publicUrl: string) =>
  pageForm<E>(publicUrl, {
    refused: (c) => c.html(<SupportFormRefusedPage nonce={c.var.secureHeadersNonce} />, 403),
    tooLarge: (c) => c.html(<SupportFormRefusedPage reason="too_large" nonce={c.var.secureHeadersNonce} />, 413),
  });
