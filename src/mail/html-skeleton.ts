/**
 * An email's HTML as static pieces with holes for the per-email strings: react-email renders the
 * template once with a marker in place of each string, and every email after that is the pieces with
 * each value escaped exactly as React escapes text and attribute values.
 */
export interface HtmlSkeleton {
  /** html = pieces[0] + value(parts[0]) + pieces[1] + … + pieces[n] */
  pieces: string[];
  /** Which part fills each hole (a part may fill several: the reply link is a button and a link). */
  parts: number[];
}

/** A slot value cut at its line breaks: a template may place it whole or split it into lines. */
export interface SlotCut {
  parts: string[];
  breaks: string[];
}

const LINE_BREAK = /(\r\n|\r|\n)/;

export function cutAtLineBreaks(value: string): SlotCut {
  const pieces = value.split(LINE_BREAK);
  return { parts: pieces.filter((_, i) => i % 2 === 0), breaks: pieces.filter((_, i) => i % 2 === 1) };
}

export const joinCut = (parts: string[], breaks: string[]): string => parts.map((part, i) => (i === 0 ? part : breaks[i - 1] + part)).join('');

// Private-use characters: no template copy uses them, React passes them through untouched.
const MARKER_BASE = 0xe000;
const MARKER_COUNT = 0x1900;
/** Every marker ends in `<`, so finding it as `&lt;` proves React escaped it: the value sits in text or an attribute. */
const MARKER_END = '<';
const ESCAPED_MARKER_END = '&lt;';
const MARKER_RUN = /[\ue000-\uf8ff]+/g;

/** The marker of part `k`, `length` characters long (at least 2: the part's own character and the end). */
export function marker(k: number, length: number): string {
  if (k >= MARKER_COUNT) throw new RangeError('too many slot parts for one template');
  return String.fromCharCode(MARKER_BASE + k).repeat(length - 1) + MARKER_END;
}

/**
 * The skeleton of HTML rendered with markers, or null when a marker did not come through whole and
 * escaped (cut short, say, by a preheader capped at 150 characters), in which case the template is not
 * a plain function of that value and only react-email can render it.
 */
export function parseHtmlSkeleton(html: string, markerLength: (k: number) => number): HtmlSkeleton | null {
  const pieces: string[] = [];
  const parts: number[] = [];
  let from = 0;
  for (const run of html.matchAll(MARKER_RUN)) {
    const k = run[0].charCodeAt(0) - MARKER_BASE;
    const end = run.index + run[0].length;
    const whole = run[0] === String.fromCharCode(MARKER_BASE + k).repeat(run[0].length);
    if (!whole || run[0].length + 1 !== markerLength(k) || !html.startsWith(ESCAPED_MARKER_END, end)) return null;
    pieces.push(html.slice(from, run.index));
    parts.push(k);
    from = end + ESCAPED_MARKER_END.length;
  }
  pieces.push(html.slice(from));
  return { pieces, parts };
}

export const sameSkeleton = (a: HtmlSkeleton, b: HtmlSkeleton): boolean =>
  a.parts.length === b.parts.length && a.parts.every((k, i) => k === b.parts[i]) && a.pieces.every((piece, i) => piece === b.pieces[i]);

export function fillSkeleton(skeleton: HtmlSkeleton, values: string[]): string {
  let out = skeleton.pieces[0]!;
  for (let i = 0; i < skeleton.parts.length; i++) out += values[skeleton.parts[i]!]! + skeleton.pieces[i + 1]!;
  return out;
}

const ESCAPES: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&#x27;', '<': '&lt;', '>': '&gt;' };

/** React DOM's escapeTextForBrowser, used for text children and attribute values alike. */
export const escapeLikeReact = (value: string): string => (/["'&<>]/.test(value) ? value.replace(/["'&<>]/g, (c) => ESCAPES[c]!) : value);

// React DOM replaces a javascript: URL in href/src with a throwing stub (sanitizeURL); a value like this
// goes to react-email itself rather than through a skeleton.
const JAVASCRIPT_URL = /^[\u0000-\u001F ]*j[\r\n\t]*a[\r\n\t]*v[\r\n\t]*a[\r\n\t]*s[\r\n\t]*c[\r\n\t]*r[\r\n\t]*i[\r\n\t]*p[\r\n\t]*t[\r\n\t]*:/i;

/**
 * True when React would put the value into the HTML as escaped text and nothing else: no javascript:
 * URL, no NUL (stripped on one of React's paths), no lone surrogate (its UTF-8 stream turns one into
 * U+FFFD), no private-use character of our markers.
 */
export const placesVerbatim = (value: string): boolean =>
  !JAVASCRIPT_URL.test(value) && !value.includes('\0') && value.isWellFormed() && !/[\ue000-\uf8ff]/.test(value);
