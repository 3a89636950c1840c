import { expect } from 'vitest';
import { listOutbox } from '../../src/db/outbox.ts';
import type { Deps } from '../../src/deps.ts';
import { ACME_GYM, JANE, addClient, addProviders, apiAs, testDeps } from './test-deps.ts';

/**
 * A world for the reply half: a provider, an app with its key, and helpers that act as the provider
 * does: open the link from the email, post the form from the page (Sec-Fetch-Site: same-origin).
 * Call it while vitest collects (top-level await), like testDeps. `overrides` go to testDeps (e.g.
 * `{ log }` to capture the app's log lines).
 */
export async function replyWorld(env: Record<string, string> = {}, overrides: Partial<Deps> = {}) {
  const { deps, clock, app, dbFile } = await testDeps(env, overrides);
  await addProviders(deps, ACME_GYM);
  const client = await addClient(deps);
  const api = apiAs(app, client.apiKey);

  const sendForm = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
    return app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', ...headers },
      body,
    });
  };

  return {
    deps,
    clock,
    app,
    /** The SQLite file, for a CLI run beside the app. */
    dbFile,
    api,
    client,
    /** Creates a request as the app would and returns its id and the path of the link in its email. */
    async createRequest(customer: Record<string, string> = JANE): Promise<{ id: string; replyPath: string }> {
      const response = await api.post('/cancellation-requests', { provider: ACME_GYM.id, customer });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      return { id, replyPath: await replyPathOf(id) };
    },
    replyPathOf,
    /** GET of the link, as a provider's browser or a mail scanner does it. */
    open: (path: string, init: RequestInit = {}) => app.request(path, init),
    sendForm,
    /** The request as the app sees it. */
    async appView(id: string) {
      const response = await api.get(`/cancellation-requests/${id}`);
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    },
  };

  /** The reply link of the newest email about a request, as a path. */
  async function replyPathOf(requestId: string): Promise<string> {
    const emails = await listOutbox(deps.db, { requestId });
    // listOutbox is newest first.
    return replyPathIn(emails[0]!.text);
  }
}

/** The path of the reply link in an email's plain-text part. */
export function replyPathIn(text: string): string {
  const link = /https:\/\/canceldesk\.test(\/reply\/[\w.-]+)/.exec(text);
  expect(link, text).not.toBeNull();
  return link![1]!;
}

/** The token of a reply link, from its path. */
export const tokenOf = (replyPath: string): string => replyPath.slice('/reply/'.length);

/** A token with one character changed at `index` (of the whole token), staying in the base64url alphabet. */
export function flipCharacter(token: string, index: number): string {
  const c = token[index]!;
  const replacement = c === 'A' ? 'B' : 'A';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}
