import type { CompiledQuery } from 'kysely';
import { DAY_MS } from '../clock.ts';
import { copyFor } from '../copy/index.ts';
import { enqueueEmail } from '../db/outbox.ts';
import type { Guard } from '../db/requests.ts';
import type { RequestRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { replyLink, signReplyToken } from '../links/reply-token.ts';
import { renderCancellationEmail } from '../mail/cancellation-email.ts';
import { customerDetails } from '../providers/identifiers.ts';
import type { Provider } from '../providers/provider.ts';

/**
 * The cancellation email for a request, signed and rendered, as the outbox insert that queues it (only
 * while `onlyIf` holds, when given).
 * Used for the first email and for every re-send, each with its own idempotency key. Signing and
 * rendering are slow, so this runs before the atomic unit that will carry the insert.
 */
export async function composeRequestEmail(
  deps: Pick<Deps, 'db' | 'config' | 'ids'>,
  input: {
    provider: Provider;
    request: Pick<RequestRow, 'id' | 'reference' | 'link_id' | 'created_at'>;
    customer: Record<string, string>;
    now: Date;
  },
  onlyIf?: Guard,
): Promise<{ outboxId: string; write: CompiledQuery }> {
  const { provider, request, customer, now } = input;
  const token = await signReplyToken(deps.config.tokenKeys, {
    requestId: request.id,
    linkId: request.link_id,
    issuedAt: now,
    // The link outlives the reply window by a grace period, so a late answer is still taken.
    expiresAt: new Date(now.getTime() + (provider.replyWindowDays + deps.config.linkGraceDays) * DAY_MS),
  });
  const customerName = [customer.first_name, customer.last_name].filter(Boolean).join(' ') || null;
  const email = await renderCancellationEmail({
    locale: provider.locale,
    providerName: provider.name,
    reference: request.reference,
    requestedOn: request.created_at.slice(0, 10),
    customerName,
    identifiers: customerDetails(provider.identifiers, customer, copyFor(provider.locale).identifierLabels),
    replyUrl: replyLink(deps.config.publicUrl, token),
  });
  const id = deps.ids.id('ob');
  const at = now.toISOString();
  const row = {
    id,
    request_id: request.id,
    kind: 'cancellation_request',
    recipients: provider.emails,
    reply_to: deps.config.mailReplyTo,
    ...email,
    idempotency_key: `outbox/${id}`,
    status: 'queued' as const,
    attempts: 0,
    next_attempt_at: at,
    created_at: at,
  };
  const write = enqueueEmail(deps.db, row, onlyIf);
  return { outboxId: id, write };
}
