import { Resend } from 'resend';
import { readCappedBytes } from './capped-bytes.ts';
import { rebuildMessage } from './rebuilt-message.ts';

/** A received email fetched from Resend: its bytes (raw, or rebuilt when Resend offers no raw), or why not. */
export type FetchedEmail =
  | { kind: 'fetched'; raw: Uint8Array<ArrayBuffer>; envelopeTo: string[] }
  | { kind: 'too_large' }
  /** Resend did not answer, or not with the message: its side, so the event should come again. */
  | { kind: 'unavailable'; reason: string };

export interface ReceivedMailbox {
  fetch(emailId: string): Promise<FetchedEmail>;
}

/** Inside Svix's wait for our answer (15 s), so a slow Resend becomes a retried event, not a dropped one. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Resend Receiving through the SDK, with the sending side's key and base URL. The raw message is
 * preferred (every header as sent, for the matcher); it is downloaded from the link Resend gives,
 * without our key, and cut off past `maxBytes`.
 */
export function resendReceivedMail(options: { apiKey: string; baseUrl?: string; maxBytes: number; timeoutMs?: number }): ReceivedMailbox {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const apiOrigin = new URL(options.baseUrl ?? 'https://api.resend.com').origin;
  return {
    async fetch(emailId) {
      // One deadline for the metadata and the download together.
      const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      try {
        // cid keeps inline images as references: as data URIs they could make the HTML megabytes long.
        const { data, error } = await resend.emails.receiving.get(emailId, { html_format: 'cid' }, { signal });
        if (!data) return { kind: 'unavailable', reason: `${error?.name ?? 'error'} (${error?.statusCode ?? 'no status'})` };
        const envelopeTo = data.received_for ?? [];
        if (!data.raw?.download_url) return { kind: 'fetched', raw: rebuildMessage(data), envelopeTo };
        const raw = await download(data.raw.download_url, apiOrigin, options.maxBytes, signal);
        return raw.kind === 'read' ? { kind: 'fetched', raw: raw.bytes, envelopeTo } : raw;
      } catch (error) {
        return { kind: 'unavailable', reason: error instanceof Error ? error.name : 'error' };
      }
    },
  };
}

async function download(url: string, apiOrigin: string, maxBytes: number, signal: AbortSignal) {
  const link = new URL(url);
  // Resend's links are https; plain http only to the API's own origin (a local fake in tests).
  if (link.protocol !== 'https:' && link.origin !== apiOrigin) return { kind: 'unavailable' as const, reason: 'raw link is not https' };
  const response = await fetch(link, { signal });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { kind: 'unavailable' as const, reason: `raw download answered ${response.status}` };
  }
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body.cancel();
    return { kind: 'too_large' as const };
  }
  return readCappedBytes(response.body, maxBytes);
}
