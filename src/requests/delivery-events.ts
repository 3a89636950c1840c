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
  const about = { emailId: email.id, emailKind: email.kind, requestId: email.request_id };
  const entry = { historyId: `ev_mail_${event.id}`, event: historyEvent, reason: event.reason, at: deps.clock.now().toISOString() };
  const writes =
    historyEvent === 'email_delivered'
      ? [appendHistoryOnce(deps.db, { id: entry.historyId, request_id: about.requestId, at: entry.at, actor: 'mail', event: historyEvent, detail: historyDetail(about, entry) })]
      : undeliveredEmailWrites(deps, about, entry);
  await deps.atomic(writes);
  deps.wakeSender();
  return 'recorded';
}

/** An email of ours that the provider's inbox did not get, however we learnt it (a Resend event, a delivery report). */
export interface UndeliveredEmail {
  emailId: string;
  emailKind: string;
  requestId: string;
}

/**
 * The writes of a bounce, complaint or failure: a request still waiting becomes `delivery_failed`
 * (with the app's webhook), the email keeps the reason for support, and the history says what
 * happened. The history entry's id says which report it was, so the same report twice has one effect:
 * every write but the entry itself waits for the entry to be missing, so it is written last.
 */
export function undeliveredEmailWrites(
  deps: Pick<Deps, 'db' | 'ids'>,
  email: UndeliveredEmail,
  entry: { historyId: string; event: string; reason: string | null; at: string; detail?: Record<string, string> },
): Write[] {
  const firstTime = historyEntryMissing(entry.historyId);
  const problem = `${entry.event.replace('email_', '')}: ${entry.reason ?? 'no detail'}`;
  return [
    noteDeliveryProblem(deps.db, email.emailId, problem, firstTime),
    ...announced(deps.db, moveStatus(deps.db, email.requestId, ['queued', 'sent'], 'delivery_failed', entry.at, firstTime), {
      id: deps.ids.id('msg'),
      event: 'cancellation_request.delivery_failed',
      at: entry.at,
    }),
    appendHistoryOnce(deps.db, { id: entry.historyId, request_id: email.requestId, at: entry.at, actor: 'mail', event: entry.event, detail: historyDetail(email, entry) }),
  ];
}

const historyDetail = (email: UndeliveredEmail, entry: { reason: string | null; detail?: Record<string, string> }): string =>
  JSON.stringify({ email: email.emailId, kind: email.emailKind, ...(entry.reason ? { reason: entry.reason } : {}), ...entry.detail });
