import { fillSkeleton, type HtmlSkeleton } from './html-skeleton.ts';

/**
 * The plain-text part as static pieces with holes, derived from the HTML skeleton. html-to-text runs
 * once on the skeleton with a word-like token for each value; a value then drops into its token's place
 * as typed, provided html-to-text would leave it as typed (see `staysAsTyped`). The exception is a
 * dataTable: its columns are as wide as their widest cell and a cell wraps at 60 characters, so a
 * table holding values is a hole of its own, converted per email on its own (a few hundred bytes
 * instead of the whole document). The plan is checked once against converting the whole probe.
 */
export type TextPlan =
  | { kind: 'skeleton'; pieces: string[]; holes: TextHole[]; tables: HtmlSkeleton[]; inAttributes: Set<number> }
  /** The template does something to a value that only converting the whole HTML reproduces. */
  | { kind: 'whole' };

type TextHole = { part: number } | { table: number };

// Three base-9 digits written a–i: never a j, q or x, so two tokens side by side still part cleanly.
const DIGITS = 'abcdefghi';
const letters = (n: number): string => {
  if (n >= 9 ** 3) throw new RangeError('too many slot parts or tables for one template');
  return DIGITS[Math.floor(n / 81)]! + DIGITS[Math.floor(n / 9) % 9]! + DIGITS[n % 9]!;
};
const fromLetters = (s: string): number => [...s].reduce((n, c) => n * 9 + DIGITS.indexOf(c), 0);
// Lower-case letters only: a word to html-to-text, and a heading's upper-casing would show (as XQJ…).
const partToken = (k: number) => `xqjp${letters(k)}jqx`;
const tableToken = (t: number) => `xqjt${letters(t)}jqx`;
const TOKEN = /xqj([pt])([a-i]{3})jqx/g;

// React writes every attribute value double-quoted with `"` escaped, so a style ends at the next quote.
const INLINE_STYLE = / style="[^"]*"/g;
const DATA_TABLE_OPEN = /<table\b[^>]*\sdata-text-format="dataTable"[^>]*>/g;
const HOLE_TABLE = (t: number) => `<table data-text-format="dataTable"><tbody><tr><td>${tableToken(t)}</td></tr></tbody></table>`;

export function planText(skeleton: HtmlSkeleton, convert: (html: string) => string): TextPlan {
  const probe = fillSkeleton(skeleton, tokensFor(skeleton));
  const tables: HtmlSkeleton[] = [];
  let holed = '';
  let from = 0;
  for (const [start, end] of dataTableRanges(probe)) {
    const table = probe.slice(start, end);
    if (!table.match(TOKEN)) continue;
    holed += probe.slice(from, start) + HOLE_TABLE(tables.length);
    // html-to-text reads no style attribute, and the inline styles are most of what it would parse.
    tables.push(tokenSkeleton(table.replace(INLINE_STYLE, '')));
    from = end;
  }
  holed += probe.slice(from);

  const text = convert(holed);
  if (/XQJ[PT]/.test(text)) return { kind: 'whole' };
  const { pieces, parts } = tokenSkeleton(text);
  const holes: TextHole[] = parts.map((k) => (k < 0 ? { table: -k - 1 } : { part: k }));
  const plan: TextPlan = { kind: 'skeleton', pieces, holes, tables, inAttributes: partsInAttributes(probe) };
  // The plan must give what converting the whole probe gives: tables converted on their own included.
  const tokens = tokensFor(skeleton);
  return fillText(plan, tokens, tokens, convert) === convert(probe) ? plan : { kind: 'whole' };
}

/**
 * The text of one email, or null when one of its values needs the whole conversion: `values` as typed,
 * `escaped` as they stand in the HTML.
 */
export function fillText(plan: TextPlan & { kind: 'skeleton' }, values: string[], escaped: string[], convert: (html: string) => string): string | null {
  let out = plan.pieces[0]!;
  for (let i = 0; i < plan.holes.length; i++) {
    const hole = plan.holes[i]!;
    let text: string;
    if ('part' in hole) {
      text = values[hole.part]!;
      // A link's href is compared with the link's text to decide whether to print it; a value with
      // whitespace in it compares otherwise than its token did.
      if (!staysAsTyped(text) || (plan.inAttributes.has(hole.part) && /\s/.test(text))) return null;
    } else {
      text = convert(fillSkeleton(plan.tables[hole.table]!, escaped));
      // An empty table adds no line breaks around it either; the whole conversion knows how that ends.
      if (text === '') return null;
    }
    out += text + plan.pieces[i + 1]!;
  }
  return out;
}

/**
 * html-to-text collapses whitespace (` \t\r\n\f` and U+200B) between words and trims it at a block's
 * edges; a value with none of that but single inner spaces comes out exactly as typed.
 */
const staysAsTyped = (value: string): boolean => value !== '' && !/[\t\r\n\f\u200b]|^ | $| {2}/.test(value);

/** Parts placed inside a tag (an attribute value, such as a link's href) somewhere in the probe. */
function partsInAttributes(probe: string): Set<number> {
  const inside = new Set<number>();
  for (const token of probe.matchAll(TOKEN)) {
    if (token[1] === 'p' && probe.lastIndexOf('<', token.index) > probe.lastIndexOf('>', token.index)) inside.add(fromLetters(token[2]!));
  }
  return inside;
}

function tokensFor(skeleton: HtmlSkeleton): string[] {
  const tokens: string[] = [];
  for (const k of skeleton.parts) tokens[k] = partToken(k);
  return tokens;
}

/** A string with tokens, cut into pieces; a table hole is numbered -1, -2, … among the parts. */
function tokenSkeleton(text: string): HtmlSkeleton {
  const pieces: string[] = [];
  const parts: number[] = [];
  let from = 0;
  for (const token of text.matchAll(TOKEN)) {
    pieces.push(text.slice(from, token.index));
    const n = fromLetters(token[2]!);
    parts.push(token[1] === 'p' ? n : -n - 1);
    from = token.index + token[0].length;
  }
  pieces.push(text.slice(from));
  return { pieces, parts };
}

/** Where each outermost dataTable starts and ends, nested tables counted. */
function dataTableRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const open of html.matchAll(DATA_TABLE_OPEN)) {
    if (ranges.length > 0 && open.index < ranges.at(-1)![1]) continue;
    const tags = /<table\b|<\/table>/g;
    tags.lastIndex = open.index + 1;
    let depth = 1;
    for (let tag = tags.exec(html); tag && depth > 0; tag = tags.exec(html)) {
      depth += tag[0] === '</table>' ? -1 : 1;
      if (depth === 0) ranges.push([open.index, tag.index + tag[0].length]);
    }
  }
  return ranges;
}

