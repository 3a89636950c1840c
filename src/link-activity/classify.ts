import type { LinkFetchKind } from '../db/schema.ts';
import { type AgentReason, automatedAgent } from './user-agents.ts';

export const LINK_FETCH_KINDS = ['scanner', 'browser', 'unknown'] as const satisfies readonly LinkFetchKind[];

/** Why a fetch was classified as it was; each is explained with its source in docs/link-activity.md. */
export const LINK_FETCH_REASONS = [
  'head_request',
  'scanner_agent',
  'headless_browser',
  'http_library',
  'no_user_agent',
  'no_fetch_metadata',
  'not_a_navigation',
  'user_navigation',
  'at_delivery',
  'burst',
  'answer_posted',
] as const;

export type LinkFetchReason = (typeof LINK_FETCH_REASONS)[number];

/** What is known of one fetch of a link: its request line, a few headers, and when it came. */
export interface LinkFetch {
  method: string;
  at: string;
  userAgent: string | undefined;
  /** The Fetch Metadata headers as sent (`Sec-Fetch-User`, `-Mode`, `-Dest`). */
  fetchMetadata: { user?: string; mode?: string; dest?: string };
  /** When the newest email carrying the link reached the mail API, if one had by then. */
  deliveredAt: string | null;
  /** When a link of the same request was last fetched before this one. */
  previousFetchAt: string | null;
}

export interface LinkFetchClass {
  kind: LinkFetchKind;
  reasons: LinkFetchReason[];
}

/** Scanners fetch on delivery: within a minute of the email reaching the mail API (and so the mailbox). */
export const AT_DELIVERY_MS = 60_000;
/** A scanner fetches an email's links one after another: a second fetch this soon is not a person reading. */
export const BURST_MS = 10_000;

/** Either of these alone says a program fetched the link. */
const CERTAIN: readonly LinkFetchReason[] = ['head_request', 'scanner_agent', 'headless_browser', 'http_library', 'no_user_agent'];
/** Timing that fits a scanner (and rarely a person). */
const TIMING: readonly LinkFetchReason[] = ['at_delivery', 'burst'];

/**
 * A scanner, a browser, or unknown, with the reasons. A program's own signs (HEAD, its User-Agent)
 * decide alone; a person's navigation (all three Fetch Metadata headers a click sends) counts as a
 * browser unless its timing fits a scanner (then unknown); with neither, scanner timing makes it
 * probably a scanner, and nothing at all leaves it unknown (old browsers send no Fetch Metadata).
 */
export function classifyLinkFetch(fetch: LinkFetch): LinkFetchClass {
  if (fetch.method === 'POST') return { kind: 'browser', reasons: ['answer_posted'] };
  const reasons: LinkFetchReason[] = [];
  if (fetch.method === 'HEAD') reasons.push('head_request');
  const agent = fetch.userAgent?.trim() ? automatedAgent(fetch.userAgent) : 'no_user_agent';
  if (agent) reasons.push(agent);
  reasons.push(navigationOf(fetch.fetchMetadata));
  const at = Date.parse(fetch.at);
  if (fetch.deliveredAt && at - Date.parse(fetch.deliveredAt) < AT_DELIVERY_MS && at >= Date.parse(fetch.deliveredAt)) reasons.push('at_delivery');
  if (fetch.previousFetchAt && at - Date.parse(fetch.previousFetchAt) < BURST_MS) reasons.push('burst');

  const has = (some: readonly LinkFetchReason[]) => reasons.some((reason) => some.includes(reason));
  if (has(CERTAIN)) return { kind: 'scanner', reasons };
  if (reasons.includes('user_navigation')) return { kind: has(TIMING) ? 'unknown' : 'browser', reasons };
  return { kind: has(TIMING) ? 'scanner' : 'unknown', reasons };
}

/** A click (or a typed address) sends all three; a prefetch, a frame or a script's fetch does not. */
function navigationOf(metadata: LinkFetch['fetchMetadata']): LinkFetchReason {
  if (metadata.user === undefined && metadata.mode === undefined && metadata.dest === undefined) return 'no_fetch_metadata';
  return metadata.user === '?1' && metadata.mode === 'navigate' && metadata.dest === 'document' ? 'user_navigation' : 'not_a_navigation';
}
