import type { LinkFetchKind } from '../db/schema.ts';
import type { LinkFetchReason } from './classify.ts';
import { BROWSER_PLACES, FETCHES_KEPT } from './record.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `3 Dec 2026 at 14:02 UTC`. */
export const whenOpened = (iso: string): string => `${Number(iso.slice(8, 10))} ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)} at ${iso.slice(11, 16)} UTC`;

const fetches = (n: number) => `${n} ${n === 1 ? 'fetch' : 'fetches'}`;

/**
 * Support's one line about a request's link activity, in words that claim no more than the signals do:
 * "Opened in a browser on 3 Dec 2026 at 14:02 UTC — 2 fetches probably by mail scanners, at delivery".
 */
export function summarizeLinkActivity(activity: { method: string; kind: LinkFetchKind; reasons: LinkFetchReason[] }[], firstOpenedAt: string | null): string {
  const firstBrowser = activity.find((fetch) => fetch.kind === 'browser');
  const opened = !firstOpenedAt
    ? activity.length === 0
      ? 'Its link has not been fetched yet'
      : 'Not opened in a browser yet'
    : `${firstBrowser?.method === 'POST' ? 'Answered through the form' : 'Opened in a browser'} on ${whenOpened(firstOpenedAt)}`;
  const scanners = activity.filter((fetch) => fetch.kind === 'scanner');
  const atDelivery = scanners.filter((fetch) => fetch.reasons.includes('at_delivery')).length;
  const unknown = activity.filter((fetch) => fetch.kind === 'unknown').length;
  const others = [
    scanners.length > 0 &&
      `${fetches(scanners.length)} probably by mail scanners${atDelivery === scanners.length ? ', at delivery' : atDelivery > 0 ? ` (${atDelivery} at delivery)` : ''}`,
    unknown > 0 && `${fetches(unknown)} we cannot tell`,
    scanners.length + unknown >= FETCHES_KEPT - BROWSER_PLACES && 'later ones not kept',
  ].filter((part): part is string => typeof part === 'string');
  return others.length === 0 ? opened : `${opened} — ${others.join('; ')}`;
}

/** How support reads each kind: honest about what the signals can say. */
export const KIND_WORDS: Record<LinkFetchKind, string> = {
  scanner: 'probably a mail scanner',
  browser: 'a browser',
  unknown: 'cannot tell',
};

/** Each reason in support's words. */
export const REASON_WORDS: Record<LinkFetchReason, string> = {
  head_request: 'a HEAD request (checks the link, shows nothing)',
  scanner_agent: "a mail scanner's user agent",
  headless_browser: 'a headless browser',
  http_library: 'an HTTP library or tool (curl, …)',
  no_user_agent: 'no user agent',
  no_fetch_metadata: 'no Sec-Fetch headers',
  not_a_navigation: 'not a click (Sec-Fetch headers)',
  user_navigation: 'a click in a browser (Sec-Fetch-User: ?1)',
  at_delivery: "within a minute of the email's delivery",
  burst: 'seconds after another fetch',
  answer_posted: 'an answer sent through the form',
};
