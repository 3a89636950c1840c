/// <reference path="../mail/html-to-text.d.ts" />
import { compile } from 'html-to-text';
import type { LimitNote } from './received-email.ts';

// Images (`cid:` and remote) and link targets are dropped: support reads what the sender wrote, and a
// hostile message's URLs stay out of the console (THREATS 20). Quoted <blockquote>s become "> " lines,
// which the visible-text reader then strips like plain-text quotes.
const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
  ],
});

/** html-to-text takes ~0.45 s per MB; a text limit of 100 KB never needs more HTML than this. */
export const MAX_HTML_CHARS = 1024 * 1024;

export interface MailText {
  text: string;
  notes: LimitNote[];
}

/** The message as plain text: its text part, else its HTML converted; never HTML. */
export function mailText(part: { text?: string; html?: string }, maxChars: number): MailText {
  const notes: LimitNote[] = [];
  let text = part.text ?? '';
  if (text.trim() === '' && part.html) {
    if (part.html.length > MAX_HTML_CHARS) notes.push({ cut: 'html', limit: MAX_HTML_CHARS });
    text = htmlToText(part.html.slice(0, MAX_HTML_CHARS));
  }
  text = cleanMultiline(text);
  if (text.length > maxChars) notes.push({ cut: 'text', limit: maxChars });
  return { text: text.slice(0, maxChars), notes };
}

// C0/C1 controls (NUL from a hostile part, stray escapes) and bidi overrides that make text read
// differently from what it is (THREATS 15) are removed; line breaks and tabs stay.
const CONTROLS_EXCEPT_LINES = /[\p{Cc}--[\n\t]]|[\u202A-\u202E\u2066-\u2069]/gv;
const CONTROLS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** Body text as support will read it: NFC, `\n` line breaks, no invisible controls, no trailing blanks. */
export function cleanMultiline(text: string): string {
  const lines = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(CONTROLS_EXCEPT_LINES, '').split('\n');
  // trimEnd per line rather than /[ \t]+$/gm, which backtracks quadratically over a long run of blanks.
  return lines.map((line) => line.trimEnd()).join('\n').trim();
}

/** A header value on one line: controls become spaces, runs of blanks one space. */
export function cleanLine(value: string | undefined, maxChars: number): string {
  return (value ?? '').normalize('NFC').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim().slice(0, maxChars);
}
