import type { Write } from '../db/atomic.ts';
import { DAY_MS } from '../clock.ts';
import { copyFor } from '../copy/index.ts';
import type { Config } from '../config.ts';
import type { NewStoredEmail } from '../db/new-request.ts';
import { enqueueStoredEmail } from '../db/outbox.ts';
import type { Guard } from '../db/requests.ts';
import type { RequestRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { replyAddress } from '../mail/reply-address.ts';
import { replyLink, signReplyToken } from '../links/reply-token.ts';
import { renderCancellationEmail, renderFollowUpEmail, renderReminderEmail } from '../mail/cancellation-email.ts';
import { customerDetails } from '../providers/identifiers.ts';
import type { Provider } from '../providers/provider.ts';

/** Which email about the request: the request itself, or the n-th reminder of it. */
export type RequestEmailKind =
  | { kind: 'cancellation_request' }
  | {
      kind: 'reminder';
      number: number;
      /** When the email now being answered reached the mail API. */
      waitingSince: string;
      /** The reminder's link ends with the request's own, not later. */
      linkExpiresAt: Date;
    }
  | {
      kind: 'follow_up';
      /** The binding-contract answer followed up: one follow-up email per answer. */
      answerId: string;
      /** YYYY-MM-DD, both: when the provider answered, and the contract's end it gave. */
      answeredOn: string;
      contractEndsOn: string;
    };

/**
 * An email for a request, signed and rendered, as the outbox insert that queues it (only while `onlyIf`
 * holds, when given). Used for the first email, every re-send (each with its own idempotency key) and
 * the reminders (one key per reminder of a wait, so the same reminder can never be queued twice) and a
 * binding contract's follow-up (one key per answer followed up). Signing and
 * rendering are slow, so this runs before the atomic unit that will carry the insert.
 */
export async function composeRequestEmail(
  deps: Pick<Deps, 'db' | 'config' | 'ids'>,
  input: {
    provider: Provider;
    request: Pick<RequestRow, 'id' | 'reference' | 'link_id' | 'created_at' | 'reply_key'>;
    customer: Record<string, string>;
    now: Date;
  },
  onlyIf?: Guard,
  which: RequestEmailKind = { kind: 'cancellation_request' },
): Promise<{ outboxId: string; writes: Write[] }> {
  const email = await requestEmailRow(deps, input, which);
  return { outboxId: email.id, writes: enqueueStoredEmail(deps.db, email, onlyIf) };
}

/** composeRequestEmail's email as the outbox row it stores, with its bodies, for a caller that writes it in a unit of its own (a create). */
export async function requestEmailRow(
  deps: Pick<Deps, 'config' | 'ids'>,
  input: Parameters<typeof composeRequestEmail>[1],
  which: RequestEmailKind = { kind: 'cancellation_request' },
): Promise<NewStoredEmail> {
  const { provider, request, customer, now } = input;
  const token = await signReplyToken(deps.config.tokenKeys, {
    requestId: request.id,
    linkId: request.link_id,
    issuedAt: now,
    // The link outlives the reply window by a grace period, so a late answer is still taken.
    expiresAt:
      which.kind === 'reminder' ? which.linkExpiresAt : new Date(now.getTime() + (provider.replyWindowDays + deps.config.linkGraceDays) * DAY_MS),
  });
  const replyTo = replyToOf(deps.config, request.reply_key);
  const customerName = [customer.first_name, customer.last_name].filter(Boolean).join(' ') || null;
  const content = {
    locale: provider.locale,
    providerName: provider.name,
    reference: request.reference,
    requestedOn: request.created_at.slice(0, 10),
    customerName,
    identifiers: customerDetails(provider.identifiers, customer, provider.locale),
    replyUrl: replyLink(deps.config.publicUrl, token),
    repliesByEmail: replyTo.capturesReplies,
  };
  const email =
    which.kind === 'reminder'
      ? await renderReminderEmail({ ...content, waitingSince: which.waitingSince.slice(0, 10) })
      : which.kind === 'follow_up'
        ? await renderFollowUpEmail({ ...content, answeredOn: which.answeredOn, contractEndsOn: which.contractEndsOn })
        : await renderCancellationEmail(content);
  const id = deps.ids.id('ob');
  const at = now.toISOString();
  return {
    id,
    request_id: request.id,
    kind: which.kind,
    recipients: JSON.stringify(provider.emails),
    reply_to: replyTo.address,
    message_id: `${deps.ids.id('msg')}@${deps.config.inboundDomain ?? new URL(deps.config.publicUrl).hostname}`,
    ...email,
    idempotency_key: idempotencyKeyOf(request.id, which, id),
    status: 'queued' as const,
    attempts: 0,
    next_attempt_at: at,
    created_at: at,
  };
}

/** A reminder's and a follow-up's key name what they are, so the same one is never queued (or sent) twice. */
function idempotencyKeyOf(requestId: string, which: RequestEmailKind, outboxId: string): string {
  if (which.kind === 'reminder') return `reminder/${requestId}/${which.waitingSince}/${which.number}`;
  if (which.kind === 'follow_up') return `follow-up/${requestId}/${which.answerId}`;
  return `outbox/${outboxId}`;
}

/**
 * Where a reply to the request's emails goes: its own `reply+<key>@INBOUND_DOMAIN` when replies are
 * captured, else MAIL_REPLY_TO as before. A request made before INBOUND_DOMAIN was set has no key until
 * support re-issues its link, and its emails promise nothing about replies till then.
 */
function replyToOf(config: Pick<Config, 'inboundDomain' | 'mailReplyTo'>, replyKey: string | null): { address: string | null; capturesReplies: boolean } {
  if (config.inboundDomain && replyKey) return { address: replyAddress(replyKey, config.inboundDomain), capturesReplies: true };
  return { address: config.mailReplyTo, capturesReplies: false };
}
