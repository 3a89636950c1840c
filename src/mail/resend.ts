import { Resend } from 'resend';
import { bracketed } from './reply-address.ts';
import type { BatchEmail, BatchResult, Mailer, SendResult } from './mailer.ts';

/**
 * Sends through Resend. The SDK returns `{ data, error, headers }` instead of throwing; this turns that
 * into a decision the outbox can act on. Every attempt carries the email's idempotency key, so a retry
 * after a crash or a timeout cannot deliver twice (Resend remembers keys for 24 hours).
 */
/** A third of the default sender lease (see Config.senderLeaseSeconds). */
const DEFAULT_TIMEOUT_MS = 20_000;
/** When a 429 comes without a usable retry-after (a daily quota, say), wait this long. */
const DEFAULT_RATE_LIMIT_WAIT_S = 60;

export function resendMailer(options: { apiKey: string; baseUrl?: string; timeoutMs?: number; batches?: boolean }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  // Well inside the outbox lease, so a hung call ends before another sender may take the email.
  const timeout = () => AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const mailer: Mailer = {
    name: 'resend',
    async send(email): Promise<SendResult> {
      const { data, error, headers } = await resend.emails.send(resendEmail(email), { idempotencyKey: email.idempotencyKey, signal: timeout() });
      return data ? { status: 'sent', messageId: data.id } : failure(error, headers);
    },
    async sendBatch(emails, idempotencyKey): Promise<BatchResult> {
      // Permissive: Resend sends the valid emails and names the invalid ones by index, where strict
      // validation would refuse a whole batch over one bad address.
      const { data, error, headers } = await resend.batch.send(emails.map(resendEmail), {
        idempotencyKey,
        batchValidation: 'permissive',
        signal: timeout(),
      });
      if (!data) return failure(error, headers);
      return perEmail(emails.length, data.data, (data as { errors?: { index: number; message: string }[] }).errors ?? []);
    },
  };
  // Opting out keeps the one-by-one path (tests of per-email behaviour; an account without batch sending).
  if (options.batches === false) delete mailer.sendBatch;
  return mailer;
}

function resendEmail(email: BatchEmail) {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    ...(email.replyTo ? { replyTo: email.replyTo } : {}),
    // Resend sets In-Reply-To, References and Reply-To itself but takes a Message-ID among the custom headers.
    ...(email.messageId ? { headers: { 'Message-ID': bracketed(email.messageId) } } : {}),
  };
}

/**
 * A batch answer mapped back to its emails, in order: the accepted ones' ids come in `data` in batch
 * order, the refused ones by index in `errors`. An answer that does not add up is treated as a failed
 * call: the same batch goes again under the same key, and Resend answers it as before.
 */
function perEmail(count: number, accepted: { id: string }[], refused: { index: number; message: string }[]): BatchResult {
  const reasons = new Map(refused.map((r) => [r.index, r.message]));
  if (accepted.length + reasons.size !== count || [...reasons.keys()].some((i) => i < 0 || i >= count)) {
    return { status: 'retry', error: `batch answer does not match the batch: ${accepted.length} accepted, ${reasons.size} refused of ${count}` };
  }
  let next = 0;
  const results = Array.from({ length: count }, (_, i) =>
    reasons.has(i) ? { status: 'rejected' as const, error: `validation_error: ${reasons.get(i)}` } : { status: 'sent' as const, messageId: accepted[next++]!.id },
  );
  return { status: 'answered', results };
}

/** What a refused call means for the mail in it, one email or a batch alike. */
function failure(error: { statusCode?: number | null; name?: string; message?: string } | null, headers: Record<string, string> | null): Exclude<SendResult, { status: 'sent' }> {
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
}

function retryAfter(headers: Record<string, string> | null): number | undefined {
  const value = headers?.['retry-after'];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
