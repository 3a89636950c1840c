import { DAY_MS } from '../clock.ts';
import { type Copy, copyFor } from '../copy/index.ts';
import { findProvider } from '../db/providers.ts';
import { inboxLinkGeneration, revokeInboxLinks as endInboxLinks } from '../db/provider-inbox.ts';
import type { Deps } from '../deps.ts';
import { inboxLink, signInboxToken, verifyInboxToken } from '../links/inbox-token.ts';
import type { Provider } from '../providers/provider.ts';

export const DEFAULT_INBOX_LINK_DAYS = 30;
export const MAX_INBOX_LINK_DAYS = 365;

/** An inbox link that was verified: whose inbox it opens, in which generation, and the provider's language. */
export interface InboxAccess {
  provider: Provider;
  generation: number;
  copy: Copy;
}

export type InboxLinkProblem = 'invalid' | 'expired' | 'revoked';
export type InboxLinkState = { kind: 'open'; access: InboxAccess } | { kind: 'problem'; problem: InboxLinkProblem; copy: Copy };

export type IssuedInboxLink = { kind: 'issued'; url: string; expiresAt: string } | { kind: 'not_found' } | { kind: 'invalid'; fields: Record<string, string> };

/** A new inbox link for the provider, working for `days` (1–365) unless its links are revoked first. */
export async function issueInboxLink(deps: Pick<Deps, 'db' | 'config' | 'clock' | 'ids'>, providerId: string, days = DEFAULT_INBOX_LINK_DAYS): Promise<IssuedInboxLink> {
  // Worded as the admin API's schema words them, so the CLI says the same beside the database and with --url.
  const problem = !Number.isInteger(days) ? 'must be a whole number' : days < 1 ? 'must be at least 1' : days > MAX_INBOX_LINK_DAYS ? `must be at most ${MAX_INBOX_LINK_DAYS}` : null;
  if (problem) return { kind: 'invalid', fields: { days: problem } };
  const generation = await inboxLinkGeneration(deps.db, providerId);
  if (generation === null) return { kind: 'not_found' };
  return { kind: 'issued', ...(await signInboxLink(deps, providerId, generation, days)) };
}

/** Signs an inbox link of the provider's current `generation` (the digest signs one per email). */
export async function signInboxLink(
  deps: Pick<Deps, 'config' | 'clock' | 'ids'>,
  providerId: string,
  generation: number,
  days: number,
): Promise<{ url: string; expiresAt: string }> {
  const issuedAt = deps.clock.now();
  const expiresAt = new Date(issuedAt.getTime() + days * DAY_MS);
  const token = await signInboxToken(deps.config.tokenKeys, { providerId, generation, linkId: deps.ids.id('il'), issuedAt, expiresAt });
  return { url: inboxLink(deps.config.publicUrl, token), expiresAt: expiresAt.toISOString() };
}

/** Ends every inbox link of the provider at once (`providers inbox-link --revoke`); false when there is no such provider. */
export function revokeInboxLinks(deps: Pick<Deps, 'db'>, providerId: string): Promise<boolean> {
  return endInboxLinks(deps.db, providerId);
}

/**
 * Opens an inbox link: the token's signature and expiry, then that its generation is still the
 * provider's. Only reads: a mail scanner may open the link any number of times.
 */
export async function openInboxLink(deps: Pick<Deps, 'db' | 'config' | 'clock'>, token: string): Promise<InboxLinkState> {
  const claims = await verifyInboxToken(deps.config.tokenKeys, token, deps.clock.now());
  if (!claims.ok) {
    // An expired token is still ours: its page speaks the provider's language, and says nothing more.
    const provider = claims.reason === 'expired' ? await findProvider(deps.db, claims.providerId) : null;
    return { kind: 'problem', problem: claims.reason, copy: copyFor(provider?.locale ?? 'en') };
  }
  const [provider, generation] = await Promise.all([findProvider(deps.db, claims.providerId), inboxLinkGeneration(deps.db, claims.providerId)]);
  if (!provider) return { kind: 'problem', problem: 'invalid', copy: copyFor('en') };
  const copy = copyFor(provider.locale);
  if (generation !== claims.generation) return { kind: 'problem', problem: 'revoked', copy };
  return { kind: 'open', access: { provider, generation, copy } };
}
