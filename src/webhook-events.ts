/**
 * What an app's webhook tells it happened to one of its requests: every event the service sends, the
 * one list the writes that queue a message and the OpenAPI document's `webhooks` both take.
 */
export const WEBHOOK_EVENTS = {
  'cancellation_request.sent': 'The request email reached the mail API; the request is `sent` and waits for the provider',
  'cancellation_request.answered': 'The provider answered; `outcome` says how',
  'cancellation_request.answer_corrected': 'The provider (or support) answered again after an earlier answer; `outcome` is the new one',
  'cancellation_request.delivery_failed': 'The request email could not be delivered to the provider; the request is `delivery_failed`',
  'cancellation_request.expired': 'The provider did not answer in time; the request is `expired`',
  'cancellation_request.opened': 'The provider opened the request in a browser (or answered through it) for the first time; `firstOpenedAt` says when. Sent once; fetches by mail scanners do not count',
  'cancellation_request.follow_up_sent': 'A binding contract was followed up: the provider was asked to confirm the cancellation; `followUpOf` says about which answer',
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];
