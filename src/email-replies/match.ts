import type { ReceivedEmail } from './received-email.ts';
import { replyKeyOf } from '../mail/reply-address.ts';
import { isSharedMailDomain } from './shared-mail-domains.ts';

/**
 * Which request a received email belongs to, in two steps so the store stays out of the decision:
 * `matchLookups` says what to look up, the store finds the rows, `matchReceivedEmail` decides.
 */
export type MatchedBy = 'address' | 'thread' | 'reference';

export type EmailMatch =
  | { kind: 'matched'; requestId: string; matchedBy: MatchedBy }
  | { kind: 'unmatched'; reason: 'no_match' | 'ambiguous' | 'sender_not_provider' };

export interface MatchLookups {
  /** Keys of our `reply+<key>@` addresses among the recipients. */
  replyKeys: string[];
  /** Message-IDs this email answers or reports on, the direct parent first. */
  messageIds: string[];
  /** Our `CD-…` references quoted in the subject or text. */
  references: string[];
}

/** The rows the store found for the lookups, each with what it was found by. */
export interface FoundRequests {
  byReplyKey: { replyKey: string; requestId: string }[];
  byMessageId: { messageId: string; requestId: string }[];
  byReference: { reference: string; requestId: string; providerEmails: string[] }[];
}

export interface MatchOptions {
  inboundDomain: string | null;
  /** The envelope recipients when the door knows them (Email Workers' `message.to`). */
  envelopeTo?: string[];
}

// The reference format of src/ids.ts (Crockford base32), read in any case as people retype it.
const REFERENCE = /\bCD-[0-9A-HJKMNP-TV-Z]{8}\b/gi;
const MAX_REFERENCES = 20;

export function matchLookups(email: ReceivedEmail, options: MatchOptions): MatchLookups {
  const recipients = [...email.to, ...email.cc].map((m) => m.address).concat(email.deliveredTo, options.envelopeTo ?? []);
  const replyKeys = options.inboundDomain
    ? recipients.map((address) => replyKeyOf(address, options.inboundDomain!)).filter((key) => key !== null)
    : [];
  const parent = email.inReplyTo === null ? [] : [email.inReplyTo];
  const quoted = `${email.subject}\n${email.fullText}`.match(REFERENCE) ?? [];
  return {
    replyKeys: unique(replyKeys),
    messageIds: unique([...parent, ...email.references.toReversed(), ...email.reportedMessageIds]),
    references: unique(quoted.map((reference) => reference.toUpperCase())).slice(0, MAX_REFERENCES),
  };
}

/**
 * In order: our reply address (an unknown or forged key matches nothing), then the thread (a
 * Message-ID we set), then a quoted reference, which counts only from one of the provider's own
 * addresses or their company domain (not a domain anyone can get a mailbox at), because anyone can
 * type a reference. Clues that point at two requests match neither.
 */
export function matchReceivedEmail(email: ReceivedEmail, found: FoundRequests, options: MatchOptions): EmailMatch {
  const lookups = matchLookups(email, options);
  const byAddress = found.byReplyKey.filter((row) => lookups.replyKeys.includes(row.replyKey));
  if (byAddress.length > 0) return decide(byAddress, 'address');

  const parent = email.inReplyTo;
  const byParent = found.byMessageId.filter((row) => row.messageId === parent);
  if (byParent.length > 0) return decide(byParent, 'thread');
  const byThread = found.byMessageId.filter((row) => lookups.messageIds.includes(row.messageId));
  if (byThread.length > 0) return decide(byThread, 'thread');

  const quoted = found.byReference.filter((row) => lookups.references.includes(row.reference));
  const sender = email.from?.address;
  const fromProvider = quoted.filter((row) => sender !== undefined && row.providerEmails.some((e) => sameSender(sender, e)));
  if (fromProvider.length > 0) return decide(fromProvider, 'reference');
  return { kind: 'unmatched', reason: quoted.length > 0 ? 'sender_not_provider' : 'no_match' };
}

/** The provider's address itself, or a colleague at the provider's own domain (support@ answering for cancel@). */
function sameSender(sender: string, providerEmail: string): boolean {
  const [a, b] = [sender.toLowerCase(), providerEmail.toLowerCase()];
  if (a === b) return true;
  const domain = b.slice(b.lastIndexOf('@') + 1);
  return a.endsWith(`@${domain}`) && !isSharedMailDomain(domain);
}

function decide(rows: { requestId: string }[], matchedBy: MatchedBy): EmailMatch {
  const requestIds = unique(rows.map((row) => row.requestId));
  return requestIds.length === 1 ? { kind: 'matched', requestId: requestIds[0]!, matchedBy } : { kind: 'unmatched', reason: 'ambiguous' };
}

const unique = <T>(values: T[]): T[] => [...new Set(values)];
