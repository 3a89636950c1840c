import { expect } from 'vitest';
import type { App } from '../../src/app.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import { nextChangeSeq } from '../../src/db/requests.ts';
import type { RequestStatus } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { replyPathIn, replyWorld } from './reply-world.ts';
import { addProviders } from './test-deps.ts';
import { addSupporter, sessionCookie } from './support-accounts.ts';

/**
 * Support's side of the whole app: a reply world (provider, app, requests) plus a support account,
 * with helpers that act as a supporter's browser does in the console (a session cookie, forms posted
 * from our own pages) and as support tooling does with the JSON API (a bearer session token).
 * Call it while vitest collects (top-level await or an async describe), like testDeps.
 */
export async function supportWorld(env: Record<string, string> = {}) {
  const world = await replyWorld(env);
  await addProviders(world.deps, ZEN_YOGA);
  const agent = await addSupporter(world.deps, 'agent@example.com');
  const { app, deps } = world;

  return {
    ...world,
    agent,
    /** What the history names this supporter as. */
    actor: `support:${agent.id}`,
    /** Logs in through the console's form, as a browser on our login page does; returns the Cookie header. */
    async logIn(account: { email: string; password: string } = agent): Promise<string> {
      const res = await postPage(app, '/support/login', { email: account.email, password: account.password });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/support');
      return sessionCookie(res);
    },
    /** A console page, as the browser asks for it with the session cookie (or without one). */
    page: (path: string, cookie?: string, headers: Record<string, string> = {}) =>
      app.request(path, { headers: { ...(cookie ? { cookie } : {}), ...headers } }),
    /** A console form posted from one of our pages (`Sec-Fetch-Site: same-origin`), with the cookie. */
    post: (path: string, cookie: string | undefined, fields: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      postPage(app, path, fields, { ...(cookie ? { cookie } : {}), ...headers }),
    /** Creates a request for Zen Yoga (a second provider) as the app would. */
    async createZenRequest(customer: Record<string, string> = ZEN_CUSTOMER): Promise<string> {
      const res = await world.api.post('/cancellation-requests', { provider: ZEN_YOGA.id, customer });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    },
    /** Logs in to the support JSON API; returns the bearer token. */
    async apiToken(account: { email: string; password: string } = agent): Promise<string> {
      const res = await app.request('/api/v1/support/sessions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: account.email, password: account.password }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { token: string }).token;
    },
    /** Emails about a request, oldest first (the outbox lists newest first). */
    emailsOf: async (requestId: string) => (await listOutbox(deps.db, { requestId })).reverse(),
    /** The reply-link paths of every email about a request, oldest first. */
    async replyPathsOf(requestId: string): Promise<string[]> {
      return (await listOutbox(deps.db, { requestId })).reverse().map((e) => replyPathIn(e.text));
    },
  };
}

export type SupportWorld = Awaited<ReturnType<typeof supportWorld>>;

export const ZEN_YOGA: ProviderInput = {
  id: 'zen-yoga',
  name: 'Zen Yoga',
  emails: ['stop@zen.example'],
  identifiers: ['email', 'first_name', 'last_name'],
};
export const ZEN_CUSTOMER = { email: 'john@example.com', first_name: 'John', last_name: 'Roe' };

/** A form post as a browser sends it from a page of ours. */
export function postPage(app: App, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The request ids the console's list links to, in the order shown. */
export const listedIds = (html: string): string[] => [...html.matchAll(/<a href="\/support\/requests\/([^"/?]+)">/g)].map((m) => m[1]!);

/** The href of the list's "Next page" link, unescaped, or null on the last page. */
export function nextPageHref(html: string): string | null {
  const href = /<a href="([^"]*)">Next page<\/a>/.exec(html)?.[1];
  return href === undefined ? null : href.replaceAll('&amp;', '&');
}

/**
 * Sets a request's status directly, as a delivery event would (e.g. a bounce → delivery_failed), with a
 * new change number as every change an app can see gets: list polls and the stats' rollup follow those.
 */
export const setStatus = (deps: Deps, requestId: string, status: RequestStatus) =>
  deps.db
    .updateTable('cancellation_requests')
    .set((eb) => ({ status, change_seq: nextChangeSeq(eb) }))
    .where('id', '=', requestId)
    .execute();

/**
 * Six requests for the list tests, by age, provider, status and outcome, newest first:
 * `bounced` (delivery_failed), `other` (answered "other", with a message and a note), `cancelled`
 * (answered "cancelled"), `zen` (Zen Yoga) — all created today, a minute apart — then `middle`
 * (5 days old) and `oldest` (10 days old), both queued. Leaves the clock a minute after the last change.
 */
export async function seedRequestsForLists(w: SupportWorld) {
  const minute = 60_000;
  const day = 24 * 60 * minute;
  const { clock } = w;
  const oldest = (await w.createRequest()).id;
  clock.advance(5 * day);
  const middle = (await w.createRequest()).id;
  clock.advance(5 * day);
  const zen = await w.createZenRequest();
  clock.advance(minute);
  const cancelled = await w.createRequest();
  clock.advance(minute);
  const other = await w.createRequest();
  clock.advance(minute);
  const bounced = (await w.createRequest()).id;
  clock.advance(minute);
  expect((await w.sendForm(cancelled.replyPath, { outcome: 'cancelled', date: '2027-01-31' })).status).toBe(200);
  expect((await w.sendForm(other.replyPath, { outcome: 'other', message: 'Company contract: ask HR.', note: 'Private note.' })).status).toBe(200);
  await setStatus(w.deps, bounced, 'delivery_failed');
  clock.advance(minute);
  return { oldest, middle, zen, cancelled: cancelled.id, other: other.id, bounced };
}

/** The support JSON API as support tooling calls it, with a bearer session token. */
export function supportApi(app: App, token: string) {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  return {
    get: (path: string) => app.request(`/api/v1/support${path}`, { headers: headers() }),
    post: (path: string, body?: unknown, extra: Record<string, string> = {}) =>
      app.request(`/api/v1/support${path}`, {
        method: 'POST',
        headers: headers(body === undefined ? extra : { 'content-type': 'application/json', ...extra }),
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
