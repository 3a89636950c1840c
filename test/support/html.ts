import { expect } from 'vitest';

/**
 * Small readers for the pages we serve (the provider's reply form, the support console) and a check
 * for any response body. The pages are server-rendered by hono/jsx, so a few anchored regexes read them.
 */

/** Text as hono/jsx writes it into HTML. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The nonce of the page's one `<style>`. */
export const styleNonce = (html: string): string | null => /<style nonce="([^"]+)"/.exec(html)?.[1] ?? null;

/** Nothing in a body looks like a stack trace or an internal error. */
export function expectNoStackTrace(body: string) {
  expect(body).not.toMatch(/\bat .+\.(ts|tsx|js):\d+|node_modules|internal_error|Error:/);
}

/** No markup from hostile data: no script, no image, no javascript: URL in any attribute. */
export function expectInert(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/(href|src|action|formaction)\s*=\s*["']?\s*javascript:/i);
}

/** The values of the outcome radios that are rendered `checked`. */
export const checkedRadios = (html: string): string[] =>
  [...html.matchAll(/<input type="radio"[^>]*>/g)].filter((m) => /\schecked\b/.test(m[0])).map((m) => /value="([^"]*)"/.exec(m[0])![1]!);

/** The inner HTML of the error summary (`role="alert"`), or null when the page has none. */
export const errorSummary = (html: string): string | null => /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? null;

/** The text of the error shown next to a field (`<p class="error" id="…-error">`), or null. */
export const fieldError = (html: string, elementId: string): string | null =>
  new RegExp(`<p class="error" id="${elementId}-error">([^<]*)</p>`).exec(html)?.[1] ?? null;

/** The `value` of an input, by its id. */
export const inputValue = (html: string, elementId: string): string | null =>
  new RegExp(`<input[^>]*id="${elementId}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? null;

/** The (escaped) content of a textarea, by its id. */
export const textareaContent = (html: string, elementId: string): string | null =>
  new RegExp(`<textarea[^>]*id="${elementId}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? null;
