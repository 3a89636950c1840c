import { readCappedBytes } from '../mail/capped-bytes.ts';
import { type Reception, receiveEmail } from './receive.ts';
import { RECEIVED_EMAIL_LIMITS } from './received-email.ts';
import { OVER_SIZE } from './refusals.ts';

/** The part of Cloudflare's ForwardableEmailMessage this door uses (the core knows no Workers types). */
export interface RoutedEmail {
  /** The envelope recipient (RCPT TO): our reply address even when the headers do not show it. */
  readonly to: string;
  readonly raw: ReadableStream<Uint8Array>;
  readonly rawSize: number;
  /** A permanent SMTP refusal, so the sender's server tells the sender. */
  setReject(reason: string): void;
}

/**
 * Cloudflare Email Routing's door: the message streamed in under the size limit (its announced size
 * first, then what actually arrives) and stored like any door's. A message that can never be stored
 * (over-size, empty) is rejected during the SMTP session, so its sender learns it was not delivered.
 */
export async function receiveRoutedEmail(deps: Parameters<typeof receiveEmail>[0], message: RoutedEmail): Promise<Reception> {
  const { maxRawBytes } = RECEIVED_EMAIL_LIMITS;
  const raw = message.rawSize > maxRawBytes ? ({ kind: 'too_large' } as const) : await readCappedBytes(message.raw, maxRawBytes);
  const reception =
    raw.kind === 'too_large' ? OVER_SIZE : await receiveEmail(deps, { raw: raw.bytes, source: 'email_worker', envelopeTo: [message.to] });
  if (reception.kind === 'refused') message.setReject(reception.message);
  return reception;
}
