/**
 * The per-request reply address, `reply+<key>@<INBOUND_DOMAIN>` (issue 15). The key is the only thing
 * that ties a reply to its request by address, so it must come from a random source, never the id.
 */
export const REPLY_KEY = /^[a-z0-9]{1,40}$/;
const LOCAL_PART = 'reply+';

export const replyAddress = (key: string, inboundDomain: string): string => `${LOCAL_PART}${key}@${inboundDomain}`;

/**
 * The key of one of our reply addresses, or null. Mail systems may change the case of an address, and
 * keys are lower case by construction, so the address is compared case-insensitively; anything else
 * that is not exactly a key (too long, other characters, another domain) is no key at all.
 */
export function replyKeyOf(address: string, inboundDomain: string): string | null {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at === -1 || lower.slice(at + 1) !== inboundDomain.toLowerCase()) return null;
  const local = lower.slice(0, at);
  if (!local.startsWith(LOCAL_PART)) return null;
  const key = local.slice(LOCAL_PART.length);
  return REPLY_KEY.test(key) ? key : null;
}

/** How a Message-ID we set is written in our headers: the matcher compares ids in the bare form. */
export const bracketed = (messageId: string): string => `<${messageId}>`;
