import type { FieldErrors } from './validation.ts';

// The error body every JSON API answers with, below both the routes that write it and the remote
// operator that reads it.

/** Every error an API client can get, as a stable code it can branch on. */
export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'idempotency_conflict',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'busy',
  /** A service we depend on (Resend) did not answer: the same call later may succeed. */
  'upstream_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The message of a 404 for a request id: the remote CLI tells it apart from a missing endpoint by it. */
export const NO_SUCH_REQUEST = 'No cancellation request with this id';
export const NO_SUCH_CLIENT = 'No API client with this id';
export const NO_SUCH_PROVIDER = 'No provider with this id';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors };
}
