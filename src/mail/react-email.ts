/// <reference path="./html-to-text.d.ts" />
// (The reference: typechecks that reach this file through imports alone, like the Workers tests', see the declarations too.)
import { plainTextSelectors, render } from '@react-email/render';
import { compile, type HtmlToTextOptions } from 'html-to-text';
import type { ReactElement } from 'react';

export type { HtmlToTextOptions };

/** An email's two bodies as react-email renders them. */
export interface EmailBodies {
  html: string;
  text: string;
}

/** react-email's own render of both parts: the reference every faster path must equal byte for byte. */
export async function renderWithReactEmail(email: ReactElement, htmlToTextOptions: HtmlToTextOptions): Promise<EmailBodies> {
  const [html, text] = await Promise.all([render(email), render(email, { plainText: true, htmlToTextOptions })]);
  return { html, text };
}

/**
 * The same two bodies from one React render: the text converted from the HTML by `convert` (see
 * `plainTextConverter`). react-email's `render(…, { plainText: true })` renders the element a second
 * time and converts that; the HTML differs only in its doctype, which html-to-text skips. The equality
 * test holds this to `renderWithReactEmail` byte for byte.
 */
export async function renderOnce(email: ReactElement, convert: (html: string) => string): Promise<EmailBodies> {
  const html = await render(email);
  return { html, text: convert(html) };
}

/**
 * react-email's plain-text conversion, compiled once. `render(…, { plainText: true })` calls
 * html-to-text's `convert`, which builds its selector machinery anew on every call (two thirds of its
 * time); the options here are exactly the ones it builds, so the output is the same.
 */
export function plainTextConverter(htmlToTextOptions: HtmlToTextOptions): (html: string) => string {
  return compile({
    wordwrap: false,
    ...htmlToTextOptions,
    selectors: [...plainTextSelectors, ...(htmlToTextOptions.selectors ?? [])],
  });
}
