import { Hono } from 'hono';
import { expect } from 'vitest';
import type { Deps } from '../../src/deps.ts';
import { jsonErrors } from '../../src/http/errors.ts';
import { supportLoginRoutes } from '../../src/http/support/login.routes.tsx';
import { supportBearerAuth, supportCookieAuth } from '../../src/http/support/session.ts';
import { supportSessionApiRoutes } from '../../src/http/support/sessions.routes.ts';
import { type NewSupportAccount, createSupportAccount } from '../../src/support/accounts.ts';

/**
 * The support login surfaces mounted where the app mounts them, with one protected console page
 * (answers the supporter's email) and one protected API route (answers the supporter as JSON).
 */
export function supportTestApp(deps: Deps) {
  const app = new Hono();
  app.route('/support', supportLoginRoutes(deps));
  app.get('/support', supportCookieAuth(deps), (c) => c.text(c.var.supporter.email));
  app.route('/api/v1/support', supportSessionApiRoutes(deps));
  app.get('/api/v1/support/me', supportBearerAuth(deps), (c) => c.json(c.var.supporter));
  app.onError(jsonErrors(deps.log));
  return app;
}

export async function addSupporter(deps: Deps, email: string): Promise<NewSupportAccount> {
  const result = await createSupportAccount(deps, { email });
  if (result.kind === 'invalid') throw new Error(JSON.stringify(result.fields));
  return result.account;
}

/** A login form post as a browser on our own page sends it (`Sec-Fetch-Site: same-origin`). */
export function postForm(app: ReturnType<typeof supportTestApp>, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(`https://canceldesk.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** `cd_support=<token>` from a login response, ready to send back as a Cookie header. */
export function sessionCookie(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /^cd_support=([^;]*)/.exec(setCookie);
  expect(match, setCookie).not.toBeNull();
  return `cd_support=${match![1]}`;
}
