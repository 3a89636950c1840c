import { Resend } from 'resend';
import type { Mailer, SendResult } from './mailer.ts';

/**
 * Sends through Resend. The SDK returns `{ data, error, headers }` instead of throwing; this turns that
 * into a decision the outbox can act on. Every attempt carries the email's idempotency key, so a retry
 * after a crash or a timeout cannot deliver twice (Resend remembers keys for 24 hours).
 */
/** A third of the default sender lease (see Config.senderLeaseSeconds). */
const DEFAULT_TIMEOUT_MS = 20_000;
/** When a 429 comes without a usable retry-after (a daily quota, say), wait this long. */
const DEFAULT_RATE_LIMIT_WAIT_S = 60;

export function resendMailer(options: { apiKey: string; baseUrl?: string; timeoutMs?: number }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    name: 'resend',
    async send(email): Promise<SendResult> {
      const { data, error, headers } = await resend.emails.send(
        {
          from: email.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          ...(email.replyTo ? { replyTo: email.replyTo } : {}),
        },
        // Well inside the outbox lease, so a hung call ends before another sender may take the email.
        { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) },
      );
      if (data) return { status: 'sent', messageId: data.id };
      const status = error?.statusCode ?? null;
      const reason = `${error?.name ?? 'error'}${status ? ` (${status})` : ''}: ${error?.message ?? 'no detail'}`;
      // Every 429 is a rate limit, header or not, so it never uses up the email's attempts.
      if (status === 429) return { status: 'retry', error: reason, retryAfterSeconds: retryAfter(headers) ?? DEFAULT_RATE_LIMIT_WAIT_S };
      // No status means the request never got an answer (network); 5xx is Resend's side. Both pass.
      // A 409 for a request still in flight under the same key also settles by itself.
      // 401/403 mean our key or sending domain is misconfigured: hold the mail until an operator fixes
      // it (or the attempts run out) rather than failing every email in the outbox at once.
      if (status === null || status >= 500 || status === 401 || status === 403 || error?.name === 'concurrent_idempotent_requests') {
        return { status: 'retry', error: reason };
      }
      return { status: 'rejected', error: reason };
    },
  };
}

function retryAfter(headers: Record<string, string> | null): number | undefined {
  const value = headers?.['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
