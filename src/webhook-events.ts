/**
 * What an app's webhook tells it happened to one of its requests: every event the service sends, the
 * one list the writes that queue a message and the OpenAPI document's `webhooks` both take.
 */
export const WEBHOOK_EVENTS = {
  'cancellation_request.sent': 'The request email reached the mail API (or, for a provider that takes no email per request, the request was made and reaches it through its API or inbox); the request is `sent` and waits for the provider',
  'cancellation_request.answered': 'The provider answered; `outcome` says how',
  'cancellation_request.answer_corrected': 'The provider (or support) answered again after an earlier answer; `outcome` is the new one',
  'cancellation_request.delivery_failed': 'The request email could not be delivered to the provider; the request is `delivery_failed`',
  'cancellation_request.expired': 'The provider did not answer in time; the request is `expired`',
  'cancellation_request.opened': 'The provider opened the request in a browser (or answered through it) for the first time; `firstOpenedAt` says when. Sent once; fetches by mail scanners do not count',
  'cancellation_request.follow_up_sent': 'A binding contract was followed up: the provider was asked to confirm the cancellation; `followUpOf` says about which answer',
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

/**
 * What a provider's webhook tells it about one of its requests (issue 16 §3), with `data` the request
 * as the provider API shows it. Separate from the app's: a provider is never told what its app is told.
 */
export const PROVIDER_WEBHOOK_EVENTS = {
  'cancellation_request.created': 'A new cancellation request for you; `data` carries the identifiers, as the provider API shows it',
  'cancellation_request.reminder': 'A request still waits for your answer: sent on your reminder days, when an email reminder would go',
} as const;

export type ProviderWebhookEvent = keyof typeof PROVIDER_WEBHOOK_EVENTS;
export const PROVIDER_WEBHOOK_EVENT_TYPES = Object.keys(PROVIDER_WEBHOOK_EVENTS) as ProviderWebhookEvent[];
