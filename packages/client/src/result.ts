import type { components } from './openapi.js';

/** The codes the API answers errors with, and the two the client adds when there is no API answer to read. */
export type CanceldeskErrorCode = components['schemas']['Error']['error']['code'] | 'network_error' | 'unexpected_response';

export interface CanceldeskError {
  code: CanceldeskErrorCode;
  message: string;
  /** For `invalid_request`: what is wrong with each field, by its path (`customer.email`). */
  fields?: Record<string, string>;
  /** The HTTP status; null when no answer came (`network_error`). */
  status: number | null;
}

/** What every method resolves to, as in Resend's SDK: an API error is a value to check, never a throw. */
export type Result<T> = { data: T; error: null } | { data: null; error: CanceldeskError };

export const ok = <T>(data: T): Result<T> => ({ data, error: null });
export const failed = <T>(error: CanceldeskError): Result<T> => ({ data: null, error });

/** The API's `{ error: { code, message, fields? } }`, or a word on what came back instead. */
export function errorFrom(body: unknown, response: Response): CanceldeskError {
  const error = (body as { error?: Partial<CanceldeskError> } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    return { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), status: response.status };
  }
  return { code: 'unexpected_response', message: `The API answered ${response.status} without an error body`, status: response.status };
}

export const networkError = (cause: unknown): CanceldeskError => ({
  code: 'network_error',
  message: cause instanceof Error ? cause.message : String(cause),
  status: null,
});
