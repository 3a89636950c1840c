import { sql } from 'kysely';
import { expect } from 'vitest';
import type { App } from '../../src/app.ts';
import { listOutbox } from '../../src/db/outbox.ts';
import type { RequestStatus } from '../../src/db/schema.ts';
import type { Deps } from '../../src/deps.ts';
import type { ProviderInput } from '../../src/providers/provider.ts';
import { replyWorld } from './reply-world.ts';
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

/** The path of the reply link in an email's plain-text part. */
export function replyPathIn(text: string): string {
  const link = /https:\/\/canceldesk\.test(\/reply\/[\w.-]+)/.exec(text);
  expect(link, text).not.toBeNull();
  return link![1]!;
}

/** The request ids the console's list links to, in the order shown. */
export const listedIds = (html: string): string[] => [...html.matchAll(/<a href="\/support\/requests\/([^"/?]+)">/g)].map((m) => m[1]!);

/** The href of the list's "Next page" link, unescaped, or null on the last page. */
export function nextPageHref(html: string): string | null {
  const href = /<a href="([^"]*)">Next page<\/a>/.exec(html)?.[1];
  return href === undefined ? null : href.replaceAll('&amp;', '&');
}

/** A request's history in the order it was written. */
export const historyOf = (deps: Deps, requestId: string) =>
  deps.db.selectFrom('request_history').selectAll().where('request_id', '=', requestId).orderBy(sql`rowid`).execute();

/** How many history entries exist in the whole database. */
export async function historyCount(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('request_history').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many emails the whole outbox holds. */
export async function outboxCount(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sets a request's status directly, as a delivery event would (e.g. a bounce → delivery_failed). */
export const setStatus = (deps: Deps, requestId: string, status: RequestStatus) =>
  deps.db.updateTable('cancellation_requests').set({ status }).where('id', '=', requestId).execute();

/** The nonce of the page's one `<style>`. */
export const styleNonce = (html: string): string | null => /<style nonce="([^"]+)"/.exec(html)?.[1] ?? null;

/** Nothing in a body looks like a stack trace or an internal error. */
export function expectNoStackTrace(body: string) {
  expect(body).not.toMatch(/\bat .+\.(ts|tsx|js):\d+|node_modules|internal_error|Error:/);
}

/** Everything a support action could change about a request, and the mail it could queue: compared before and after. */
export async function requestState(deps: Deps, requestId: string) {
  const row = await deps.db
    .selectFrom('cancellation_requests')
    .select(['status', 'outcome', 'answered_at', 'updated_at', 'change_seq', 'closed_at', 'link_id'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const history = await historyOf(deps, requestId);
  const answers = await deps.db.selectFrom('request_answers').selectAll().where('request_id', '=', requestId).execute();
  const emails = await listOutbox(deps.db, { requestId });
  return { ...row, history: history.map((h) => h.id), answers: answers.map((a) => a.id), emails: emails.map((e) => e.id) };
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
