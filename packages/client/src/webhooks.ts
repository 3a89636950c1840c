import { Webhook } from 'standardwebhooks';
import type { webhooks } from './openapi.js';

/** Any event a webhook can carry, as the API document describes it: switch on `type`. */
export type WebhookEvent = {
  [Type in keyof webhooks]: NonNullable<webhooks[Type]['post']>['requestBody']['content']['application/json'];
}[keyof webhooks];

export type WebhookEventType = WebhookEvent['type'];

export interface VerifyWebhookInput {
  /** The body exactly as received, before any JSON parsing: the signature covers its bytes. */
  payload: string;
  /** The request's headers (a Headers, or a plain object such as Node's `req.headers`). */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The client's webhook secret (`whsec_…`), shown once by `canceldesk clients create`. */
  secret: string;
}

/**
 * The event a webhook carries, once its Standard Webhooks signature checks out under the secret and it
 * was signed within the last 5 minutes; otherwise an `invalid_signature` error, and nothing to act on.
 */
export function verifyWebhook({ payload, headers, secret }: VerifyWebhookInput): { data: WebhookEvent; error: null } | { data: null; error: WebhookVerificationFailure } {
  try {
    return { data: new Webhook(secret).verify(payload, plainHeaders(headers)) as WebhookEvent, error: null };
  } catch (error) {
    return { data: null, error: { code: 'invalid_signature', message: error instanceof Error ? error.message : String(error) } };
  }
}

export interface WebhookVerificationFailure {
  code: 'invalid_signature';
  message: string;
}

/** What the library reads (it lowercases the names itself): a Headers' entries, or an object's string values. */
function plainHeaders(headers: VerifyWebhookInput['headers']): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers);
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
}
