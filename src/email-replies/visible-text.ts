/**
 * The part of a reply its sender wrote this time: quoted history, forwarded messages, the signature and
 * phone sign-offs removed. A careful equivalent of email-reply-parser, which cannot be used here: its
 * module calls `createRequire(import.meta.url)` at load, which throws on Workers, and without its
 * optional re2 its quote-header patterns backtrack cubically (a 2.8 KB line took 0.8 s). Every pattern
 * below is anchored or bounded (test/email-replies/hostile-input.test.ts feeds them 100 KB lines).
 */

const QUOTED = /^ {0,3}>/;
// "On … wrote:", "Den … skrev …:", "Am … schrieb …:", "… schrieb am … um 10:12:": a short line
// ending in a colon with one of these words (tested as two checks: one pattern would backtrack).
const ATTRIBUTION_WORD = /\b(?:wrote|skrev|schrieb)\b/i;
const isAttribution = (line: string): boolean => line.length <= 300 && line.endsWith(':') && ATTRIBUTION_WORD.test(line);
// Mail clients wrap a long attribution; its first half starts like this.
const ATTRIBUTION_START = /^(?:On|Den|Am)\s/;

const HISTORY_MARKERS = [
  /^-{2,20} {0,3}(?:original message|ursprüngliche nachricht|ursprungligt meddelande|originalmeddelande|forwarded message|vidarebefordrat meddelande|weitergeleitete nachricht) {0,3}-{0,20}$/i,
  /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|vidarebefordrat mejl|vidarebefordrat meddelande):?$/i,
  // Outlook draws a line of underscores above the quoted message's headers.
  /^_{10,200}$/,
];
// Outlook and Apple Mail quote a message as its headers, unmarked: a From line with a Sent/Date line below.
const HEADER_FROM = /^\*{0,2}(?:from|von|från|fra|de) {0,2}:/i;
const HEADER_SENT = /^\*{0,2}(?:sent|date|gesendet|datum|skickat|envoyé) {0,2}:/i;

const SIGNATURE_MARKERS = [
  /^(?:--|__|—) ?$/,
  /^(?:sent from|sent with|get outlook for|skickat från|skickat med|hämta outlook för|von meinem|gesendet von|gesendet mit|gesendet vom)\s.{0,60}$/i,
  /^(?:kind regards|best regards|warm regards|regards|best wishes|yours sincerely|yours faithfully|sincerely|cheers|best|med vänlig hälsning|med vänliga hälsningar|vänliga hälsningar|vänlig hälsning|bästa hälsningar|hälsningar|mvh|mit freundlichen grüßen|mit freundlichen grüssen|freundliche grüße|freundliche grüsse|viele grüße|viele grüsse|beste grüße|beste grüsse|liebe grüße|herzliche grüße|schöne grüße|gruß|mfg)(?:[,.!]|[,.!]? [\p{L} .'-]{1,40})?$/iu,
  // A thank-you line closes a reply ("Thanks,"); one with "!" as often opens it ("Thanks! Cancelled …").
  /^(?:thanks|thank you|many thanks|tack|stort tack|danke|vielen dank),?$/i,
];

export const VISIBLE_TEXT_PATTERNS = [QUOTED, ATTRIBUTION_WORD, ATTRIBUTION_START, ...HISTORY_MARKERS, HEADER_FROM, HEADER_SENT, ...SIGNATURE_MARKERS];

/** `text` is cleaned mail text (`\n` line breaks). */
export function visibleReplyText(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (QUOTED.test(line)) continue;
    if (startsHistory(lines, i) || SIGNATURE_MARKERS.some((marker) => marker.test(line))) break;
    if (isAttribution(line)) {
      // Unmarked history follows an attribution that no quote follows: the reply ends here.
      if (!quoteFollows(lines, i)) break;
      if (kept.length > 0 && ATTRIBUTION_START.test(kept.at(-1)!)) kept.pop();
      continue;
    }
    kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function startsHistory(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (HISTORY_MARKERS.some((marker) => marker.test(line))) return true;
  if (!HEADER_FROM.test(line)) return false;
  return lines.slice(i + 1, i + 5).some((next) => HEADER_SENT.test(next.trim()));
}

function quoteFollows(lines: string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const line = lines[j]!.trim();
    if (line !== '') return QUOTED.test(line);
  }
  return true;
}
