export { Canceldesk, type CancellationRequest, type CancellationRequestPage, type CanceldeskOptions, type ListOptions, type NewCancellationRequest, type Outcome, type Provider } from './client.js';
export { ChangeFeed, type ChangeFeedOptions } from './change-feed.js';
export type { components, paths, webhooks } from './openapi.js';
export type { CanceldeskError, CanceldeskErrorCode, Result } from './result.js';
export type { RetryPolicy } from './retrying-fetch.js';
export { verifyWebhook, type VerifyWebhookInput, type WebhookEvent, type WebhookEventType, type WebhookVerificationFailure } from './webhooks.js';
