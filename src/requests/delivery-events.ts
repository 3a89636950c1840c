import type { Write } from '../db/atomic.ts';
import { findOutboxBySentId, noteDeliveryProblem } from '../db/outbox.ts';
import { appendHistoryOnce, historyEntryMissing, moveStatus } from '../db/requests.ts';
import { announced } from '../db/webhook-messages.ts';
import type { Deps } from '../deps.ts';

/** A delivery event from the mail provider, already verified (see the route). */
export interface DeliveryEvent {
  /** The event's own id (Resend's `svix-id`): the same on every retry of the same event. */
  id: string;
  type: string;
  /** The mail provider's id of the email the event is about. */
  emailId: string;
  /** What went wrong, for a bounce, a complaint or a failure. */
  reason: string | null;
}

/** Events that mean the provider's inbox will not get this email: the request cannot be answered from it. */
const UNDELIVERABLE: Record<string, string> = {
  'email.bounced': 'email_bounced',
  'email.complained': 'email_complained',
  'email.failed': 'email_failed',
};

export type DeliveryEventResult = 'recorded' | 'ignored';

/**
 * Records what happened to an email after the mail API took it. A bounce, a spam complaint or a
 * permanent failure makes a request still waiting `delivery_failed` (an answered one stays answered);
 * a delivery is a history entry. The history entry's id comes from the event's id, so the same event
 * delivered twice has one effect.
 */
export async function recordDeliveryEvent(deps: Pick<Deps, 'db' | 'atomic' | 'ids' | 'clock' | 'wakeSender'>, event: DeliveryEvent): Promise<DeliveryEventResult> {
  const historyEvent = event.type === 'email.delivered' ? 'email_delivered' : UNDELIVERABLE[event.type];
  if (!historyEvent) return 'ignored';
  const email = await findOutboxBySentId(deps.db, event.emailId);
  if (!email?.request_id) return 'ignored';
  const requestId = email.request_id;
  const at = deps.clock.now().toISOString();
  const historyId = `ev_mail_${event.id}`;
  const detail = JSON.stringify({ email: email.id, kind: email.kind, ...(event.reason ? { reason: event.reason } : {}) });
  // Every write but the entry itself waits for the entry to be missing, so it is written last.
  const firstTime = historyEntryMissing(historyId);
  const writes: Write[] = [
    ...(historyEvent === 'email_delivered'
      ? []
      : [
          noteDeliveryProblem(deps.db, email.id, `${historyEvent.replace('email_', '')}: ${event.reason ?? 'no detail'}`, firstTime),
          ...announced(deps.db, moveStatus(deps.db, requestId, ['queued', 'sent'], 'delivery_failed', at, firstTime), {
            id: deps.ids.id('msg'),
            event: 'cancellation_request.delivery_failed',
            at,
          }),
        ]),
    appendHistoryOnce(deps.db, { id: historyId, request_id: requestId, at, actor: 'mail', event: historyEvent, detail }),
  ];
  await deps.atomic(writes);
  deps.wakeSender();
  return 'recorded';
}
