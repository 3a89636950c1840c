import { expect } from 'vitest';
import type { Deps } from '../../src/deps.ts';

/**
 * Small readers for the provider's pages and for what a reply wrote to the database, shared by the
 * reply tests. The pages are server-rendered by hono/jsx, so a few anchored regexes read them.
 */

/** Text as hono/jsx writes it into HTML. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The values of the outcome radios that are rendered `checked`. */
export const checkedRadios = (html: string): string[] =>
  [...html.matchAll(/<input type="radio"[^>]*>/g)].filter((m) => /\schecked\b/.test(m[0])).map((m) => /value="([^"]*)"/.exec(m[0])![1]!);

/** The inner HTML of the error summary (`role="alert"`), or null when the page has none. */
export const errorSummary = (html: string): string | null => /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? null;

/** The text of the error shown next to a field (`<p class="error" id="…-error">`), or null. */
export const fieldError = (html: string, elementId: string): string | null =>
  new RegExp(`<p class="error" id="${elementId}-error">([^<]*)</p>`).exec(html)?.[1] ?? null;

/** The `value` of a date input, by its id. */
export const inputValue = (html: string, elementId: string): string | null =>
  new RegExp(`<input[^>]*id="${elementId}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? null;

/** The (escaped) content of a textarea, by its id. */
export const textareaContent = (html: string, elementId: string): string | null =>
  new RegExp(`<textarea[^>]*id="${elementId}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? null;

/** The nonce of the page's one `<style>`. */
export const styleNonce = (html: string): string | null => /<style nonce="([^"]+)"/.exec(html)?.[1] ?? null;

/** Nothing in a body looks like a stack trace or an internal error. */
export function expectNoStackTrace(body: string) {
  expect(body).not.toMatch(/\bat .+\.(ts|tsx|js):\d+|node_modules|internal_error|Error:/);
}

/** What a reply could have changed on a request: compared before and after to prove nothing was written. */
export async function snapshot(deps: Deps, requestId: string) {
  const row = await deps.db
    .selectFrom('cancellation_requests')
    .select(['status', 'outcome', 'answered_at', 'updated_at', 'change_seq', 'closed_at', 'link_id'])
    .where('id', '=', requestId)
    .executeTakeFirstOrThrow();
  const history = await deps.db.selectFrom('request_history').select(['event']).where('request_id', '=', requestId).execute();
  const answers = await deps.db
    .selectFrom('request_answers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('request_id', '=', requestId)
    .executeTakeFirstOrThrow();
  return { ...row, history: history.length, answers: Number(answers.n) };
}

/** Every answer stored for a request, by number. */
export const answersOf = (deps: Deps, requestId: string) =>
  deps.db.selectFrom('request_answers').selectAll().where('request_id', '=', requestId).orderBy('number').execute();

/** The request's history entries of one kind. */
export const historyOf = (deps: Deps, requestId: string, event: string) =>
  deps.db.selectFrom('request_history').selectAll().where('request_id', '=', requestId).where('event', '=', event).orderBy('at').execute();

/** Every answer in the whole database: a refused POST must not have added one anywhere. */
export async function countAllAnswers(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('request_answers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A token with one character changed at `index` (of the whole token), staying in the base64url alphabet. */
export function flipCharacter(token: string, index: number): string {
  const c = token[index]!;
  const replacement = c === 'A' ? 'B' : 'A';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

export const tokenOf = (replyPath: string): string => replyPath.slice('/reply/'.length);
