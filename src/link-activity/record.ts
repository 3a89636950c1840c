import { firstOpenedWrites, insertLinkFetch, type LinkFetchContext, linkFetchContext } from '../db/link-activity.ts';
import type { Write } from '../db/atomic.ts';
import type { LinkFetchKind, LinkKind } from '../db/schema.ts';
import type { Deps } from '../deps.ts';

export type { LinkKind };
import { classifyLinkFetch, type LinkFetch } from './classify.ts';
import { networkKey } from './source-key.ts';

/** One fetch of a link from an email, as the HTTP layer saw it; the address is only ever hashed. */
export interface LinkVisit {
  linkKind: LinkKind;
  method: string;
  userAgent: string | undefined;
  fetchMetadata: LinkFetch['fetchMetadata'];
  address: string | undefined;
}

/**
 * At most this many fetches are kept per request; the last BROWSER_PLACES only for browser views, so a
 * scanner fetching in a loop cannot crowd out the person who opens the link after it.
 */
export const FETCHES_KEPT = 40;
export const BROWSER_PLACES = 10;

const capFor = (kind: LinkFetchKind) => (kind === 'browser' ? FETCHES_KEPT : FETCHES_KEPT - BROWSER_PLACES);

/** The fetch's time and its context, when the caller read them with the request (a reply link's page does). */
export interface FetchKnown {
  at: string;
  context: LinkFetchContext;
}

/**
 * Records a fetch of one of a request's links, classified, in one short write guarded by the cap; a
 * browser's first view also sets the request's `first_opened_at` and tells the app, once (an answer
 * posted sets it too, and is told by its own webhook). The request's
 * status, history and `updated_at` never change. It never fails the page that called it: a failure is
 * logged (the request id and the error's kind, never a token) and the page goes on.
 */
export async function recordLinkActivity(
  deps: Pick<Deps, 'db' | 'atomic' | 'clock' | 'config' | 'ids' | 'log' | 'wakeSender'>,
  requestId: string,
  visit: LinkVisit,
  known?: FetchKnown,
): Promise<void> {
  try {
    const activity = await linkActivityWrites(deps, requestId, visit, known);
    await deps.atomic(activity.writes);
    if (activity.announcesOpened) deps.wakeSender();
  } catch (error) {
    linkActivityNotRecorded(deps, requestId, error);
  }
}

/**
 * recordLinkActivity's statements, for a caller that writes them in its own atomic unit (an answer
 * posted through the link: one transaction instead of two). They are guarded by the cap alone, so they
 * land whether or not the caller's own statements' guards hold. Throws when the fetch's context cannot
 * be read; the caller logs that with linkActivityNotRecorded and goes on without them.
 */
export async function linkActivityWrites(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'ids'>,
  requestId: string,
  visit: LinkVisit,
  known?: FetchKnown,
): Promise<{ writes: Write[]; announcesOpened: boolean }> {
  const at = known?.at ?? deps.clock.now().toISOString();
  const context = known?.context ?? (await linkFetchContext(deps.db, requestId, at));
  const sourceKey = networkKey(deps.config.tokenKeys[0]!, visit.address);
  const { kind, reasons } = classifyLinkFetch({
    method: visit.method,
    at,
    userAgent: visit.userAgent,
    fetchMetadata: visit.fetchMetadata,
    deliveredAt: context.deliveredAt,
    previousFetchAt: context.previousFetchAt,
  });
  const fetch = insertLinkFetch(deps.db, { requestId, linkKind: visit.linkKind, at, method: visit.method, kind, reasons, sourceKey }, capFor(kind));
  // Opened before: one insert. (Two first views at once both get past this; the guard inside the write lets one through.)
  if (kind !== 'browser' || context.firstOpenedAt) return { writes: [fetch], announcesOpened: false };
  // An answer posted is announced by its own webhook, queued after these, which carries firstOpenedAt: "opened" is for a look.
  if (visit.method === 'POST') return { writes: [fetch, ...firstOpenedWrites(deps.db, requestId, at)], announcesOpened: false };
  return { writes: [fetch, ...firstOpenedWrites(deps.db, requestId, at, { messageId: deps.ids.id('msg') })], announcesOpened: true };
}

/** The log line of link activity that could not be recorded: the request id and the error's kind, never its message (it may hold a token). */
export function linkActivityNotRecorded(deps: Pick<Deps, 'log'>, requestId: string, error: unknown): void {
  const code = (error as { code?: unknown }).code;
  deps.log(`link activity not recorded for request ${requestId}: ${error instanceof Error ? error.name : 'error'}${typeof code === 'string' ? ` ${code}` : ''}`);
}
