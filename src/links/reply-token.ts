import type { TokenKey } from '../config.ts';
import { type LinkKind, signLinkToken, verifyLinkToken } from './signed-link.ts';

/**
 * The signed token in a reply link. It carries only opaque ids and standard claims: a mail scanner,
 * a forwarded email or a log line that sees it learns nothing about the customer (THREATS 2).
 */
const REPLY_LINK: LinkKind = { audience: 'canceldesk:reply', type: 'canceldesk-reply+jwt' };

export interface ReplyClaims {
  requestId: string;
  /** The link's own id (`jti`); the request remembers which one is current, so a re-issued link revokes the old. */
  linkId: string;
}

/**
 * An expired token was still signed by us, so the request it names is known (to pick the page's
 * language); a token that fails any other check says nothing.
 */
export type ReplyTokenCheck =
  | ({ ok: true } & ReplyClaims)
  | { ok: false; reason: 'expired'; requestId: string }
  | { ok: false; reason: 'invalid' };

export function signReplyToken(keys: TokenKey[], claims: ReplyClaims & { issuedAt: Date; expiresAt: Date }): Promise<string> {
  return signLinkToken(REPLY_LINK, keys, { subject: claims.requestId, id: claims.linkId, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt });
}

export async function verifyReplyToken(keys: TokenKey[], token: string, now: Date): Promise<ReplyTokenCheck> {
  const check = await verifyLinkToken(REPLY_LINK, keys, token, now);
  if (check.ok) return { ok: true, requestId: check.subject, linkId: check.id };
  return check.reason === 'expired' ? { ok: false, reason: 'expired', requestId: check.subject } : check;
}

export const replyLink = (publicUrl: string, token: string): string => `${publicUrl}/reply/${token}`;
