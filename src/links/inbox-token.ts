import type { TokenKey } from '../config.ts';
import { type LinkKind, signLinkToken, verifyLinkToken } from './signed-link.ts';

/**
 * The signed token in a provider's inbox link: the provider's id, and a `jti` of the link generation it
 * was signed in and a random id. Revoking moves the provider to the next generation (THREATS 21).
 */
const INBOX_LINK: LinkKind = { audience: 'canceldesk:provider-inbox', type: 'canceldesk-provider-inbox+jwt' };

export interface InboxClaims {
  providerId: string;
  generation: number;
}

export type InboxTokenCheck = ({ ok: true } & InboxClaims) | { ok: false; reason: 'expired'; providerId: string } | { ok: false; reason: 'invalid' };

export function signInboxToken(keys: TokenKey[], claims: InboxClaims & { linkId: string; issuedAt: Date; expiresAt: Date }): Promise<string> {
  return signLinkToken(INBOX_LINK, keys, { subject: claims.providerId, id: `${claims.generation}.${claims.linkId}`, issuedAt: claims.issuedAt, expiresAt: claims.expiresAt });
}

export async function verifyInboxToken(keys: TokenKey[], token: string, now: Date): Promise<InboxTokenCheck> {
  const check = await verifyLinkToken(INBOX_LINK, keys, token, now);
  if (!check.ok) return check.reason === 'expired' ? { ok: false, reason: 'expired', providerId: check.subject } : check;
  const generation = /^(\d{1,9})\./.exec(check.id)?.[1];
  if (generation === undefined) return { ok: false, reason: 'invalid' };
  return { ok: true, providerId: check.subject, generation: Number(generation) };
}

export const inboxLink = (publicUrl: string, token: string): string => `${publicUrl}/provider/${token}`;
